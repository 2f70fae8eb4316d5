// PLACEHOLDER until its owner writes it (logs branch work in progress; must not reach main as is).
import type { LogVolumeBucket, LogVolumeRequest } from '../store.ts';
import type { LogTable } from './target.ts';

export async function logVolume(_table: LogTable, _request: LogVolumeRequest): Promise<LogVolumeBucket[]> {
  throw new Error('logVolume: not written yet');
}
