// POST /api/query: validates the Grafana /api/ds/query envelope, then runs each query by its queryType.
// A query that is invalid or fails only errors its own refId.
import { z } from 'zod';
import { QUERY_TYPES, sysmonQuerySchema, type QueryType, type SysmonQuery } from '@penguinmails/sysmon-contract';
import { HttpError } from '../http/errors.ts';
import type { DataFrameJSON } from './frames.ts';

const envelopeSchema = z.object({
  queries: z
    .array(z.looseObject({ refId: z.string().min(1, { message: 'refId must not be empty' }) }))
    .min(1, { message: 'at least one query is required' })
    .max(100, { message: 'at most 100 queries per request' }),
  range: z.object({ from: z.iso.datetime({ offset: true }), to: z.iso.datetime({ offset: true }) }).optional(),
  from: z.string().optional(),
  to: z.string().optional(),
  intervalMs: z.number().positive().optional(),
  maxDataPoints: z.number().int().positive().optional(),
});

export interface QueryContext {
  range?: { from: Date; to: Date };
  intervalMs?: number;
  maxDataPoints?: number;
  requestId: string;
}

export type QueryHandler<Q extends SysmonQuery = SysmonQuery> = (
  query: Q,
  context: QueryContext
) => Promise<DataFrameJSON[]>;

export type QueryHandlers = { [T in QueryType]: QueryHandler<Extract<SysmonQuery, { queryType: T }>> };

export interface QueryResult {
  frames: DataFrameJSON[];
  error?: string;
  status?: number;
}

export interface QueryResponse {
  results: Record<string, QueryResult>;
}

/** Thrown by a handler for a problem the user can fix (shown as-is with its status). */
export class QueryError extends Error {
  constructor(
    message: string,
    readonly status = 400
  ) {
    super(message);
    this.name = 'QueryError';
  }
}

function describe(error: z.ZodError): string {
  return error.issues.map((issue) => `${issue.path.join('.') || 'query'}: ${issue.message}`).join('; ');
}

const knownTypes = QUERY_TYPES.map((type) => type.value) as readonly string[];

export async function dispatchQueries(
  body: unknown,
  handlers: QueryHandlers,
  options: { requestId: string; onHandlerError?: (refId: string, error: unknown) => void }
): Promise<QueryResponse> {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw new HttpError(
      400,
      'invalid_query_request',
      'invalid query request: the body must be a JSON object with a "queries" array (Content-Type: application/json)'
    );
  }
  const envelope = envelopeSchema.safeParse(body);
  if (!envelope.success) {
    throw new HttpError(400, 'invalid_query_request', `invalid query request: ${describe(envelope.error)}`);
  }
  const { queries, range, intervalMs, maxDataPoints } = envelope.data;
  const refIds = queries.map((query) => query.refId);
  const duplicate = refIds.find((refId, index) => refIds.indexOf(refId) !== index);
  if (duplicate !== undefined) {
    throw new HttpError(400, 'invalid_query_request', `invalid query request: refId "${duplicate}" is used twice`);
  }
  if (range && Date.parse(range.from) > Date.parse(range.to)) {
    throw new HttpError(400, 'invalid_query_request', 'invalid query request: range.from is after range.to');
  }

  const context: QueryContext = {
    requestId: options.requestId,
    intervalMs,
    maxDataPoints,
    ...(range ? { range: { from: new Date(range.from), to: new Date(range.to) } } : {}),
  };

  const entries = await Promise.all(
    queries.map(async (raw): Promise<[string, QueryResult]> => {
      const { refId } = raw;
      if (typeof raw.queryType !== 'string' || !knownTypes.includes(raw.queryType)) {
        const got = raw.queryType === undefined ? 'no queryType' : `unknown queryType ${JSON.stringify(raw.queryType)}`;
        return [refId, { frames: [], error: `${got}; expected one of: ${knownTypes.join(', ')}`, status: 400 }];
      }
      const parsed = sysmonQuerySchema.safeParse(raw);
      if (!parsed.success) {
        return [refId, { frames: [], error: `invalid ${raw.queryType} query: ${describe(parsed.error)}`, status: 400 }];
      }
      try {
        const handler = handlers[parsed.data.queryType] as QueryHandler;
        const frames = await handler(parsed.data, context);
        return [refId, { frames: frames.map((frame) => ({ ...frame, schema: { ...frame.schema, refId } })) }];
      } catch (error) {
        // HttpErrors from shared query code (e.g. a search's 503 query_timeout) carry user-facing messages too.
        if (error instanceof QueryError || error instanceof HttpError) {
          return [refId, { frames: [], error: error.message, status: error.status }];
        }
        options.onHandlerError?.(refId, error);
        return [
          refId,
          {
            frames: [],
            error: `internal error while running the query (request id ${options.requestId})`,
            status: 500,
          },
        ];
      }
    })
  );
  return { results: Object.fromEntries(entries) };
}
