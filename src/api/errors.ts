import type { ServiceErrorBody } from '@penguinmails/sysmon-contract';

/** An HTTP failure reduced to what a user needs: the status and a readable sentence. */
export class ServiceRequestError extends Error {
  readonly status: number;
  readonly code?: string;

  constructor(message: string, status: number, code?: string) {
    super(message);
    this.name = 'ServiceRequestError';
    this.status = status;
    this.code = code;
  }
}

interface ErrorLike {
  status?: unknown;
  statusText?: unknown;
  data?: unknown;
  message?: unknown;
}

function isServiceErrorBody(data: unknown): data is ServiceErrorBody {
  const error = (data as ServiceErrorBody | undefined)?.error;
  return typeof error === 'object' && error !== null && typeof error.message === 'string';
}

/** The message inside a response body: the service's error.message, or Grafana's own { message }. */
function bodyMessage(data: unknown): string | undefined {
  if (isServiceErrorBody(data)) {
    return data.error.message;
  }
  if (typeof data === 'object' && data !== null) {
    const { message, error } = data as { message?: unknown; error?: unknown };
    if (typeof message === 'string' && message) {
      return message;
    }
    if (typeof error === 'string' && error) {
      return error;
    }
  }
  if (typeof data === 'string' && data.trim() && !data.trim().startsWith('<')) {
    return data.trim();
  }
  return undefined;
}

/**
 * Turns anything a failed request throws (Grafana FetchError, Error, string) into a ServiceRequestError
 * whose message reads like "HTTP 403 Forbidden: token lacks the operator scope".
 * status 0 means the request never got an HTTP answer.
 */
export function toServiceRequestError(err: unknown): ServiceRequestError {
  if (err instanceof ServiceRequestError) {
    return err;
  }
  if (typeof err === 'object' && err !== null) {
    const e = err as ErrorLike;
    const status = typeof e.status === 'number' ? e.status : 0;
    const code = isServiceErrorBody(e.data) ? e.data.error.code : undefined;
    const detail = bodyMessage(e.data) ?? (typeof e.message === 'string' && e.message ? e.message : undefined);
    if (status > 0) {
      const statusText = typeof e.statusText === 'string' && e.statusText ? ` ${e.statusText}` : '';
      return new ServiceRequestError(`HTTP ${status}${statusText}${detail ? `: ${detail}` : ''}`, status, code);
    }
    return new ServiceRequestError(detail ?? 'The request failed without a response', 0, code);
  }
  if (typeof err === 'string' && err) {
    return new ServiceRequestError(err, 0);
  }
  return new ServiceRequestError('The request failed for an unknown reason', 0);
}

/** Readable text of any request failure. */
export function errorMessage(err: unknown): string {
  return toServiceRequestError(err).message;
}
