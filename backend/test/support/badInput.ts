// The bad-input suite's machinery: what a generated case is, how it is sent (raw node:http, so malformed paths and
// bytes reach the service as written), and the oracle that judges the answer.
//
// The oracle: never a 5xx; a 4xx carries {"error":{"message"}} naming the problem (one of the case's `names`); a 2xx
// only for input that is valid (`expect.valid`). For POST /api/query cases the per-refId result is judged the same
// way: an error there is a 4xx (400 for a query the schema refuses) naming the field, and no other refId fails 5xx.
import http from 'node:http';

export interface Expectation {
  /** True when the input is acceptable as it is: a 2xx is then right (a 4xx naming the problem still is too). */
  valid: boolean;
  /** A 4xx's message (or the refId's error) must contain one of these (case-insensitive). */
  names: readonly string[];
  /** POST /api/query: the refId whose result is judged. */
  refId?: string;
  /** The one status that is right (e.g. 413 for a decompression bomb). */
  status?: number;
}

export interface BadCase {
  /** What is attacked, e.g. `query logs.before`, `route GET /api/jobs/search ?q`, `ingest loki`. */
  target: string;
  method: string;
  /** The request target exactly as sent (already percent-encoded, or deliberately malformed). */
  path: string;
  headers: Record<string, string>;
  body?: string | Buffer;
  expect: Expectation;
}

export interface Answer {
  status: number;
  text: string;
}

