// Request parameters for the handlers: one query-string validator (400 `invalid_parameter`) and the path parameters.
import type { Request } from 'express';
import { z } from 'zod';
import { HttpError } from './errors.ts';

/** A query-string value of at most `max` characters. */
export const text = (max: number) => z.string().max(max);

/** A query-string whole number from `min` to `max`. */
export const integer = (min: number, max: number) =>
  z
    .string()
    .regex(/^\d+$/, { message: 'expected a whole number' })
    .transform(Number)
    .refine((value) => value >= min && value <= max, { message: `expected a number from ${min} to ${max}` });

/** Validates query-string parameters; 400 `invalid_parameter` naming each bad one. */
export function parseQueryParams<T>(schema: z.ZodType<T>, query: unknown): T {
  const result = schema.safeParse(query ?? {});
  if (!result.success) {
    const problems = result.error.issues.map((issue) => `${issue.path.join('.') || 'query'}: ${issue.message}`);
    throw new HttpError(400, 'invalid_parameter', `invalid parameter ${problems.join('; ')}`);
  }
  return result.data;
}

/** A path parameter (`:queue`, `:id`, `:tier`) as a string. */
export const pathParam = (req: Request, name: string): string => String(req.params[name] ?? '');
