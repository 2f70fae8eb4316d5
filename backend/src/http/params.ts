// Request parameters: one validator for query strings and JSON bodies (400 `invalid_parameter`, message
// `invalid parameter <name>: <problem>`, details `[{ parameter }]`) and the field helpers routes declare them with.
import { z } from 'zod';
import { HttpError } from './errors.ts';

/** A string of `min` (default 0) to `max` characters, without NUL (PostgreSQL cannot store it in text). */
export const text = (max: number, min = 0) =>
  z
    .string()
    .min(min, { message: min === 1 ? 'expected a non-empty value' : `expected at least ${min} characters` })
    .max(max, { message: `expected at most ${max} characters` })
    .refine((value) => !value.includes('\u0000'), { message: 'must not contain NUL characters' });

/** An ISO 8601 time with offset, between 1970 and 9999 (what PostgreSQL and Grafana agree on). */
export const isoTimeParam = () =>
  z.iso.datetime({ offset: true }).refine((value) => {
    const ms = Date.parse(value);
    return ms >= 0 && ms < Date.UTC(10_000, 0, 1);
  }, 'expected a time between 1970 and 9999');

/** A queue name or key prefix: 1 to 256 characters. */
export const nameParam = () => text(256, 1);

/** A query-string whole number from `min` to `max`. */
export const integer = (min: number, max: number) =>
  z
    .string()
    .regex(/^\d+$/, { message: 'expected a whole number' })
    .transform(Number)
    .refine((value) => value >= min && value <= max, { message: `expected a number from ${min} to ${max}` });

/** A blank value counts as absent (Grafana and form fields send `param=`); others are trimmed. */
const blankAsAbsent = (value: unknown) =>
  typeof value === 'string' ? (value.trim() === '' ? undefined : value.trim()) : value;

/** An optional query-string parameter where `param=` (blank) means "not given". */
export const optionalParam = <T extends z.ZodType>(schema: T) => z.preprocess(blankAsAbsent, schema.optional());

/** ISO 8601 or epoch milliseconds (what Grafana's range gives). */
export const timeParam = () =>
  z.string().transform((value, ctx) => {
    const ms = /^\d{1,15}$/.test(value)
      ? Number(value)
      : /^\d{4}-\d{2}-\d{2}T/.test(value)
        ? Date.parse(value)
        : Number.NaN;
    if (Number.isNaN(ms) || ms < 0 || ms >= Date.UTC(10_000, 0, 1)) {
      ctx.addIssue({
        code: 'custom',
        message: 'expected an ISO 8601 time (e.g. 2026-01-31T12:00:00Z) or epoch milliseconds, 1970 to 9999',
      });
      return z.NEVER;
    }
    return new Date(ms);
  });

/** Validates query-string parameters or a JSON body; 400 `invalid_parameter` naming each bad one. */
export function parseParams<T>(schema: z.ZodType<T>, value: unknown, source: 'query' | 'body'): T {
  if (value === undefined && source === 'body') {
    // express.json leaves the body unset unless the request says it sends JSON.
    throw new HttpError(
      400,
      'invalid_parameter',
      'invalid parameter body: expected a JSON object (Content-Type: application/json)',
      [{ parameter: 'body' }]
    );
  }
  const result = schema.safeParse(value ?? {});
  if (result.success) {
    return result.data;
  }
  const problems = result.error.issues.map((issue) =>
    issue.code === 'unrecognized_keys'
      ? { parameter: issue.keys.join(', '), problem: source === 'body' ? 'unknown field' : 'unknown parameter' }
      : { parameter: issue.path.map(String).join('.') || source, problem: issue.message }
  );
  throw new HttpError(
    400,
    'invalid_parameter',
    `invalid parameter ${problems.map(({ parameter, problem }) => `${parameter}: ${problem}`).join('; ')}`,
    problems.map(({ parameter }) => ({ parameter }))
  );
}

/** A 400 `invalid_parameter` naming one parameter (query-string or body field). */
export function invalidParameter(parameter: string, problem: string): HttpError {
  return new HttpError(400, 'invalid_parameter', `invalid parameter ${parameter}: ${problem}`, [{ parameter }]);
}
