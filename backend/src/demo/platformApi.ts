// A small HTTP API of the demo platform, so the API card of the Infrastructure page has something real to probe.
// GET /healthz and GET /api/v1/campaigns/:id/stats; every request logged (service platform-api) with a request_id.
// Its mode can be switched at run time: normal; slow (every answer delayed: degraded, still within a probe's
// timeout); erroring (503 "database connection pool exhausted", logged with a stack); down (the listening socket
// is closed and open connections dropped, so connections are refused; it listens again on the same port when the
// mode leaves down).
import { createHash, randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { DemoLogger } from './logging.ts';
import { SwitchableListener } from './switchableListener.ts';

export const API_MODES = ['normal', 'slow', 'erroring', 'down'] as const;
export type ApiMode = (typeof API_MODES)[number];

export function isApiMode(value: unknown): value is ApiMode {
  return typeof value === 'string' && (API_MODES as readonly string[]).includes(value);
}

export interface PlatformApiOptions {
  host: string;
  /** 0 picks a free port. */
  port: number;
  mode: ApiMode;
  /** How long every answer is held back in slow mode. */
  slowMs: number;
  logger: DemoLogger;
}

/** What erroring mode simulates: the platform's database pool has no free connection. */
export class PoolExhaustedError extends Error {}
// On the prototype so the stack's first line (captured in the constructor) carries the name.
PoolExhaustedError.prototype.name = 'PoolExhaustedError';

/** An incoming X-Request-ID is kept when it looks like an id; anything else gets a fresh one. */
const REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/;
const CAMPAIGN_ID = /^[A-Za-z0-9_-]{1,64}$/;
const STATS_PATH = /^\/api\/v1\/campaigns\/([^/]+)\/stats$/;

interface Answer {
  status: number;
  body: unknown;
  /** Logged with its stack (5xx answers). */
  error?: Error;
}

function requestIdOf(req: IncomingMessage): string {
  const incoming = req.headers['x-request-id'];
  const value = Array.isArray(incoming) ? incoming[0] : incoming;
  return value && REQUEST_ID.test(value) ? value : `req-${randomBytes(8).toString('hex')}`;
}

/** Plausible, stable numbers for a campaign id (the demo keeps no campaign table of its own). */
function campaignStats(id: string): Record<string, unknown> {
  const digest = createHash('sha256').update(id).digest();
  const sent = 500 + (digest.readUInt16BE(0) % 9_500);
  const bounced = Math.round((sent * (digest[2]! % 40)) / 1_000);
  const delivered = sent - bounced;
  const opened = Math.round((delivered * (150 + (digest[3]! % 300))) / 1_000);
  const clicked = Math.round((opened * (50 + (digest[4]! % 200))) / 1_000);
  const complaints = digest[5]! % 4;
  return { campaignId: id, sent, delivered, bounced, opened, clicked, complaints };
}

export class PlatformApi {
  private readonly listener: SwitchableListener<ApiMode>;
  private server: Server | undefined;
  private readonly pendingAnswers = new Set<NodeJS.Timeout>();

  constructor(private readonly options: PlatformApiOptions) {
    this.listener = new SwitchableListener({
      name: 'platform api',
      modeKind: 'API',
      modes: API_MODES,
      mode: options.mode,
      host: options.host,
      port: options.port,
      scheme: 'http',
      logger: options.logger,
      // A crashed API: no listener, and kept-alive connections (a prober's pool) dropped too, with whatever
      // answers they were waiting for.
      onDown: () => {
        this.server?.closeAllConnections();
        this.clearPending();
      },
    });
  }

  get port(): number {
    return this.listener.port;
  }

  getMode(): ApiMode {
    return this.listener.mode;
  }

  /**
   * Switches the mode at once; the returned promise settles when the listening socket matches it (closed in
   * down mode, listening again on the same port otherwise).
   */
  setMode(mode: ApiMode): Promise<void> {
    return this.listener.setMode(mode);
  }

  async start(): Promise<number> {
    const server = createServer((req, res) => this.handle(req, res));
    server.on('error', (error) => this.options.logger.error('platform api server error', {}, error));
    this.server = server;
    return this.listener.start(server);
  }

  async stop(): Promise<void> {
    this.clearPending();
    const listening = await this.listener.stop();
    const server = this.server;
    this.server = undefined;
    if (!server) {
      return;
    }
    await new Promise<void>((resolve) => {
      if (listening) {
        server.close(() => resolve());
      } else {
        resolve();
      }
      server.closeAllConnections();
    });
  }

  private clearPending(): void {
    for (const timer of this.pendingAnswers) {
      clearTimeout(timer);
    }
    this.pendingAnswers.clear();
  }

  private handle(req: IncomingMessage, res: ServerResponse): void {
    const started = performance.now();
    const requestId = requestIdOf(req);
    const path = new URL(req.url ?? '/', 'http://localhost').pathname;
    const method = req.method ?? 'GET';
    // Drain any body: none of the routes reads one.
    req.resume();
    if (this.listener.mode === 'down') {
      req.socket.destroy();
      return;
    }
    const answer = () => {
      if (this.listener.stopping || this.listener.mode === 'down') {
        req.socket.destroy();
        return;
      }
      const { status, body, error } = this.route(method, path);
      const text = JSON.stringify(body);
      res.writeHead(status, {
        'content-type': 'application/json; charset=utf-8',
        'content-length': Buffer.byteLength(text),
        'x-request-id': requestId,
      });
      res.end(method === 'HEAD' ? undefined : text);
      const fields = {
        request_id: requestId,
        method,
        path,
        status,
        duration_ms: Math.round(performance.now() - started),
        mode: this.listener.mode,
      };
      const line = `${method} ${path} ${status}`;
      if (status >= 500) {
        this.options.logger.error(`${line}: ${error?.message ?? 'error'}`, fields, error);
      } else if (status >= 400) {
        this.options.logger.warn(line, fields);
      } else {
        this.options.logger.info(line, fields);
      }
    };
    if (this.listener.mode === 'slow') {
      const timer = setTimeout(() => {
        this.pendingAnswers.delete(timer);
        answer();
      }, this.options.slowMs);
      this.pendingAnswers.add(timer);
      return;
    }
    answer();
  }

  private route(method: string, path: string): Answer {
    const stats = STATS_PATH.exec(path);
    if (path !== '/healthz' && !stats) {
      return { status: 404, body: { status: 'error', error: `no route ${method} ${path}` } };
    }
    if (method !== 'GET' && method !== 'HEAD') {
      return { status: 405, body: { status: 'error', error: `${method} is not allowed on ${path}; use GET` } };
    }
    if (this.listener.mode === 'erroring') {
      const error = new PoolExhaustedError('database connection pool exhausted');
      return { status: 503, body: { status: 'error', error: error.message }, error };
    }
    if (path === '/healthz') {
      return { status: 200, body: { status: 'ok' } };
    }
    let id = '';
    try {
      id = decodeURIComponent(stats![1]!);
    } catch {
      // Malformed percent-encoding: answered as a bad id below.
    }
    if (!CAMPAIGN_ID.test(id)) {
      return { status: 400, body: { status: 'error', error: 'campaign id must be 1-64 letters, digits, _ or -' } };
    }
    return { status: 200, body: campaignStats(id) };
  }
}