/** Sends one case over `agent`; a transport error is an answer with status 0 and the error's message. */
export function send(agent: http.Agent, base: URL, testCase: BadCase, timeoutMs = 30_000): Promise<Answer> {
  return new Promise((resolve) => {
    const body =
      testCase.body === undefined
        ? undefined
        : typeof testCase.body === 'string'
          ? Buffer.from(testCase.body, 'utf8')
          : testCase.body;
    const request = http.request(
      {
        agent,
        host: base.hostname,
        port: base.port,
        method: testCase.method,
        path: testCase.path,
        headers: { ...testCase.headers, ...(body ? { 'content-length': String(body.length) } : {}) },
        timeout: timeoutMs,
      },
      (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('end', () =>
          resolve({ status: response.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8') })
        );
        response.on('error', (error) => resolve({ status: 0, text: `response error: ${error.message}` }));
      }
    );
    request.on('timeout', () => request.destroy(new Error(`no answer within ${timeoutMs} ms`)));
    request.on('error', (error) => resolve({ status: 0, text: `request error: ${error.message}` }));
    request.end(body);
  });
}

const names = (message: string, expected: readonly string[]) =>
  expected.some((name) => message.toLowerCase().includes(name.toLowerCase()));

function parse(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** The smallest request-body limit of the service under test (express's `1mb`; the suite's ingest limit). */
export const BODY_LIMIT_BYTES = 1024 * 1024;

const bodyBytes = (testCase: BadCase) =>
  testCase.body === undefined ? 0 : Buffer.byteLength(testCase.body as string | Buffer);

/** What is wrong with the answer to a case (undefined: nothing). */
export function judge(testCase: BadCase, answer: Answer): string | undefined {
  const { status } = answer;
  const { valid, refId } = testCase.expect;
  const expected = testCase.expect.names;
  if (status === 0) {
    return answer.text;
  }
  if (testCase.expect.status !== undefined && status !== testCase.expect.status) {
    return `HTTP ${status}, not ${testCase.expect.status}: ${answer.text.slice(0, 300)}`;
  }
  if (status >= 500) {
    return `HTTP ${status}: ${answer.text.slice(0, 300)}`;
  }
  // Node's HTTP parser refuses a request line or headers over its limit before any handler: the status names it.
  if (status === 431 || status === 414) {
    return undefined;
  }
  const body = parse(answer.text);
  if (status >= 400 && status < 500) {
    const error = isRecord(body) && isRecord(body.error) ? body.error : undefined;
    const message = typeof error?.message === 'string' ? error.message : undefined;
    if (message === undefined) {
      return `HTTP ${status} without an error message: ${answer.text.slice(0, 200)}`;
    }
    if (status === 413 && bodyBytes(testCase) > BODY_LIMIT_BYTES && names(message, ['larger than the limit'])) {
      // A generated value made the whole body larger than the limit: its size is then the problem to name.
      return undefined;
    }
    if (!names(message, expected)) {
      return `HTTP ${status} whose message names none of ${JSON.stringify(expected)}: ${message.slice(0, 300)}`;
    }
    return undefined;
  }
  if (status < 200 || status >= 300) {
    return `unexpected HTTP ${status}`;
  }
  if (refId === undefined) {
    return valid ? undefined : `HTTP ${status} for invalid input: ${answer.text.slice(0, 200)}`;
  }
  // POST /api/query: judge the refId's result, and check that no other refId failed with a 5xx.
  const results = isRecord(body) && isRecord(body.results) ? body.results : undefined;
  if (!results) {
    return `HTTP ${status} without results: ${answer.text.slice(0, 200)}`;
  }
  for (const [id, result] of Object.entries(results)) {
    const resultStatus = isRecord(result) ? result.status : undefined;
    if (typeof resultStatus === 'number' && resultStatus >= 500) {
      return `refId ${id} failed with ${resultStatus}: ${String(isRecord(result) ? result.error : '').slice(0, 300)}`;
    }
  }
  const result = results[refId];
  if (!isRecord(result)) {
    return `no result for refId ${refId}`;
  }
  if (result.error === undefined) {
    return valid ? undefined : `refId ${refId}: invalid query answered without an error`;
  }
  const error = String(result.error);
  if (typeof result.status !== 'number' || result.status < 400 || result.status >= 500) {
    return `refId ${refId}: error with status ${String(result.status)}: ${error.slice(0, 300)}`;
  }
  if (!valid && result.status !== 400) {
    return `refId ${refId}: invalid query answered ${result.status}, not 400: ${error.slice(0, 300)}`;
  }
  if (!names(error, expected)) {
    return `refId ${refId}: error names none of ${JSON.stringify(expected)}: ${error.slice(0, 300)}`;
  }
  return undefined;
}

export interface Failure {
  index: number;
  testCase: BadCase;
  problem: string;
}

/** Runs every case with at most `concurrency` in flight; the failures, in case order. */
export async function runCases(
  cases: readonly BadCase[],
  base: URL,
  options: { concurrency: number; onProgress?: (done: number) => void }
): Promise<{ failures: Failure[]; statuses: Map<number, number> }> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: options.concurrency });
  const failures: Failure[] = [];
  const statuses = new Map<number, number>();
  let next = 0;
  let done = 0;
  const worker = async () => {
    while (next < cases.length) {
      const index = next;
      next += 1;
      const testCase = cases[index]!;
      const answer = await send(agent, base, testCase);
      statuses.set(answer.status, (statuses.get(answer.status) ?? 0) + 1);
      const problem = judge(testCase, answer);
      if (problem !== undefined) {
        failures.push({ index, testCase, problem });
      }
      done += 1;
      if (done % 1_000 === 0) {
        options.onProgress?.(done);
      }
    }
  };
  await Promise.all(Array.from({ length: options.concurrency }, worker));
  agent.destroy();
  failures.sort((a, b) => a.index - b.index);
  return { failures, statuses };
}

/** One failure as a line a person can reproduce from (bodies and paths shortened). */
export function describeFailure({ index, testCase, problem }: Failure): string {
  const short = (text: string, max = 160) => (text.length > max ? `${text.slice(0, max)}…(${text.length})` : text);
  const body =
    testCase.body === undefined
      ? ''
      : ` body=${short(typeof testCase.body === 'string' ? JSON.stringify(testCase.body) : `<${testCase.body.length} bytes>`)}`;
  return `#${index} [${testCase.target}] ${testCase.method} ${short(testCase.path)}${body}\n    → ${problem}`;
}
