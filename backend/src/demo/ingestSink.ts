// Ships the demo's log records straight to the service's ingest endpoint (POST /api/logs/ingest): buffered,
// sent in batches (by count or every flushMs), one batch in flight, retried on 429/503 and network errors by the
// shipper's client. The buffer is bounded: when the service is away longer than the buffer lasts, the oldest
// records are dropped and the next batch says how many (the workload itself never waits on logging).
import { createIngestClient, type IngestClient } from '../logs/shipperClient.ts';
import type { LogRecord, LogSink } from './logging.ts';

export interface IngestSinkOptions {
  /** The service's base URL. */
  url: string;
  token: string;
  batchSize?: number;
  flushMs?: number;
  maxBuffered?: number;
  /** How long flush() on shutdown keeps trying before it gives up on what is left. */
  shutdownTimeoutMs?: number;
  /** Told about failed attempts (the demo prints them to stderr). */
  onError?: (message: string) => void;
}

export interface IngestSink extends LogSink {
  /** Sends what is buffered (gives up after shutdownTimeoutMs). */
  flush(): Promise<void>;
  /** Records acknowledged by the service so far. */
  shipped(): number;
  dropped(): number;
}

export function createIngestSink(options: IngestSinkOptions): IngestSink {
  const batchSize = options.batchSize ?? 500;
  const flushMs = options.flushMs ?? 500;
  const maxBuffered = options.maxBuffered ?? 50_000;
  const stopping = new AbortController();
  let reported = 0;
  const client: IngestClient = createIngestClient({
    url: options.url,
    token: options.token,
    maxRetryDelayMs: 10_000,
    // The demo's lines are a stream of small batches: one stuck POST must not hold every later line back.
    requestTimeoutMs: 5_000,
    signal: stopping.signal,
    onRetry: ({ status, error, delayMs, attempt }) => {
      // One line per outage, not per attempt.
      if (attempt === 1 || attempt - reported >= 10) {
        reported = attempt;
        options.onError?.(
          `log shipping to ${options.url} failed (${status ? `HTTP ${status}` : error}); retrying in ${Math.round(delayMs)} ms`
        );
      }
    },
  });

  let buffer: string[] = [];
  let droppedCount = 0;
  let droppedUnreported = 0;
  let shippedCount = 0;
  let inFlight: Promise<void> | undefined;
  let timer: NodeJS.Timeout | undefined;

  const drain = async (): Promise<void> => {
    try {
      while (buffer.length > 0) {
        const batch = buffer.splice(0, batchSize);
        if (droppedUnreported > 0) {
          batch.push(
            JSON.stringify({
              ts: new Date().toISOString(),
              level: 'warn',
              service: 'demo',
              message: `log shipping buffer full: ${droppedUnreported} older records dropped`,
              dropped: droppedUnreported,
            })
          );
          droppedUnreported = 0;
        }
        await client.send(batch);
        shippedCount += batch.length;
      }
    } catch (error) {
      if (!stopping.signal.aborted) {
        options.onError?.(`log shipping stopped: ${(error as Error).message}`);
      }
    }
  };

  // One drain at a time. `inFlight` is cleared in a .finally callback, which always runs after this assignment:
  // clearing it inside drain() would run synchronously when the buffer is empty, before the assignment, and leave
  // a settled promise in `inFlight` for good (nothing shipped again, and flush() spun on it).
  const sendNext = (): Promise<void> => {
    if (!inFlight && buffer.length > 0) {
      inFlight = drain().finally(() => {
        inFlight = undefined;
      });
    }
    return inFlight ?? Promise.resolve();
  };

  const schedule = () => {
    timer ??= setTimeout(() => {
      timer = undefined;
      void sendNext();
    }, flushMs);
    timer.unref();
  };

  return {
    write(record: LogRecord) {
      buffer.push(JSON.stringify(record));
      if (buffer.length > maxBuffered) {
        const over = buffer.length - maxBuffered;
        buffer.splice(0, over);
        droppedCount += over;
        droppedUnreported += over;
      }
      if (buffer.length >= batchSize && !inFlight) {
        void sendNext();
      } else {
        schedule();
      }
    },
    async flush() {
      clearTimeout(timer);
      timer = undefined;
      const deadline = setTimeout(() => stopping.abort(new Error('shutdown')), options.shutdownTimeoutMs ?? 5_000);
      try {
        while (buffer.length > 0 || inFlight) {
          await sendNext();
          if (stopping.signal.aborted) {
            break;
          }
        }
      } finally {
        clearTimeout(deadline);
      }
    },
    shipped: () => shippedCount,
    dropped: () => droppedCount,
  };
}
