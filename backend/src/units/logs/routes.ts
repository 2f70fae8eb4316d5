// The log vertical's ingest part of the routes table (DESIGN.md §5): NDJSON, the Loki push API (JSON) and
// OTLP/HTTP JSON logs, each scope `ingest` (the ingest token; not an operator action, so no audit row per batch).
// The app hands these routes their raw body (streamBody): they check the Content-Type (415), take a slot of the
// in-flight budget (429), read and decompress the body within logs.maxBodyBytes (413), parse it (pure parsers in
// logs/ingest/) and append the records in one transaction; the answer is sent only after the commit (an
// unreachable store is a 503 with Retry-After).
import type { IngestResult } from '@penguinmails/sysmon-contract';
import { z } from 'zod';
import type { Config } from '../../config.ts';
import { InvalidInputError, UnsupportedFormatError } from '../../errors.ts';
import { text } from '../../http/params.ts';
import { ok, route, type Route, type RouteReply, type RouteRequest } from '../../http/route.ts';
import { describeRejects, ingestResult, type IngestContext, type ParsedBatch } from '../../logs/ingest/batch.ts';
import { readBody } from '../../logs/ingest/body.ts';
import { createIngestBudget, type IngestBudget } from '../../logs/ingest/budget.ts';
import { parseLokiPush } from '../../logs/ingest/loki.ts';
import { createIngestMetrics, type IngestFormat, type IngestMetrics } from '../../logs/ingest/metrics.ts';
import { MAX_JSON_DEPTH, parseNdjson } from '../../logs/ingest/ndjson.ts';
import { parseOtlpLogs } from '../../logs/ingest/otlp.ts';
import { jsonDepth, mayHoldUnstorable, storableValue } from '../../logs/ingest/text.ts';
import type { LogStore } from '../../logs/store.ts';

export const INGEST_PATHS = { ndjson: '/api/logs/ingest', loki: '/loki/api/v1/push', otlp: '/v1/logs' } as const;
/** Header naming the service of lines that name none (the `service` query parameter does the same). */
export const SERVICE_HEADER = 'x-sysmon-service';
export const UNKNOWN_SERVICE = 'unknown';

export interface LogIngestRouteDeps {
  store: LogStore;
  config: Pick<Config, 'logs'>;
  /** Counters to count into (the unit returns `metrics.metrics`); a private set when absent. */
  metrics?: IngestMetrics;
  /** In-flight bound; defaultIngestBudget(config) when absent. */
  budget?: IngestBudget;
}

/** 8 requests and 4 × logs.maxBodyBytes (at least 64 MiB) of body in flight: a few full batches per core. */
export function defaultIngestBudget(config: Pick<Config, 'logs'>): IngestBudget {
  return createIngestBudget({ maxRequests: 8, maxBytes: Math.max(4 * config.logs.maxBodyBytes, 64 * 1024 * 1024) });
}

const NDJSON_TYPES = new Set([
  'application/x-ndjson',
  'application/ndjson',
  'application/jsonl',
  'application/x-jsonlines',
  'application/json', // Fluent Bit's http output with format json_lines
  'text/plain',
]);

function mediaType(header: string | undefined): string | undefined {
  const type = header?.split(';')[0]?.trim().toLowerCase();
  return type === '' ? undefined : type;
}

function checkContentType(format: IngestFormat, header: string | undefined): void {
  const type = mediaType(header);
  if (type === undefined) {
    return; // curl --data-binary without -H, minimal shippers: read as the endpoint's format
  }
  if (format === 'ndjson') {
    if (!NDJSON_TYPES.has(type)) {
      throw new UnsupportedFormatError(
        'unsupported_media_type',
        `Content-Type ${type} is not read here; send newline-delimited JSON as application/x-ndjson`
      );
    }
    return;
  }
  if (type === 'application/json') {
    return;
  }
  if (type === 'application/x-protobuf' || type === 'application/protobuf') {
    throw new UnsupportedFormatError(
      'unsupported_media_type',
      format === 'otlp'
        ? 'OTLP protobuf is not supported: only OTLP/HTTP JSON (Content-Type: application/json; set the exporter’s encoding to json)'
        : 'Loki protobuf (snappy) pushes are not supported: send the JSON push format (Content-Type: application/json)'
    );
  }
  throw new UnsupportedFormatError(
    'unsupported_media_type',
    `Content-Type ${type} is not read here; send application/json`
  );
}

