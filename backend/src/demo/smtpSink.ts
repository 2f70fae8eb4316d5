// The local SMTP server the demo's email workers really deliver to. Its mode can be switched at run time:
// normal (accepts), slow (delays the 220 greeting: degraded, mail still flows when the delay is shorter than the
// client's timeout), refusing (421/554 on connect) and down (the listening socket is closed, so connections are
// refused; it listens again on the same port when the mode leaves down, and sessions already open may finish).
// Recipients at the bounce domain get 550 (hard bounce); greylisted recipients get 421 on their first try.
import { SMTPServer, type SMTPServerAddress, type SMTPServerSession } from 'smtp-server';
import { BOUNCE_DOMAIN, GREYLIST_DOMAIN } from './catalog.ts';
import type { DemoLogger } from './logging.ts';
import { SwitchableListener } from './switchableListener.ts';

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
  private readonly listener: SwitchableListener<SmtpMode>;
  private server: SMTPServer | undefined;
  private readonly greylistSeen = new Set<string>();
  private readonly pendingGreetings = new Set<NodeJS.Timeout>();
  private readonly random: () => number;
  readonly messages: ReceivedMessage[] = [];
  receivedCount = 0;

  constructor(private readonly options: SmtpSinkOptions) {
    // Going down closes the listening socket only: new connections are refused, open sessions finish on their own.
    this.listener = new SwitchableListener({
      name: 'smtp sink',
      modeKind: 'SMTP',
      modes: SMTP_MODES,
      mode: options.mode,
      host: options.host,
      port: options.port,
      logger: options.logger,
    });
    this.random = options.random ?? Math.random;
  }

  get port(): number {
    return this.listener.port;
  }

  getMode(): SmtpMode {
    return this.listener.mode;
  }

  /**
   * Switches the mode at once; the returned promise settles when the listening socket matches it (closed in
   * down mode, listening again on the same port otherwise). Callers that do not care may ignore it.
   */
  setMode(mode: SmtpMode): Promise<void> {
    return this.listener.setMode(mode);
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
    return this.listener.start(server.server);
  }

  async stop(): Promise<void> {
    for (const timer of this.pendingGreetings) {
      clearTimeout(timer);
    }
    this.pendingGreetings.clear();
    await this.listener.stop();
    const server = this.server;
    this.server = undefined;
    if (!server) {
      return;
    }
    // Also when down (no listening socket): then the callback runs once the open sessions are closed.
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  private onConnect(session: SMTPServerSession, callback: (error?: Error | null) => void): void {
    if (this.listener.stopping) {
      callback(smtpError('Server shutting down', 421));
      return;
    }
    if (this.listener.mode === 'refusing') {
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
    if (this.listener.mode === 'slow') {
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
    if (this.listener.mode === 'normal' && this.options.tempFailRate > 0 && this.random() < this.options.tempFailRate) {
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
