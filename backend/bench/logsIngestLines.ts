// The benchmark's log lines: what the platform and Node loggers really write, in a fixed mix — the platform's
// own lines (ts, level, service, message, request_id, job fields), pino lines (numeric level, epoch ms, msg,
// hostname, pid; one in 20 an error with a stack), and a few plain-text lines. Deterministic for a seed.

const SERVICES = ['producer', 'worker-email', 'worker-warmup', 'worker-analytics', 'smtp-sink', 'api'];
const QUEUES = ['email-sending', 'warmup-processing', 'analytics-aggregation'];
const STACK = [
  'SmtpError: 421 4.7.0 Try again later',
  '    at SMTPConnection._formatError (node_modules/nodemailer/lib/smtp-connection/index.js:798:19)',
  '    at SMTPConnection._actionRCPT (node_modules/nodemailer/lib/smtp-connection/index.js:1683:28)',
  '    at SMTPConnection.<anonymous> (node_modules/nodemailer/lib/smtp-connection/index.js:1636:30)',
  '    at process.processTicksAndRejections (node:internal/process/task_queues:95:5)',
].join('\n');

/** A small deterministic PRNG (mulberry32). */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

/** `count` lines in the shapes real loggers write, timed at random within the `spreadMs` before `now`. */
export function benchLines(count: number, seed = 1, now = Date.now(), spreadMs = 3_600_000): string[] {
  const next = random(seed);
  const pick = <T>(items: readonly T[]) => items[Math.floor(next() * items.length)]!;
  const lines: string[] = [];
  for (let i = 0; i < count; i += 1) {
    const at = now - Math.floor(next() * spreadMs);
    const requestId = `req-${Math.floor(next() * 1e12).toString(36)}-${i.toString(36)}`;
    const kind = next();
    if (kind < 0.6) {
      const failed = next() < 0.05;
      lines.push(
        JSON.stringify({
          ts: new Date(at).toISOString(),
          level: failed ? 'error' : pick(['info', 'info', 'info', 'debug', 'warn']),
          service: pick(SERVICES),
          message: failed
            ? 'job failed: 421 4.7.0 Try again later'
            : pick(['job enqueued', 'job completed', 'smtp sink accepted message']),
          request_id: requestId,
          job_id: String(100_000 + i),
          queue: pick(QUEUES),
          attempts: 1 + Math.floor(next() * 3),
          duration_ms: Math.floor(next() * 2_000),
          ...(failed ? { error_type: 'SmtpError', error_message: '421 4.7.0 Try again later', stack: STACK } : {}),
        })
      );
    } else if (kind < 0.95) {
      const failed = next() < 0.05;
      lines.push(
        JSON.stringify({
          level: failed ? 50 : pick([30, 30, 30, 20, 40]),
          time: at,
          pid: 4242,
          hostname: 'app-1',
          name: 'api',
          reqId: requestId,
          req: { method: pick(['GET', 'POST']), url: `/api/campaigns/${Math.floor(next() * 1_000)}` },
          res: { statusCode: failed ? 500 : 200 },
          responseTime: Math.floor(next() * 300),
          ...(failed ? { err: { type: 'SmtpError', message: '421 4.7.0 Try again later', stack: STACK } } : {}),
          msg: failed ? 'request errored' : 'request completed',
        })
      );
    } else {
      lines.push(
        `${new Date(at).toISOString()} nginx: 10.0.0.${Math.floor(next() * 255)} "GET /healthz HTTP/1.1" 200 2`
      );
    }
  }
  return lines;
}
