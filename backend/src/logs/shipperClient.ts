// The HTTP side of log shipping (`sysmon ingest`, the demo's log sink): POSTs NDJSON batches to the service's
// /api/logs/ingest and resolves only once the service acknowledged them (committed). Retries what a later attempt
// can fix — 429 and 503 (after Retry-After), other 5xx, network errors — with capped exponential backoff, until
// the batch is acknowledged or the signal aborts; splits a batch the service finds too large (413) in half; gives
// up (ShipperError) only on what retrying cannot fix (401, 403, other 4xx).
import { gzipSync } from 'node:zlib';
import type { IngestResult } from '@penguinmails/sysmon-contract';

export const INGEST_PATH = '/api/logs/ingest';

export class ShipperError extends Error {
  constructor(
    message: string,
    readonly status?: number
  ) {
    super(message);
    this.name = 'ShipperError';
  }
}

export interface IngestClientOptions {
  /** The service's base URL, e.g. http://127.0.0.1:3001. */
  url: string;
  /** SYSMON_INGEST_TOKEN. */
  token: string;
  /** Service of lines that name none (X-Sysmon-Service). */
  service?: string;
  /** gzip request bodies. */
  gzip?: boolean;
  /** Backoff between retries: starts here, doubles, capped at maxRetryDelayMs (Retry-After wins when given). */
  minRetryDelayMs?: number;
  maxRetryDelayMs?: number;
  /** Abort: stop retrying (the batch is not acknowledged). */
  signal?: AbortSignal;
  /**
   * One POST that has not been answered within this is abandoned and retried (default 30 s), so a request the
   * network lost never stalls shipping; the service may have stored it, so the retry can duplicate (at least once).
   */
  requestTimeoutMs?: number;
  /** Told about every failed attempt that will be retried. */
  onRetry?: (info: { status?: number; error?: string; delayMs: number; attempt: number }) => void;
}

export interface IngestClient {
  /** Sends the lines; resolves with the service's answer once they are committed (summed over splits). */
  send(lines: readonly string[]): Promise<IngestResult>;
}

const RETRYABLE = new Set([408, 425, 429, 500, 502, 503, 504]);

function retryAfterMs(header: string | null): number | undefined {
  if (header === null) {
    return undefined;
  }
  const seconds = Number(header);
  if (Number.isFinite(seconds) && seconds >= 0) {
    return seconds * 1_000;
  }
  const at = Date.parse(header);
  return Number.isFinite(at) ? Math.max(0, at - Date.now()) : undefined;
}

function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) {
      reject(signal.reason);
      return;
    }
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal!.reason);
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

const sum = (a: IngestResult, b: IngestResult, offset: number): IngestResult => ({
  accepted: a.accepted + b.accepted,
  truncated: a.truncated + b.truncated,
  rejected: a.rejected + b.rejected,
  rejects: [...a.rejects, ...b.rejects.map((reject) => ({ ...reject, line: reject.line + offset }))],
  ...(a.rejectsOmitted || b.rejectsOmitted
    ? { rejectsOmitted: (a.rejectsOmitted ?? 0) + (b.rejectsOmitted ?? 0) }
    : {}),
});

export function createIngestClient(options: IngestClientOptions): IngestClient {
  const endpoint = new URL(INGEST_PATH, options.url.endsWith('/') ? options.url : `${options.url}/`);
  const minDelay = options.minRetryDelayMs ?? 250;
  const maxDelay = options.maxRetryDelayMs ?? 30_000;
  const headers: Record<string, string> = {
    Authorization: `Bearer ${options.token}`,
    'Content-Type': 'application/x-ndjson',
    ...(options.gzip ? { 'Content-Encoding': 'gzip' } : {}),
    ...(options.service ? { 'X-Sysmon-Service': options.service } : {}),
  };

  async function post(lines: readonly string[]): Promise<IngestResult | 'too_large'> {
    const text = `${lines.join('\n')}\n`;
    const body = options.gzip ? gzipSync(text) : text;
    for (let attempt = 1; ; attempt += 1) {
      let status: number | undefined;
      let error: string | undefined;
      let wait: number | undefined;
      try {
        const timeout = AbortSignal.timeout(options.requestTimeoutMs ?? 30_000);
        const signal = options.signal ? AbortSignal.any([options.signal, timeout]) : timeout;
        const res = await fetch(endpoint, { method: 'POST', headers, body, signal });
        if (res.ok) {
          return (await res.json()) as IngestResult;
        }
        status = res.status;
        const detail = await res.text().catch(() => '');
        if (status === 413) {
          return 'too_large';
        }
        if (!RETRYABLE.has(status)) {
          throw new ShipperError(`the service refused the batch: HTTP ${status} ${detail.slice(0, 500)}`, status);
        }
        wait = retryAfterMs(res.headers.get('retry-after'));
      } catch (caught) {
        if (caught instanceof ShipperError || options.signal?.aborted) {
          throw caught;
        }
        if (status === undefined) {
          error = (caught as Error).cause ? String((caught as { cause: unknown }).cause) : (caught as Error).message;
        }
      }
      const backoff = Math.min(maxDelay, minDelay * 2 ** Math.min(attempt - 1, 20));
      const delayMs = Math.min(maxDelay, wait ?? backoff * (0.5 + Math.random() / 2));
      options.onRetry?.({ status, error, delayMs, attempt });
      await sleep(delayMs, options.signal);
    }
  }

  async function send(lines: readonly string[]): Promise<IngestResult> {
    const answer = await post(lines);
    if (answer !== 'too_large') {
      return answer;
    }
    if (lines.length <= 1) {
      throw new ShipperError('the service refused a single line as too large (413): raise logs.maxBodyBytes', 413);
    }
    const half = Math.ceil(lines.length / 2);
    const first = await send(lines.slice(0, half));
    return sum(first, await send(lines.slice(half)), half);
  }

  return { send };
}
