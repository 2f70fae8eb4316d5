// PLACEHOLDER until its owner writes it (logs branch work in progress; must not reach main as is).
import type { LogTable } from './target.ts';

export async function logValues(
  _table: LogTable,
  _variable: 'service' | 'level',
  _range: { from: Date; to: Date }
): Promise<string[]> {
  throw new Error('logValues: not written yet');
}
