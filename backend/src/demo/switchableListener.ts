// The run-time mode of a demo server and the listening socket that follows it: closed in `down` mode (connections
// are refused), listening again on the same port in any other mode. Mode switches take effect at once; the socket
// changes that follow them run one after the other, so a quick down/normal/down ends where the last switch says.
import type { Server } from 'node:net';
import type { DemoLogger } from './logging.ts';

export interface SwitchableListenerOptions<Mode extends string> {
  /** How log lines name the server: 'platform api', 'smtp sink'. */
  name: string;
  /** How an unknown mode is named in the error: 'API', 'SMTP'. */
  modeKind: string;
  modes: readonly Mode[];
  mode: Mode;
  host: string;
  /** 0 picks a free port. */
  port: number;
  /** Written before host:port in the start line ('http'). */
  scheme?: string;
  logger: DemoLogger;
  /** Runs when the mode goes down, after the listening socket is closed (e.g. to drop open connections). */
  onDown?: () => void;
}

export class SwitchableListener<Mode extends string> {
  private current: Mode;
  private server: Server | undefined;
  /** Whether the server currently holds its listening socket (false while down). */
  private listening = false;
  private stopped = false;
  /** Socket changes, one after the other. */
  private transition: Promise<void> = Promise.resolve();
  port = 0;

  constructor(private readonly options: SwitchableListenerOptions<Mode>) {
    this.current = options.mode;
  }

  get mode(): Mode {
    return this.current;
  }

  /** True once stop() was called: mode switches then change the mode only. */
  get stopping(): boolean {
    return this.stopped;
  }

  /**
   * Switches the mode at once; the returned promise settles when the listening socket matches it (closed in
   * down mode, listening again on the same port otherwise). Callers that do not care may ignore it.
   */
  setMode(mode: Mode): Promise<void> {
    const { modes, modeKind, name, logger } = this.options;
    if (!modes.includes(mode)) {
      throw new Error(`unknown ${modeKind} mode ${String(mode)}; expected one of ${modes.join(', ')}`);
    }
    const previous = this.current;
    this.current = mode;
    logger.info(`${name} mode switched from ${previous} to ${mode}`, { previous_mode: previous, mode });
    const applied = this.transition.then(() => this.applyListening());
    // A failed re-listen is reported to this caller; the next switch starts afresh.
    this.transition = applied.catch(() => undefined);
    return applied;
  }

  /** Binds the server (also in down mode, so the port is known and kept for when the mode changes). */
  async start(server: Server): Promise<number> {
    const { name, host, scheme, logger } = this.options;
    this.server = server;
    await this.listen(this.options.port);
    const address = server.address();
    this.port = typeof address === 'object' && address ? address.port : this.options.port;
    const where = `${scheme ? `${scheme}://` : ''}${host}:${this.port}`;
    logger.info(`${name} listening on ${where} in ${this.current} mode`, { port: this.port, mode: this.current });
    await this.applyListening();
    return this.port;
  }

  /**
   * Ends the socket changes: waits for the one under way and resolves with whether the server is still listening.
   * Closing the server is the caller's.
   */
  async stop(): Promise<boolean> {
    this.stopped = true;
    await this.transition;
    this.server = undefined;
    const listening = this.listening;
    this.listening = false;
    return listening;
  }

  private async listen(port: number): Promise<void> {
    const server = this.server!;
    await new Promise<void>((resolve, reject) => {
      const onError = (error: Error) => reject(error);
      server.once('error', onError);
      server.listen(port, this.options.host, () => {
        server.off('error', onError);
        resolve();
      });
    });
    this.listening = true;
  }

  /** Opens or closes the listening socket to match the mode. */
  private async applyListening(): Promise<void> {
    const { name, host, logger } = this.options;
    const server = this.server;
    if (!server || this.stopped) {
      return;
    }
    const wanted = this.current !== 'down';
    if (wanted === this.listening) {
      return;
    }
    if (!wanted) {
      server.close();
      this.listening = false;
      this.options.onDown?.();
      logger.warn(`${name} down: stopped listening on ${host}:${this.port}`, { port: this.port });
      return;
    }
    try {
      await this.listen(this.port);
    } catch (error) {
      logger.error(`${name} could not listen again on ${host}:${this.port}`, {}, error);
      throw error;
    }
    logger.info(`${name} listening again on ${host}:${this.port}`, { port: this.port });
  }
}
