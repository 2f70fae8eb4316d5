// Bounded in-flight ingest: at most `maxRequests` requests at once and `maxBytes` of (decompressed) body held by
// them, so a burst of shippers queues at their side (429 + Retry-After, which Vector, Fluent Bit, Alloy, the OTel
// Collector and `sysmon ingest` all retry) instead of in our memory or in front of PostgreSQL.
import { OverloadedError } from '../../errors.ts';

export interface IngestBudgetOptions {
  maxRequests: number;
  /** Must be at least one request's largest body, or a lone big request could never pass. */
  maxBytes: number;
  /** Retry-After of a refusal, seconds. */
  retryAfterSeconds?: number;
}

export interface IngestTicket {
  /** Charges bytes of body to the budget; throws OverloadedError when they do not fit. */
  reserve(bytes: number): void;
  release(): void;
}

export interface IngestBudget {
  /** Admits a request; throws OverloadedError when `maxRequests` are in flight. */
  admit(): IngestTicket;
  inFlight(): { requests: number; bytes: number };
}

export function createIngestBudget(options: IngestBudgetOptions): IngestBudget {
  const retryAfter = options.retryAfterSeconds ?? 1;
  let requests = 0;
  let bytes = 0;
  return {
    admit() {
      if (requests >= options.maxRequests) {
        throw new OverloadedError(
          'ingest_overloaded',
          `${requests} ingest requests are in flight (the limit); retry after ${retryAfter} s`,
          retryAfter
        );
      }
      requests += 1;
      let held = 0;
      let released = false;
      return {
        reserve(more) {
          if (bytes + more > options.maxBytes) {
            throw new OverloadedError(
              'ingest_overloaded',
              `ingest requests in flight hold ${bytes} bytes; ${more} more would pass the limit of ${options.maxBytes}; retry after ${retryAfter} s`,
              retryAfter
            );
          }
          bytes += more;
          held += more;
        },
        release() {
          if (!released) {
            released = true;
            requests -= 1;
            bytes -= held;
          }
        },
      };
    },
    inFlight: () => ({ requests, bytes }),
  };
}
