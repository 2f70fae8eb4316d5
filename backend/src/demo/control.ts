// Small loopback HTTP endpoint to steer the running demo: read and switch the modes of the SMTP sink and the
// platform API, launch a campaign, and see what has been produced.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { DemoLogger } from './logging.ts';
import { API_MODES, isApiMode, type ApiMode } from './platformApi.ts';
import { SMTP_MODES, isSmtpMode, type SmtpMode } from './smtpSink.ts';

export interface ControlTarget {
  getSmtpMode(): SmtpMode;
  /** May return a promise that settles once the mode is in effect (e.g. the socket closed or listening again). */
  setSmtpMode(mode: SmtpMode): void | Promise<void>;
  /** Absent when the demo runs without its platform API. */
  api?: { getMode(): ApiMode; setMode(mode: ApiMode): void | Promise<void> };
  launchCampaign(size: number): Promise<{ campaignId: string; enqueued: number; failed: number }>;
  status(): Record<string, unknown>;
}

const MAX_BODY_BYTES = 16 * 1024;
const MAX_CAMPAIGN_SIZE = 100_000;

function send(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(text),
  });
  res.end(text);
}

function sendError(res: ServerResponse, status: number, code: string, message: string): void {
  send(res, status, { error: { code, message } });
}

async function readJson(req: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const data of req) {
    size += (data as Buffer).length;
    if (size > MAX_BODY_BYTES) {
      throw new ControlError(413, 'payload_too_large', `request body exceeds ${MAX_BODY_BYTES} bytes`);
    }
    chunks.push(data as Buffer);
  }
  try {
    return JSON.parse(Buffer.concat(chunks).toString('utf8') || 'null');
  } catch {
    throw new ControlError(400, 'invalid_json', 'request body is not valid JSON');
  }
}

class ControlError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string
  ) {
    super(message);
  }
}

async function route(
  target: ControlTarget,
  logger: DemoLogger,
  req: IncomingMessage,
  res: ServerResponse
): Promise<void> {
  const path = new URL(req.url ?? '/', 'http://localhost').pathname;
  if (path === '/smtp') {
    return modeSwitch(req, res, logger, path, {
      name: 'smtp',
      modes: SMTP_MODES,
      isMode: isSmtpMode,
      getMode: () => target.getSmtpMode(),
      setMode: (mode) => target.setSmtpMode(mode),
    });
  }
  if (path === '/api') {
    const api = target.api;
    if (!api) {
      throw new ControlError(404, 'api_disabled', 'the demo runs without its platform API');
    }
    return modeSwitch(req, res, logger, path, {
      name: 'api',
      modes: API_MODES,
      isMode: isApiMode,
      getMode: () => api.getMode(),
      setMode: (mode) => api.setMode(mode),
    });
  }
  if (path === '/campaign') {
    if (req.method !== 'POST') {
      throw new ControlError(405, 'method_not_allowed', `${req.method} is not allowed on /campaign; use POST`);
    }
    const body = (await readJson(req)) as { size?: unknown } | null;
    const size = body?.size;
    if (typeof size !== 'number' || !Number.isInteger(size) || size < 1 || size > MAX_CAMPAIGN_SIZE) {
      throw new ControlError(400, 'invalid_size', `"size" must be an integer between 1 and ${MAX_CAMPAIGN_SIZE}`);
    }
    return send(res, 202, await target.launchCampaign(size));
  }
  if (path === '/status' && req.method === 'GET') {
    return send(res, 200, target.status());
  }
  throw new ControlError(
    404,
    'not_found',
    `no control endpoint ${req.method} ${path}; try GET /smtp, PUT /smtp, GET /api, PUT /api, POST /campaign, GET /status`
  );
}

/** GET: the current mode and the choices; PUT {"mode": …}: switch, answering once the mode is in effect. */
async function modeSwitch<M extends string>(
  req: IncomingMessage,
  res: ServerResponse,
  logger: DemoLogger,
  path: string,
  part: {
    name: string;
    modes: readonly M[];
    isMode(value: unknown): value is M;
    getMode(): M;
    setMode(mode: M): void | Promise<void>;
  }
): Promise<void> {
  if (req.method === 'GET') {
    return send(res, 200, { mode: part.getMode(), modes: part.modes });
  }
  if (req.method === 'PUT') {
    const body = (await readJson(req)) as { mode?: unknown } | null;
    const mode = body?.mode;
    if (!part.isMode(mode)) {
      throw new ControlError(
        400,
        'invalid_mode',
        `"mode" must be one of ${part.modes.join(', ')}; got ${JSON.stringify(mode ?? null)}`
      );
    }
    const previous = part.getMode();
    await part.setMode(mode);
    logger.info(`control: ${part.name} mode set to ${mode}`, { previous_mode: previous, mode });
    return send(res, 200, { mode, previous });
  }
  throw new ControlError(405, 'method_not_allowed', `${req.method} is not allowed on ${path}; use GET or PUT`);
}

export async function startControlServer(
  target: ControlTarget,
  options: { host: string; port: number; logger: DemoLogger }
): Promise<{ port: number; close(): Promise<void> }> {
  const server: Server = createServer((req, res) => {
    route(target, options.logger, req, res).catch((error: unknown) => {
      if (error instanceof ControlError) {
        return sendError(res, error.status, error.code, error.message);
      }
      options.logger.error('control request failed', { path: req.url }, error);
      sendError(res, 500, 'internal_error', 'the control request failed; see the demo log');
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : options.port;
  options.logger.info(`control endpoint listening on http://${options.host}:${port}`, { port });
  return {
    port,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
