// Request parameters for the handlers: one validator for query strings and JSON bodies (400 `invalid_parameter`,
// message `invalid parameter <name>: <problem>`, details `[{ parameter }]`), its field helpers, and path parameters.
import type { Request } from 'express';
import { z } from 'zod';
import { HttpError } from './errors.ts';

/** A string of `min` (default 0) to `max` characters. */
export const text = (max: number, min = 0) =>
  z
    .string()
    .min(min, { message: min === 1 ? 'expected a non-empty value' : `expected at least ${min} characters` })
    .max(max, { message: `expected at most ${max} characters` });

/** A queue name or key prefix: 1 to 256 characters. */
export const nameParam = () => text(256, 1);

/** A query-string whole number from `min` to `max`. */
export const integer = (min: number, max: number) =>
  z
    .string()
    .regex(/^\d+$/, { message: 'expected a whole number' })
    .transform(Number)
    .refine((value) => value >= min && value <= max, { message: `expected a number from ${min} to ${max}` });

/** A 400 `invalid_parameter` naming one parameter (query-string or body field). */
export function invalidParameter(parameter: string, problem: string): HttpError {
  return new HttpError(400, 'invalid_parameter', `invalid parameter ${parameter}: ${problem}`, [{ parameter }]);
}

function parseWith<T>(schema: z.ZodType<T>, value: unknown, source: 'query' | 'body'): T {
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

/** Validates query-string parameters; 400 `invalid_parameter` naming each bad one. */
export function parseQueryParams<T>(schema: z.ZodType<T>, query: unknown): T {
  return parseWith(schema, query, 'query');
}

/** Validates a JSON body (use z.strictObject to refuse unknown fields); 400 `invalid_parameter` naming each field. */
export function parseBody<T>(schema: z.ZodType<T>, body: unknown): T {
  return parseWith(schema, body, 'body');
}

/** A path parameter (`:queue`, `:id`, `:tier`) as a string. */
export const pathParam = (req: Request, name: string): string => String(req.params[name] ?? '');
