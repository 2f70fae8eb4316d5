// `sysmon ingest`: ships structured log lines (stdin or a file, optionally followed) to the service in batches
// bounded by lines, bytes and time. One batch is in flight at a time and the next is only started once the
// service acknowledged it (committed), so the offset reported after each batch never passes an unacknowledged
// line: delivery is at-least-once — after a crash or restart, the lines of the batch in flight are sent again.
import type { IngestResult } from '@penguinmails/sysmon-contract';
import type { IngestClient } from './shipperClient.ts';
import type { SourceLine } from './shipperSource.ts';

export const DEFAULT_BATCH_LINES = 1_000;
export const DEFAULT_BATCH_BYTES = 1024 * 1024;
export const DEFAULT_FLUSH_MS = 1_000;

export interface AcknowledgedBatch {
  lines: number;
  result: IngestResult;
  /** Where the last line of the batch (empty lines included) ended, for file sources. */
  position?: SourceLine['position'];
}

export interface ShipOptions {
  client: IngestClient;
  source: AsyncIterable<SourceLine>;
  batchLines?: number;
  batchBytes?: number;
  /** A batch that is not full is sent this long after its first line. */
  flushMs?: number;
  /** After each acknowledged batch (e.g. write the offset state): awaited before the next batch is read on. */
  onAcknowledged?: (batch: AcknowledgedBatch) => Promise<void> | void;
}

export interface ShipSummary {
  lines: number;
  batches: number;
  accepted: number;
  rejected: number;
  truncated: number;
}

const FLUSH = Symbol('flush');

export async function ship(options: ShipOptions): Promise<ShipSummary> {
  const batchLines = options.batchLines ?? DEFAULT_BATCH_LINES;
  const batchBytes = options.batchBytes ?? DEFAULT_BATCH_BYTES;
  const flushMs = options.flushMs ?? DEFAULT_FLUSH_MS;
  const summary: ShipSummary = { lines: 0, batches: 0, accepted: 0, rejected: 0, truncated: 0 };

  let texts: string[] = [];
  let bytes = 0;
  let position: SourceLine['position'];
  let positionMoved = false;
  let firstLineAt = 0;

  const flush = async () => {
    if (texts.length === 0 && !positionMoved) {
      return;
    }
    const lines = texts;
    texts = [];
    bytes = 0;
    positionMoved = false;
    const result: IngestResult =
      lines.length > 0 ? await options.client.send(lines) : { accepted: 0, truncated: 0, rejected: 0, rejects: [] };
    summary.lines += lines.length;
    summary.batches += lines.length > 0 ? 1 : 0;
    summary.accepted += result.accepted;
    summary.rejected += result.rejected;
    summary.truncated += result.truncated;
    await options.onAcknowledged?.({ lines: lines.length, result, position });
  };

  const iterator = options.source[Symbol.asyncIterator]();
  let next = iterator.next();
  let timer: NodeJS.Timeout | undefined;
  try {
    for (;;) {
      let step: IteratorResult<SourceLine> | typeof FLUSH;
      if (texts.length === 0) {
        step = await next;
      } else {
        const wait = Math.max(0, firstLineAt + flushMs - Date.now());
        step = await Promise.race([
          next,
          new Promise<typeof FLUSH>((resolve) => {
            timer = setTimeout(() => resolve(FLUSH), wait);
          }),
        ]);
        clearTimeout(timer);
      }
      if (step === FLUSH) {
        await flush();
        continue;
      }
      if (step.done) {
        await flush();
        return summary;
      }
      next = iterator.next();
      const line = step.value;
      const empty = line.text.trim().length === 0;
      const size = Buffer.byteLength(line.text) + 1;
      if (!empty && texts.length > 0 && bytes + size > batchBytes) {
        await flush(); // before this line's position counts as reached
      }
      if (line.position) {
        position = line.position;
        positionMoved = true;
      }
      if (empty) {
        continue;
      }
      if (texts.length === 0) {
        firstLineAt = Date.now();
      }
      texts.push(line.text);
      bytes += size;
      if (texts.length >= batchLines || bytes >= batchBytes) {
        await flush();
      }
    }
  } finally {
    clearTimeout(timer);
    await iterator.return?.(undefined);
  }
}
