// The SMTP probe, like Prometheus blackbox_exporter's SMTP module: resolve, connect, read the 220 banner, EHLO,
// STARTTLS when offered (unless `starttls: off`), the TLS handshake over the same socket with the certificate's
// trust and expiry, EHLO again over TLS, QUIT — each a timed step, with the server's reply text on any failure.
//
// Why a dialogue of our own rather than nodemailer's SMTPConnection: its connect() runs greeting, EHLO and STARTTLS
// as one opaque operation (no time per step, the banner's latency cannot be told apart from EHLO's), verifies the
// certificate itself or not at all (we need the handshake to succeed with an untrusted or expired certificate so we
// can say which), and keeps a 4xx greeting only as an error message. Probing needs ~150 lines of SMTP, not delivery.
//
// Outcomes:
//   hard     connection refused/reset/unreachable (`connect_failed`), nothing within the budget (`timeout`: no
//            connection, "no 220 banner within 5 s", no reply to EHLO…), the server closing mid-dialogue
//            (`connection_closed`), a 5xx reply (`smtp_reply_5xx`), a malformed or unexpected reply
//            (`smtp_protocol`), a failed TLS handshake (`tls_failed`), an expired certificate (`cert_expired`).
//   soft     the banner slower than `thresholds.latencyMs` (`slow_banner`), a 4xx reply such as
//            "421 4.7.0 Too many connections" (`smtp_reply_4xx`), STARTTLS not offered with `starttls: required`
//            (`starttls_missing`), a certificate expiring within `certExpiryDays` (`cert_expiring`) or not trusted by
//            the system's CAs plus `caFile` (`cert_untrusted`, with the reason, e.g. DEPTH_ZERO_SELF_SIGNED_CERT).
//   unknown  the host's name does not resolve (`dns_failure`), `caFile` unreadable (`not_configured`).
// Headline latency: the banner (connection established -> complete 220 reply, multi-line banners included).
// Facts: banner, extensions, tls, tlsProtocol, certSubject, certIssuer, certExpires, certDaysLeft, certTrusted.
import { once } from 'node:events';
import { readFile } from 'node:fs/promises';
import { connect as netConnect, isIP, type Socket } from 'node:net';
import { performance } from 'node:perf_hooks';
import { StringDecoder } from 'node:string_decoder';
import { connect as tlsConnect, rootCertificates, type TLSSocket } from 'node:tls';
import type { SmtpProbeConfig } from '../probeConfig.ts';
import { CheckBuilder, errorText, formatDuration, type ProbeRunner } from './check.ts';
import {
  BudgetSpent,
  clip,
  connectProblem,
  errorCode,
  hostPort,
  isBudgetSpent,
  ProbeFailure,
  recordFailure,
  resolveHost,
} from './support.ts';

const DAY_MS = 86_400_000;
/** A reply longer than this (all lines) is not SMTP. */
const MAX_REPLY_BYTES = 64 * 1024;

export interface SmtpReply {
  code: number;
  /** The text of each line without its code, e.g. ["mx.example.com", "PIPELINING", "STARTTLS"]. */
  lines: string[];
}

/** "421 4.7.0 Too many connections": the code and the lines' text, as findings quote a reply. */
export function replyText(reply: SmtpReply): string {
  return clip(`${reply.code} ${reply.lines.join(' ')}`.trim());
}

/** EHLO keywords (upper case) from a 250 reply: the lines after the greeting's first. */
export function ehloExtensions(reply: SmtpReply): string[] {
  return reply.lines
    .slice(1)
    .map((line) => line.split(' ')[0]!.toUpperCase())
    .filter(Boolean);
}

/** Reads SMTP replies (RFC 5321 4.2: "250-…" continues, "250 …" ends) from the socket it is attached to. */
class ReplyReader {
  private decoder = new StringDecoder('utf8');
  private buffer = '';
  private pending: SmtpReply | null = null;
  private readonly replies: SmtpReply[] = [];
  private failure: Error | null = null;
  private waiter: { resolve: (reply: SmtpReply) => void; reject: (error: Error) => void } | null = null;
  private stream: Socket | null = null;

