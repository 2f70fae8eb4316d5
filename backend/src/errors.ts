// Domain errors: what went wrong in terms of the problem, not of HTTP. Domain modules throw these; the HTTP
// layer (http/errors.ts) maps each kind to a status once, and the query dispatcher to a per-refId error.

export type DomainErrorKind = 'invalid' | 'not_found' | 'conflict' | 'timeout' | 'unavailable';

export abstract class DomainError extends Error {
  abstract readonly kind: DomainErrorKind;

  /** @param code a stable machine-readable reason, e.g. `queue_not_found`, `job_not_failed`. */
  constructor(
    readonly code: string,
    message: string
  ) {
    super(message);
    this.name = new.target.name;
  }
}

/** Input the caller can fix; `parameter` names the query-string or body field (or query field) when known. */
export class InvalidInputError extends DomainError {
  readonly kind = 'invalid';

  constructor(
    message: string,
    readonly parameter?: string,
    code = parameter === undefined ? 'invalid_request' : 'invalid_parameter'
  ) {
    super(code, message);
  }
}

export class NotFoundError extends DomainError {
  readonly kind = 'not_found';
}

/** The request is valid but the current state forbids it (e.g. retrying a job that has not failed). */
export class ConflictError extends DomainError {
  readonly kind = 'conflict';
}

/** The work took longer than its budget and was stopped; a narrower request may succeed. */
export class TimeoutError extends DomainError {
  readonly kind = 'timeout';
}

/** A dependency (Redis, PostgreSQL, a probe target) cannot be reached right now. */
export class UnavailableError extends DomainError {
  readonly kind = 'unavailable';
}

/**
 * Runs `work`, naming `parameter` in any InvalidInputError it throws without one (e.g. a search parser's syntax
 * error becomes "invalid parameter q: …" on the REST API and "search: …" in a query).
 */
export function forParameter<T>(parameter: string, work: () => T): T {
  try {
    return work();
  } catch (error) {
    if (error instanceof InvalidInputError && error.parameter === undefined) {
      throw new InvalidInputError(error.message, parameter);
    }
    throw error;
  }
}
