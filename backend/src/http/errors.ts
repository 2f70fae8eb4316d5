// One error shape for every response: {"error":{"code","message","details"?}}. Internals are logged, never sent.
// Domain errors (../errors.ts) are mapped to statuses here, once; HttpError is for the HTTP layer's own refusals
// (auth, unknown routes, bodies).
import type { ErrorRequestHandler, RequestHandler, Response } from 'express';
import { isDataException, isPostgresUnavailable, postgresUnavailable } from '../db/pool.ts';
import { DomainError, InvalidInputError, retryAfterOf, type DomainErrorKind } from '../errors.ts';

export class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details?: unknown[],
    /** Sent as Retry-After (seconds): when a 429 or 503 may be retried. */
    readonly retryAfterSeconds?: number
  ) {
    super(message);
    this.name = 'HttpError';
  }
}

const STATUS: Record<DomainErrorKind, number> = {
  invalid: 400,
  not_found: 404,
  conflict: 409,
  timeout: 503,
  unavailable: 503,
  overloaded: 429,
  too_large: 413,
  unsupported_media_type: 415,
};

/** The HTTP status of a domain error. */
export function statusOf(error: DomainError): number {
  return STATUS[error.kind];
}

/** A domain error as an HTTP error; invalid input naming a parameter reads "invalid parameter <name>: <problem>". */
export function toHttpError(error: DomainError): HttpError {
  if (error instanceof InvalidInputError && error.parameter !== undefined) {
    return new HttpError(400, error.code, `invalid parameter ${error.parameter}: ${error.message}`, [
      { parameter: error.parameter },
    ]);
  }
  return new HttpError(statusOf(error), error.code, error.message, undefined, retryAfterOf(error));
}

export function sendError(res: Response, error: HttpError): void {
  if (error.status === 413) {
    // The rest of the refused body is not read: end the connection after the answer rather than drain it.
    res.setHeader('Connection', 'close');
  }
  if (error.retryAfterSeconds !== undefined) {
    res.setHeader('Retry-After', String(Math.max(0, Math.ceil(error.retryAfterSeconds))));
  }
  res.status(error.status).json({
    error: { code: error.code, message: error.message, ...(error.details ? { details: error.details } : {}) },
  });
}

/** A zlib error (gzip, deflate: `Z_DATA_ERROR`…; brotli: `ERR__ERROR_FORMAT_…`) from decompressing a body. */
const isDecompressionError = (code: unknown) =>
  typeof code === 'string' && (code.startsWith('Z_') || code.startsWith('ERR__') || code.startsWith('ERR_ZSTD'));

/** body-parser errors carry a `type`; map them to clear client errors. */
function fromBodyParser(
  error: { type?: unknown; status?: unknown; limit?: unknown; code?: unknown; message?: unknown },
  bodyLimit: string,
  contentEncoding: string | undefined
): HttpError | undefined {
  if (isDecompressionError(error.code)) {
    // zlib's own words ("incorrect header check", "Decompression failed") do not say which body or encoding.
    return new HttpError(
      400,
      'invalid_compressed_body',
      `request body is not valid ${contentEncoding ?? 'compressed'} data (Content-Encoding): ${String(error.message)}`
    );
  }
  switch (error.type) {
    case 'entity.parse.failed':
      return new HttpError(400, 'invalid_json', 'request body is not valid JSON');
    case 'entity.too.large':
      return new HttpError(413, 'payload_too_large', `request body is larger than the limit of ${bodyLimit}`);
    case 'encoding.unsupported':
    case 'charset.unsupported':
      return new HttpError(415, 'unsupported_media_type', 'request body encoding or charset is not supported');
    case 'request.aborted':
      return new HttpError(400, 'request_aborted', 'request body was not received completely');
    default:
      return undefined;
  }
}

/** A PostgreSQL data exception (class 22) as the 400 it is: the message names the bad value's problem. */
export function invalidInput(error: unknown): HttpError {
  return new HttpError(400, 'invalid_input', `invalid input: ${(error as Error).message}`);
}

/**
 * Errors express and its parsers raise for a bad request with a 4xx `status` (e.g. a path parameter that is not
 * valid percent-encoding, a body whose Content-Encoding does not match it): that status, their message.
 */
function fromClientError(error: { status?: unknown; statusCode?: unknown; message?: unknown }): HttpError | undefined {
  const status = typeof error.status === 'number' ? error.status : error.statusCode;
  if (typeof status !== 'number' || status < 400 || status > 499) {
    return undefined;
  }
  return new HttpError(status, 'bad_request', typeof error.message === 'string' ? error.message : `HTTP ${status}`);
}

export function notFoundHandler(allowedMethods: (path: string) => string[]): RequestHandler {
  return (req, res) => {
    const allowed = allowedMethods(req.path);
    if (allowed.length > 0) {
      res.setHeader('Allow', allowed.join(', '));
      sendError(
        res,
        new HttpError(
          405,
          'method_not_allowed',
          `${req.method} is not allowed on ${req.path}; use ${allowed.join(' or ')}`
        )
      );
      return;
    }
    sendError(res, new HttpError(404, 'not_found', `no route for ${req.method} ${req.path}`));
  };
}

export function errorHandler(bodyLimit: string): ErrorRequestHandler {
  return (error: unknown, req, res, next) => {
    if (res.headersSent) {
      next(error);
      return;
    }
    let httpError: HttpError | undefined;
    if (error instanceof HttpError) {
      httpError = error;
    } else if (error instanceof DomainError) {
      httpError = toHttpError(error);
    } else if (isDataException(error)) {
      httpError = invalidInput(error);
    } else if (isPostgresUnavailable(error)) {
      httpError = toHttpError(postgresUnavailable(error));
    } else if (error && typeof error === 'object') {
      const encoding = req.headers['content-encoding']?.trim().toLowerCase();
      httpError = fromBodyParser(error as { type?: unknown }, bodyLimit, encoding) ?? fromClientError(error);
    }
    if (!httpError) {
      req.log?.error({ err: error }, 'unhandled error');
      httpError = new HttpError(500, 'internal_error', `internal server error (request id ${req.id ?? 'unknown'})`);
    }
    sendError(res, httpError);
  };
}