  private readonly onData = (chunk: Buffer) => {
    this.buffer += this.decoder.write(chunk);
    let newline: number;
    while ((newline = this.buffer.indexOf('\n')) >= 0) {
      const line = this.buffer.slice(0, newline).replace(/\r$/, '');
      this.buffer = this.buffer.slice(newline + 1);
      this.line(line);
    }
    if (this.buffer.length > MAX_REPLY_BYTES) {
      this.fail(new ProbeFailure('smtp_protocol', 'hard', 'the server sent a line longer than 64 KiB'));
    }
  };
  private readonly onEnd = () => this.fail(new ConnectionClosed());
  private readonly onError = (error: Error) => this.fail(error);

  attach(stream: Socket): void {
    this.stream = stream;
    stream.on('data', this.onData);
    stream.on('end', this.onEnd);
    stream.on('close', this.onEnd);
    stream.on('error', this.onError);
  }

  /** Stops reading (before the socket is handed to TLS); what was not read yet is dropped (RFC 3207 5). */
  detach(): void {
    const stream = this.stream;
    if (stream) {
      stream.off('data', this.onData);
      stream.off('end', this.onEnd);
      stream.off('close', this.onEnd);
      stream.off('error', this.onError);
    }
    this.stream = null;
    this.decoder = new StringDecoder('utf8');
    this.buffer = '';
    this.pending = null;
    this.replies.length = 0;
  }

  write(line: string): void {
    this.stream?.write(`${line}\r\n`);
  }

  /** The next complete reply; rejects when the connection closes or fails first, or when the budget runs out. */
  read(signal: AbortSignal): Promise<SmtpReply> {
    const ready = this.replies.shift();
    if (ready) {
      return Promise.resolve(ready);
    }
    if (this.failure) {
      return Promise.reject(this.failure);
    }
    if (signal.aborted) {
      return Promise.reject(new BudgetSpent());
    }
    return new Promise<SmtpReply>((resolve, reject) => {
      const onAbort = () => {
        this.waiter = null;
        reject(new BudgetSpent());
      };
      signal.addEventListener('abort', onAbort, { once: true });
      this.waiter = {
        resolve: (reply) => {
          signal.removeEventListener('abort', onAbort);
          resolve(reply);
        },
        reject: (error) => {
          signal.removeEventListener('abort', onAbort);
          reject(error);
        },
      };
    });
  }

  private line(line: string): void {
    const match = /^(\d{3})(?:([ -])(.*))?$/.exec(line);
    if (!match || (this.pending && Number(match[1]) !== this.pending.code)) {
      this.fail(new ProbeFailure('smtp_protocol', 'hard', `not an SMTP reply: ${clip(JSON.stringify(line), 120)}`));
      return;
    }
    const reply = this.pending ?? { code: Number(match[1]), lines: [] };
    reply.lines.push((match[3] ?? '').trim());
    if (match[2] === '-') {
      this.pending = reply;
      return;
    }
    this.pending = null;
    const waiter = this.waiter;
    if (waiter) {
      this.waiter = null;
      waiter.resolve(reply);
    } else {
      this.replies.push(reply);
    }
  }

  private fail(error: Error): void {
    if (this.failure) {
      return;
    }
    this.failure = error;
    const waiter = this.waiter;
    this.waiter = null;
    waiter?.reject(error);
  }
}

class ConnectionClosed extends Error {
  constructor() {
    super('the server closed the connection');
    this.name = 'ConnectionClosed';
  }
}

/** What a reply's class means for the check: 4xx soft, 5xx hard, anything but `expected` a protocol error. */
function replyProblem(reply: SmtpReply, expected: number, after: string): ProbeFailure | null {
  if (reply.code === expected) {
    return null;
  }
  if (reply.code >= 400 && reply.code < 500) {
    return new ProbeFailure('smtp_reply_4xx', 'soft', replyText(reply));
  }
  if (reply.code >= 500 && reply.code < 600) {
    return new ProbeFailure('smtp_reply_5xx', 'hard', replyText(reply));
  }
  return new ProbeFailure('smtp_protocol', 'hard', `unexpected reply ${after}: ${replyText(reply)}`);
}

