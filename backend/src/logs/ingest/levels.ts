// Level names and numbers as Node loggers (pino, bunyan, winston), syslog and OpenTelemetry write them, mapped to
// the store's levels (contract LOG_LEVELS). Anything else is `unknown`, never a guess.
import type { LogLevel } from '@penguinmails/sysmon-contract';

const NAMES: Record<string, LogLevel> = {
  trace: 'trace',
  silly: 'trace', // winston
  finest: 'trace',
  debug: 'debug',
  dbg: 'debug',
  verbose: 'debug', // winston
  fine: 'debug',
  info: 'info',
  information: 'info',
  informational: 'info',
  notice: 'info', // syslog
  http: 'info', // winston
  log: 'info',
  warn: 'warn',
  warning: 'warn',
  error: 'error',
  err: 'error',
  fatal: 'fatal',
  critical: 'fatal',
  crit: 'fatal',
  alert: 'fatal',
  emerg: 'fatal',
  emergency: 'fatal',
  panic: 'fatal',
};

/**
 * pino and bunyan numbers: 10 trace, 20 debug, 30 info, 40 warn, 50 error, 60 fatal (custom levels in between
 * round down to the decade below).
 */
function fromNumber(value: number): LogLevel {
  if (!Number.isFinite(value) || value < 10) {
    return 'unknown';
  }
  if (value >= 60) {
    return 'fatal';
  }
  return (['trace', 'debug', 'info', 'warn', 'error'] as const)[Math.floor(value / 10) - 1]!;
}

/** A logger's level field (name, number or numeric string) as a store level. */
export function levelFrom(value: unknown): LogLevel {
  if (typeof value === 'number') {
    return fromNumber(value);
  }
  if (typeof value !== 'string') {
    return 'unknown';
  }
  const name = NAMES[value.trim().toLowerCase()];
  if (name) {
    return name;
  }
  return /^\d+$/.test(value.trim()) ? fromNumber(Number(value)) : 'unknown';
}

/** True when `levelFrom` knows this value (so a label can be preferred over a line's unknown one). */
export function isKnownLevel(value: unknown): boolean {
  return levelFrom(value) !== 'unknown';
}

/**
 * OpenTelemetry SeverityNumber: 1–4 TRACE, 5–8 DEBUG, 9–12 INFO, 13–16 WARN, 17–20 ERROR, 21–24 FATAL; 0 or
 * absent is unspecified, and then SeverityText decides.
 */
export function levelFromOtlp(severityNumber: unknown, severityText: unknown): LogLevel {
  const number = typeof severityNumber === 'string' ? Number(severityNumber) : severityNumber;
  if (typeof number === 'number' && Number.isInteger(number) && number >= 1 && number <= 24) {
    return (['trace', 'debug', 'info', 'warn', 'error', 'fatal'] as const)[Math.floor((number - 1) / 4)]!;
  }
  return levelFrom(severityText);
}
