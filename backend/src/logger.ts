// Structured JSON logs on stdout (pino), in the same line shape as the platform's own logs (ts, level, service,
// message, request_id) so the service's logs can be searched beside them. Credentials are redacted wherever they
// could appear.
import { pino, type DestinationStream, type Logger, type LoggerOptions } from 'pino';

export type { Logger };

const REDACT_PATHS = [
  'req.headers.authorization',
  'req.headers.cookie',
  'req.headers["x-api-key"]',
  'res.headers["set-cookie"]',
  'headers.authorization',
  'headers.cookie',
  'token',
  '*.token',
  'tokens',
  '*.tokens',
  'password',
  '*.password',
  'apiToken',
  '*.apiToken',
  'operatorToken',
  '*.operatorToken',
];

const LEVELS = new Set(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']);

/** @param destination where lines go (default stdout); tests capture them to check what is never logged. */
export function createLogger(
  level = 'info',
  bindings: Record<string, unknown> = {},
  destination?: DestinationStream
): Logger {
  const options: LoggerOptions = {
    level: LEVELS.has(level) ? level : 'info',
    base: { service: 'sysmon', ...bindings },
    messageKey: 'message',
    timestamp: () => `,"ts":"${new Date().toISOString()}"`,
    formatters: { level: (label) => ({ level: label }) },
    redact: { paths: REDACT_PATHS, censor: '[redacted]' },
  };
  return destination ? pino(options, destination) : pino(options);
}

/** Process-wide logger for code that has no injected one (CLI, demo). */
export const logger: Logger = createLogger(process.env.LOG_LEVEL);