/** How a failed wait for a reply reads: "no 220 banner within 5 s", "connection closed after STARTTLS"… */
function waitProblem(error: unknown, waitingFor: string, budgetMs: number): ProbeFailure {
  if (error instanceof ProbeFailure) {
    return error;
  }
  if (isBudgetSpent(error)) {
    return new ProbeFailure('timeout', 'hard', `no ${waitingFor} within ${formatDuration(budgetMs)}`);
  }
  if (error instanceof ConnectionClosed) {
    return new ProbeFailure('connection_closed', 'hard', `the server closed the connection before the ${waitingFor}`);
  }
  const code = errorCode(error);
  return new ProbeFailure(
    'connection_closed',
    'hard',
    `connection lost while waiting for the ${waitingFor} (${code ?? clip(errorText(error))})`
  );
}

async function readCaFile(path: string): Promise<string[]> {
  try {
    return [...rootCertificates, await readFile(path, 'utf8')];
  } catch (error) {
    throw new ProbeFailure(
      'not_configured',
      'unknown',
      `caFile ${path} is not readable (${errorCode(error) ?? clip(errorText(error))})`
    );
  }
}

function certDate(date: Date): string {
  return date.toISOString().slice(0, 10);
}

/** The certificate's problems: expired (hard), expiring within `expiryDays` (soft), not trusted (soft). */
function certificateProblems(check: CheckBuilder, secure: TLSSocket, expiryDays: number, now = Date.now()): void {
  const cert = secure.getPeerCertificate();
  check.fact('tlsProtocol', secure.getProtocol());
  check.fact('certTrusted', secure.authorized);
  if (!cert || !cert.valid_to) {
    check.problem('cert_untrusted', 'soft', 'the server presented no certificate');
    return;
  }
  const validTo = new Date(cert.valid_to);
  const msLeft = validTo.getTime() - now;
  // Whole days left (negative: days since it expired), as "expires in 3 days" / "expired 3 days ago" say.
  const daysLeft = Math.trunc(msLeft / DAY_MS) || 0;
  check.fact('certSubject', typeof cert.subject?.CN === 'string' ? cert.subject.CN : null);
  check.fact('certIssuer', typeof cert.issuer?.CN === 'string' ? cert.issuer.CN : null);
  check.fact('certExpires', validTo.toISOString());
  check.fact('certDaysLeft', daysLeft);
  const reason = secure.authorizationError ? String(secure.authorizationError) : null;
  if (msLeft <= 0) {
    const ago = Math.floor(-msLeft / DAY_MS);
    const when = ago === 0 ? 'today' : ago === 1 ? '1 day ago' : `${ago} days ago`;
    check.problem('cert_expired', 'hard', `certificate expired ${when} (${certDate(validTo)})`);
  } else if (msLeft < expiryDays * DAY_MS) {
    const when = daysLeft === 0 ? 'less than a day' : daysLeft === 1 ? '1 day' : `${daysLeft} days`;
    check.problem('cert_expiring', 'soft', `certificate expires in ${when} (${certDate(validTo)})`);
  }
  if (!secure.authorized && reason !== 'CERT_HAS_EXPIRED') {
    check.problem('cert_untrusted', 'soft', `certificate not trusted (${reason ?? 'unknown reason'})`);
  }
}

