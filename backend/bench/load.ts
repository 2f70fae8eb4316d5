// HTTP load: `pollers` closed-loop clients (each sends its next GET as soon as the previous answer arrived, so
// `pollers` requests are always in flight) for a fixed time, over keep-alive connections; and sequential calls.
import http from 'node:http';
import { summarize, type LatencySummary } from './stats.ts';

export interface HttpResult {
  status: number;
  bytes: number;
  ms: number;
}

export function httpRequest(
  agent: http.Agent,
  url: string,
  options: { method?: string; headers?: Record<string, string>; body?: unknown; timeoutMs?: number } = {}
): Promise<HttpResult> {
  const started = performance.now();
  const payload = options.body === undefined ? undefined : JSON.stringify(options.body);
  return new Promise((resolve, reject) => {
    const req = http.request(
      url,
      {
        agent,
        method: options.method ?? 'GET',
        headers: {
          ...options.headers,
          ...(payload === undefined ? {} : { 'content-type': 'application/json' }),
        },
        timeout: options.timeoutMs ?? 120_000,
      },
      (res) => {
        let bytes = 0;
        res.on('data', (chunk: Buffer) => {
          bytes += chunk.length;
        });
        res.on('end', () => resolve({ status: res.statusCode ?? 0, bytes, ms: performance.now() - started }));
        res.on('error', reject);
      }
    );
    req.on('timeout', () => req.destroy(new Error(`timeout after ${options.timeoutMs ?? 120_000} ms: ${url}`)));
    req.on('error', reject);
    req.end(payload);
  });
}

export interface LoadResult {
  latency: LatencySummary;
  /** Requests answered 2xx. */
  ok: number;
  /** Non-2xx answers and transport errors. */
  errors: number;
  firstError?: string;
  elapsedMs: number;
  requestsPerSecond: number;
  meanBytes: number;
}

/** `pollers` closed-loop GET clients for `durationMs`; requests in flight at the deadline are awaited and counted. */
export async function pollConcurrently(
  url: string,
  headers: Record<string, string>,
  pollers: number,
  durationMs: number
): Promise<LoadResult> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: pollers });
  const latencies: number[] = [];
  let errors = 0;
  let bytes = 0;
  let firstError: string | undefined;
  const started = performance.now();
  const deadline = started + durationMs;
  const poller = async () => {
    while (performance.now() < deadline) {
      try {
        const result = await httpRequest(agent, url, { headers });
        if (result.status >= 200 && result.status < 300) {
          latencies.push(result.ms);
          bytes += result.bytes;
        } else {
          errors += 1;
          firstError ??= `HTTP ${result.status}`;
        }
      } catch (error) {
        errors += 1;
        firstError ??= (error as Error).message;
      }
    }
  };
  await Promise.all(Array.from({ length: pollers }, poller));
  const elapsedMs = performance.now() - started;
  agent.destroy();
  return {
    latency: summarize(latencies),
    ok: latencies.length,
    errors,
    firstError,
    elapsedMs,
    requestsPerSecond: (latencies.length * 1000) / elapsedMs,
    meanBytes: latencies.length > 0 ? bytes / latencies.length : 0,
  };
}