const header = (request: RouteRequest, name: string): string | undefined => {
  const value = request.headers[name];
  return Array.isArray(value) ? value[0] : value;
};

/**
 * Deepest nesting a Loki or OTLP body may have: its own structure plus a line's (MAX_JSON_DEPTH), with room for
 * OTLP's wrappers (an AnyValue level is three or four JSON levels). Deeper bodies would overflow the stack of the
 * recursive code that reads and stores them (and are no real shipper's output).
 */
export const MAX_BODY_DEPTH = 4 * MAX_JSON_DEPTH;

function parseJsonBody(text: string, format: 'loki' | 'otlp'): unknown {
  const code = format === 'loki' ? 'invalid_loki_push' : 'invalid_otlp_logs';
  if (jsonDepth(text) > MAX_BODY_DEPTH) {
    throw new InvalidInputError(`the request body is nested deeper than ${MAX_BODY_DEPTH} levels`, undefined, code);
  }
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch (error) {
    throw new InvalidInputError(`the request body is not valid JSON (${(error as Error).message})`, undefined, code);
  }
  return mayHoldUnstorable(text) ? storableValue(body) : body;
}

const PARSERS: Record<IngestFormat, (text: string, context: IngestContext) => ParsedBatch> = {
  ndjson: parseNdjson,
  loki: (text, context) => parseLokiPush(parseJsonBody(text, 'loki'), context),
  otlp: (text, context) => parseOtlpLogs(parseJsonBody(text, 'otlp'), context),
};

/** What each endpoint answers once the accepted records are committed. */
function replyFor(format: IngestFormat, batch: ParsedBatch): RouteReply {
  const result: IngestResult = ingestResult(batch);
  switch (format) {
    case 'ndjson':
      return ok(result);
    case 'loki':
      // Loki answers 204; for rejected entries a 400 (Loki clients do not retry a 4xx, and the accepted entries
      // are stored, so a retry would only duplicate them), naming them.
      if (batch.rejects.length === 0) {
        return { status: 204, body: undefined };
      }
      return {
        status: 400,
        body: {
          error: { code: 'entries_rejected', message: describeRejects(batch, { one: 'entry', many: 'entries' }) },
          ...result,
        },
      };
    case 'otlp':
      // OTLP/HTTP: 200 with partialSuccess when some records were rejected (they must not be retried).
      return ok(
        batch.rejects.length === 0
          ? {}
          : {
              partialSuccess: {
                rejectedLogRecords: batch.rejects.length,
                errorMessage: describeRejects(batch, { one: 'log record', many: 'log records' }),
              },
            }
      );
  }
}

const ingestQuery = z.object({ service: text(256, 1).optional() });

export function logIngestRoutes(deps: LogIngestRouteDeps): Route[] {
  const { store, config } = deps;
  const metrics = deps.metrics ?? createIngestMetrics();
  const budget = deps.budget ?? defaultIngestBudget(config);

  const handler =
    (format: IngestFormat) =>
    async (request: RouteRequest<z.infer<typeof ingestQuery>>): Promise<RouteReply> => {
      checkContentType(format, header(request, 'content-type'));
      const ticket = budget.admit();
      try {
        const body = await readBody(request.stream!, {
          contentEncoding: header(request, 'content-encoding'),
          contentLength: header(request, 'content-length'),
          maxBytes: config.logs.maxBodyBytes,
          reserve: ticket.reserve,
        });
        const context: IngestContext = {
          now: new Date(),
          defaultService:
            request.query.service ?? (header(request, SERVICE_HEADER)?.trim().slice(0, 256) || UNKNOWN_SERVICE),
          maxLineBytes: config.logs.maxLineBytes,
          retentionDays: config.logs.retentionDays,
        };
        const batch = PARSERS[format](body.toString('utf8'), context);
        await store.append(batch.records);
        metrics.record(format, batch);
        return replyFor(format, batch);
      } finally {
        ticket.release();
      }
    };

  return (['ndjson', 'loki', 'otlp'] as const).map((format) =>
    route({
      method: 'POST',
      path: INGEST_PATHS[format],
      scope: 'ingest',
      streamBody: true,
      query: ingestQuery,
      handle: handler(format),
    })
  );
}
