// PLACEHOLDER until its owner writes it (logs branch work in progress; must not reach main as is).
import type { LogRecord } from '../store.ts';
import type { LogTable } from './target.ts';

export async function appendLogs(_table: LogTable, _records: readonly LogRecord[]): Promise<void> {
  throw new Error('appendLogs: not written yet');
}