export const smtpProbe: ProbeRunner<SmtpProbeConfig> = async (probe, context) => {
  const { signal } = context;
  const check = new CheckBuilder(probe.name, 'smtp');
  const budget = probe.timeoutMs;
  const target = hostPort(probe.host, probe.port);
  const reader = new ReplyReader();
  let socket: Socket | undefined;
  let secure: TLSSocket | undefined;

  /** Sends `command` (none for the banner), reads the reply, expects `expected`; a timed step. */
  const exchange = (step: string, command: string | null, expected: number, waitingFor: string) =>
    check.step(
      step,
      async () => {
        if (command) {
          reader.write(command);
        }
        let reply: SmtpReply;
        try {
          reply = await reader.read(signal);
        } catch (error) {
          throw waitProblem(error, waitingFor, budget);
        }
        const problem = replyProblem(reply, expected, command ? `to ${command}` : 'as banner');
        if (problem) {
          throw problem;
        }
        return reply;
      },
      (reply) => replyText(reply)
    );

  try {
    const ca = probe.caFile ? await readCaFile(probe.caFile) : undefined;
    const address = isIP(probe.host)
      ? probe.host
      : await check.step(
          'resolve',
          () => resolveHost(probe.host, signal, budget),
          (value) => value
        );

    socket = netConnect({ host: address, port: probe.port });
    socket.on('error', () => undefined); // reported through the awaited steps, never as an uncaught 'error'
    const connecting = socket;
    await check.step(
      'connect',
      async () => {
        try {
          await once(connecting, 'connect', { signal });
        } catch (error) {
          throw connectProblem(error, target, budget);
        }
      },
      () => target
    );
    socket.setNoDelay(true);
    reader.attach(socket);

    // The banner: its time is the headline, measured even when the reply is a refusal.
    const bannerStarted = performance.now();
    let bannerMs = 0;
    const banner = await exchange('banner', null, 220, '220 banner').finally(() => {
      bannerMs = performance.now() - bannerStarted;
      check.latency(bannerMs);
    });
    check.fact('banner', replyText(banner));
    if (bannerMs > probe.thresholds.latencyMs) {
      check.problem(
        'slow_banner',
        'soft',
        `banner took ${formatDuration(bannerMs)}, threshold ${formatDuration(probe.thresholds.latencyMs)}`
      );
    }

    const ehlo = await exchange('ehlo', `EHLO ${probe.ehloName}`, 250, 'reply to EHLO');
    const extensions = ehloExtensions(ehlo);
    check.fact('extensions', extensions.join(' '));
    check.fact('tls', false);

    if (probe.starttls !== 'off') {
      if (!extensions.includes('STARTTLS')) {
        if (probe.starttls === 'required') {
          check.problem('starttls_missing', 'soft', 'STARTTLS not offered');
        }
      } else {
        await exchange('starttls', 'STARTTLS', 220, 'reply to STARTTLS');
        reader.detach();
        const plain = socket;
        secure = await check.step(
          'tls',
          async () => {
            const upgraded = tlsConnect({
              socket: plain,
              host: probe.host,
              ...(isIP(probe.host) ? {} : { servername: probe.host }),
              rejectUnauthorized: false,
              ...(ca ? { ca } : {}),
            });
            upgraded.on('error', () => undefined);
            secure = upgraded; // closed in finally even when the handshake fails
            try {
              await once(upgraded, 'secureConnect', { signal });
            } catch (error) {
              if (isBudgetSpent(error)) {
                throw new ProbeFailure('timeout', 'hard', `TLS handshake not done within ${formatDuration(budget)}`);
              }
              throw new ProbeFailure('tls_failed', 'hard', `TLS handshake failed: ${clip(errorText(error))}`);
            }
            return upgraded;
          },
          (upgraded) => `${upgraded.getProtocol() ?? 'TLS'} ${upgraded.getCipher()?.name ?? ''}`.trim()
        );
        check.fact('tls', true);
        certificateProblems(check, secure, probe.thresholds.certExpiryDays);
        reader.attach(secure);
        await exchange('ehlo_tls', `EHLO ${probe.ehloName}`, 250, 'reply to EHLO after STARTTLS');
      }
    }

    // A server that answers QUIT badly still serves mail: the step shows it, it is not a problem.
    await exchange('quit', 'QUIT', 221, 'reply to QUIT').catch(() => undefined);
  } catch (error) {
    recordFailure(check, error);
  } finally {
    reader.detach();
    secure?.destroy();
    socket?.destroy();
  }
  return check.result();
};
