// Domain errors: what went wrong in terms of the problem, not of HTTP. Domain modules throw these; the HTTP
// layer (http/errors.ts) maps each kind to a status once, and the query dispatcher to a per-refId error.

export type DomainErrorKind =
  | 'invalid'
  | 'not_found'
  | 'conflict'
  | 'timeout'
  | 'unavailable'
  | 'overloaded'
  | 'too_large'
  | 'unsupported_media_type';

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

  /** @param retryAfterSeconds when a client may try again (sent as Retry-After), if the caller can say. */
  constructor(
    code: string,
    message: string,
    readonly retryAfterSeconds?: number
  ) {
    super(code, message);
  }
}

/** Too much work is in flight to take this request now (e.g. the ingest byte budget); retry after a pause. */
export class OverloadedError extends DomainError {
  readonly kind = 'overloaded';

  constructor(
    code: string,
    message: string,
    readonly retryAfterSeconds = 1
  ) {
    super(code, message);
  }
}

/** The input is larger than a configured limit (a request body, a decompressed body). */
export class TooLargeError extends DomainError {
  readonly kind = 'too_large';
}

/** The input is in a format or encoding this operation does not read (e.g. OTLP protobuf where only JSON is read). */
export class UnsupportedFormatError extends DomainError {
  readonly kind = 'unsupported_media_type';
}

/** Seconds after which a refused request may be retried, when the error says (Retry-After). */
export function retryAfterOf(error: DomainError): number | undefined {
  return error instanceof UnavailableError || error instanceof OverloadedError ? error.retryAfterSeconds : undefined;
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
