// The failures demo workers raise. Real Error subclasses so BullMQ stores stack traces and logs carry error_type.
import { UnrecoverableError } from 'bullmq';

/** A 4xx SMTP reply (421 service unavailable, 450 mailbox busy, greylisting): retried with backoff. */
export class SmtpTemporaryError extends Error {
  constructor(
    message: string,
    readonly responseCode?: number,
    options?: { cause?: unknown }
  ) {
    super(message, options);
    this.name = 'SmtpTemporaryError';
  }
}

/** A step took longer than its budget (SMTP greeting, remote API): retried with backoff. */
export class JobTimeoutError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'JobTimeoutError';
  }
}

/** A 5xx reply for the recipient (user unknown): retrying cannot help, so BullMQ fails the job at once. */
export class HardBounceError extends UnrecoverableError {
  constructor(
    message: string,
    readonly responseCode?: number,
    options?: { cause?: unknown }
  ) {
    super(message);
    if (options?.cause !== undefined) {
      (this as { cause?: unknown }).cause = options.cause;
    }
    this.name = 'HardBounceError';
  }
}

/** Anything else the SMTP server rejected permanently but not for the recipient (554 on connect, policy). */
export class SmtpPermanentError extends Error {
  constructor(
    message: string,
    readonly responseCode?: number,
    options?: { cause?: unknown }
  ) {
    super(message, options);
    this.name = 'SmtpPermanentError';
  }
}

interface NodemailerErrorShape {
  message?: string;
  code?: string;
  responseCode?: number;
  response?: string;
  command?: string;
}

/**
 * Maps a nodemailer send error to one of the demo failures. Recipient 5xx -> hard bounce (no retry);
 * 4xx -> temporary; timeouts -> JobTimeoutError; a server refusing the connection (421/554 greeting,
 * ECONNREFUSED) is a platform-side outage, so it is retried too.
 */
export function classifySmtpError(error: unknown): Error {
  const e = (error ?? {}) as NodemailerErrorShape;
  const reply = e.response ?? e.message ?? String(error);
  const code = e.responseCode;
  if (e.code === 'ETIMEDOUT') {
    return new JobTimeoutError(`SMTP timeout: ${e.message ?? reply}`, { cause: error });
  }
  if (code !== undefined && code >= 500) {
    const recipientStage = e.command === 'RCPT TO' || e.code === 'EENVELOPE';
    if (recipientStage) {
      return new HardBounceError(`hard bounce: ${reply}`, code, { cause: error });
    }
    if (e.command === 'CONN' || e.command === 'GREETING') {
      return new SmtpTemporaryError(`SMTP server refused connection: ${reply}`, code, { cause: error });
    }
    return new SmtpPermanentError(`SMTP rejected message: ${reply}`, code, { cause: error });
  }
  if (code !== undefined && code >= 400) {
    return new SmtpTemporaryError(`SMTP temporary failure: ${reply}`, code, { cause: error });
  }
  return new SmtpTemporaryError(`SMTP delivery failed: ${e.code ? `${e.code} ` : ''}${reply}`, code, { cause: error });
}
