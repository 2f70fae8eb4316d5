// The local SMTP server the demo's email workers really deliver to. Its mode can be switched at run time:
// normal (accepts), slow (delays the 220 greeting: degraded, mail still flows when the delay is shorter than the
// client's timeout), refusing (421/554 on connect) and down (the listening socket is closed, so connections are
// refused; it listens again on the same port when the mode leaves down, and sessions already open may finish).
// Recipients at the bounce domain get 550 (hard bounce); greylisted recipients get 421 on their first try.
import { SMTPServer, type SMTPServerAddress, type SMTPServerSession } from 'smtp-server';
import { BOUNCE_DOMAIN, GREYLIST_DOMAIN } from './catalog.ts';
import type { DemoLogger } from './logging.ts';

export const SMTP_MODES = ['normal', 'slow', 'refusing', 'down'] as const;
export type SmtpMode = (typeof SMTP_MODES)[number];

export function isSmtpMode(value: unknown): value is SmtpMode {
  return typeof value === 'string' && (SMTP_MODES as readonly string[]).includes(value);
}

export interface SmtpSinkOptions {
  host: string;
  /** 0 picks a free port. */
  port: number;
  mode: SmtpMode;
  /** How long the greeting is held back in slow mode. */
  slowBannerMs: number;
  /** Reply code when refusing connections: 421 (try later) or 554 (no service). */
  refuseCode: 421 | 554;
  /** Share of messages answered 421 at MAIL FROM in normal mode (a busy server). */
  tempFailRate: number;
  random?: () => number;
  logger: DemoLogger;
}

export interface ReceivedMessage {
  from: string;
  to: string[];
  subject: string;
  messageId: string;
  requestId: string;
  size: number;
  receivedAt: string;
}

/** Messages kept in memory for inspection; the count keeps growing. */
const MAX_KEPT_MESSAGES = 200;

function smtpError(message: string, responseCode: number): Error {
  return Object.assign(new Error(message), { responseCode });
}

export class SmtpSink {
  private mode: SmtpMode;
  private server: SMTPServer | undefined;
  private readonly greylistSeen = new Set<string>();
  private readonly pendingGreetings = new Set<NodeJS.Timeout>();
  private stopping = false;
  /** Whether the net server currently holds its listening socket (false while down). */
  private listening = false;
  /** Mode switches that open or close the listening socket, one after the other. */
  private transition: Promise<void> = Promise.resolve();
  private readonly random: () => number;
  readonly messages: ReceivedMessage[] = [];
  receivedCount = 0;
  port = 0;

  constructor(private readonly options: SmtpSinkOptions) {
    this.mode = options.mode;
    this.random = options.random ?? Math.random;
  }

  getMode(): SmtpMode {
    return this.mode;
  }

  /**
   * Switches the mode at once; the returned promise settles when the listening socket matches it (closed in
   * down mode, listening again on the same port otherwise). Callers that do not care may ignore it.
   */
  setMode(mode: SmtpMode): Promise<void> {
    if (!isSmtpMode(mode)) {
      throw new Error(`unknown SMTP mode ${String(mode)}; expected one of ${SMTP_MODES.join(', ')}`);
    }
    const previous = this.mode;
    this.mode = mode;
    this.options.logger.info(`smtp sink mode switched from ${previous} to ${mode}`, { previous_mode: previous, mode });
    const applied = this.transition.then(() => this.applyListening());
    // A failed re-listen is reported to this caller; the next switch starts afresh.
    this.transition = applied.catch(() => undefined);
    return applied;
  }

  /** Opens or closes the listening socket to match the mode. */
  private async applyListening(): Promise<void> {
    const server = this.server;
    if (!server || this.stopping) {
      return;
    }
    const wanted = this.mode !== 'down';
    if (wanted === this.listening) {
      return;
    }
    if (!wanted) {
      // Closes the listening socket only: new connections are refused, open sessions finish on their own.
      server.server.close();
      this.listening = false;
      this.options.logger.warn(`smtp sink down: stopped listening on ${this.options.host}:${this.port}`, {
        port: this.port,
      });
      return;
    }
    try {
      await this.listen(server, this.port);
    } catch (error) {
      this.options.logger.error(`smtp sink could not listen again on ${this.options.host}:${this.port}`, {}, error);
      throw error;
    }
    this.options.logger.info(`smtp sink listening again on ${this.options.host}:${this.port}`, { port: this.port });
  }

  private async listen(server: SMTPServer, port: number): Promise<void> {
    await new Promise<void>((resolve, reject) => {
      const onError = (error: Error) => reject(error);
      server.server.once('error', onError);
      server.listen(port, this.options.host, () => {
        server.server.off('error', onError);
        resolve();
      });
    });
    this.listening = true;
  }

