// PLACEHOLDER until its owner writes it (logs branch work in progress; must not reach main as is).
import type { LogLine } from '@penguinmails/sysmon-contract';
import type { LogContextRequest } from '../store.ts';
import type { LogTable } from './target.ts';

export async function logContext(_table: LogTable, _request: LogContextRequest): Promise<LogLine[]> {
  throw new Error('logContext: not written yet');
}