  async start(): Promise<number> {
    const server = new SMTPServer({
      name: 'smtp.penguinmails.test',
      banner: 'PenguinMails demo sink',
      authOptional: true,
      disabledCommands: ['STARTTLS', 'AUTH'],
      disableReverseLookup: true,
      closeTimeout: 1_000,
      logger: false,
      size: 10 * 1024 * 1024,
      onConnect: (session, callback) => this.onConnect(session, callback),
      onMailFrom: (_address, _session, callback) => this.onMailFrom(callback),
      onRcptTo: (address, _session, callback) => this.onRcptTo(address, callback),
      onData: (stream, session, callback) => {
        const chunks: Buffer[] = [];
        stream.on('data', (data: Buffer) => chunks.push(data));
        stream.on('end', () => {
          const raw = Buffer.concat(chunks).toString('utf8');
          this.record(session, raw);
          callback(null, 'Message queued by demo sink');
        });
      },
    });
    server.on('error', (error) => this.options.logger.error('smtp sink server error', {}, error));
    this.server = server;
    // Bound even when starting in down mode, so the port is known (and kept) for when the mode changes.
    await this.listen(server, this.options.port);
    const address = server.server.address();
    this.port = typeof address === 'object' && address ? address.port : this.options.port;
    this.options.logger.info(`smtp sink listening on ${this.options.host}:${this.port} in ${this.mode} mode`, {
      port: this.port,
      mode: this.mode,
    });
    await this.applyListening();
    return this.port;
  }

  async stop(): Promise<void> {
    this.stopping = true;
    for (const timer of this.pendingGreetings) {
      clearTimeout(timer);
    }
    this.pendingGreetings.clear();
    await this.transition;
    const server = this.server;
    this.server = undefined;
    if (!server) {
      return;
    }
    // Also when down (no listening socket): then the callback runs once the open sessions are closed.
    await new Promise<void>((resolve) => server.close(() => resolve()));
    this.listening = false;
  }

  private onConnect(session: SMTPServerSession, callback: (error?: Error | null) => void): void {
    if (this.stopping) {
      callback(smtpError('Server shutting down', 421));
      return;
    }
    if (this.mode === 'refusing') {
      const code = this.options.refuseCode;
      const text =
        code === 421 ? 'Service not available, too many connections, try again later' : 'No SMTP service here';
      this.options.logger.warn(`smtp sink refused connection with ${code}`, {
        response_code: code,
        remote: session.remoteAddress,
      });
      callback(smtpError(text, code));
      return;
    }
    if (this.mode === 'slow') {
      const timer = setTimeout(() => {
        this.pendingGreetings.delete(timer);
        callback();
      }, this.options.slowBannerMs);
      this.pendingGreetings.add(timer);
      return;
    }
    callback();
  }

  private onMailFrom(callback: (error?: Error | null) => void): void {
    if (this.mode === 'normal' && this.options.tempFailRate > 0 && this.random() < this.options.tempFailRate) {
      callback(smtpError('Service temporarily unavailable, try again later', 421));
      return;
    }
    callback();
  }

  private onRcptTo(address: SMTPServerAddress, callback: (error?: Error | null) => void): void {
    const recipient = address.address.toLowerCase();
    const domain = recipient.split('@')[1] ?? '';
    if (domain === BOUNCE_DOMAIN) {
      callback(smtpError(`Mailbox ${recipient} does not exist (user unknown)`, 550));
      return;
    }
    if (domain === GREYLIST_DOMAIN && !this.greylistSeen.has(recipient)) {
      this.greylistSeen.add(recipient);
      callback(smtpError('Greylisted, please try again later', 450));
      return;
    }
    callback();
  }

  private record(session: SMTPServerSession, raw: string): void {
    this.receivedCount += 1;
    const header = (name: string) => new RegExp(`^${name}:\\s*(.*)$`, 'im').exec(raw)?.[1]?.trim() ?? '';
    const envelope = session.envelope;
    const message: ReceivedMessage = {
      from: envelope.mailFrom ? envelope.mailFrom.address : '',
      to: envelope.rcptTo.map((rcpt) => rcpt.address),
      subject: header('Subject'),
      messageId: header('Message-ID'),
      requestId: header('X-Request-ID'),
      size: Buffer.byteLength(raw),
      receivedAt: new Date().toISOString(),
    };
    this.messages.push(message);
    this.options.logger.info('smtp sink accepted message', {
      request_id: message.requestId || undefined,
      message_id: message.messageId,
      recipients: message.to,
      size_bytes: message.size,
    });
    if (this.messages.length > MAX_KEPT_MESSAGES) {
      this.messages.shift();
    }
  }
}
