// POST /api/query: validates the Grafana /api/ds/query envelope, then runs each query by its queryType with the
// handler a unit registered for it (see units/). A query that is invalid or fails only errors its own refId.
import {
  EVENTS_FRAME,
  querySchema,
  VARIABLE_FRAME,
  type EventSource,
  type QueryOf,
  type QueryResponse,
  type QueryResultJSON,
  type QueryType,
} from '@penguinmails/sysmon-contract';
import pLimit from 'p-limit';
import { z } from 'zod';
import { isDataException, isPostgresUnavailable, postgresUnavailable } from '../db/pool.ts';
import { DomainError, InvalidInputError } from '../errors.ts';
import { statusOf } from '../http/errors.ts';
import { frameFrom, type DataFrameJSON } from './frames.ts';

// Times PostgreSQL and Grafana agree on (years 1970–9999).
const isoTime = z.iso.datetime({ offset: true }).refine((value) => {
  const ms = Date.parse(value);
  return ms >= 0 && ms < Date.UTC(10_000, 0, 1);
}, 'expected a time between 1970 and 9999');

const envelopeSchema = z.object({
  queries: z
    .array(z.looseObject({ refId: z.string().min(1, { message: 'refId must not be empty' }) }))
    .min(1, { message: 'at least one query is required' })
    .max(100, { message: 'at most 100 queries per request' }),
  range: z.object({ from: isoTime, to: isoTime }).optional(),
  from: z.string().optional(),
  to: z.string().optional(),
  // Bounded so no arithmetic on them overflows (a year; a million points).
  intervalMs: z
    .number()
    .positive()
    .max(365 * 24 * 3_600_000)
    .optional(),
  maxDataPoints: z.number().int().positive().max(1_000_000).optional(),
});

/**
 * Queries of one request run at most this many at a time: a dashboard's 100 queries must not take the whole
 * PostgreSQL pool (or every Redis read) from other requests and the service's own work.
 */
export const QUERY_CONCURRENCY = 4;

export interface QueryContext {
  range?: { from: Date; to: Date };
  intervalMs?: number;
  maxDataPoints?: number;
  requestId: string;
}

export type QueryHandler<Query = never> = (query: Query, context: QueryContext) => Promise<DataFrameJSON[]>;

/** The handlers units register, by query type (each type handled by exactly one unit). */
export type QueryHandlerTable = { [Type in QueryType]?: QueryHandler<QueryOf<Type>> };

/** A dashboard variable's name (`variable` query field): queue, tier, service, level. */
export type VariableName = QueryOf<'variable'>['variable'];

/** The values of one dashboard variable, in the order Grafana should offer them. */
export type VariableProvider = (query: QueryOf<'variable'>, context: QueryContext) => Promise<string[]>;

/** What a unit contributes to the `variable` query type: providers by variable name. */
export type VariableProviders = { [Name in VariableName]?: VariableProvider };

/** The `variable` query handler over the units' providers: routed by the query's `variable`. */
function variableHandler(providers: ReadonlyMap<string, VariableProvider>): QueryHandler<QueryOf<'variable'>> {
  return async (query, context) => {
    const provider = providers.get(query.variable);
    if (!provider) {
      throw new InvalidInputError(
        `no values for "${query.variable}" in this service; known: ${[...providers.keys()].join(', ')}`,
        'variable'
      );
    }
    const values = await provider(query, context);
    return [
      frameFrom(
        VARIABLE_FRAME,
        values.map((value) => ({ text: value, value })),
        { refId: query.refId }
      ),
    ];
  };
}

/** One annotation of the `events` query type (Grafana reads time, title, text, tags). */
export interface EventRow {
  /** Epoch ms or ISO 8601. */
  time: number | string;
  title: string;
  text: string;
  tags: string[];
}

/** The events of one source over the query's range (`events` routes by its `sources`). */
export type EventProvider = (query: QueryOf<'events'>, range: { from: Date; to: Date }) => Promise<EventRow[]>;

/** What a unit contributes to the `events` query type: providers by source. */
export type EventProviders = { [Source in EventSource]?: EventProvider };

/** Without a dashboard range, events of the last day. */
const DEFAULT_EVENTS_RANGE_MS = 24 * 60 * 60 * 1000;

/** The `events` query handler over the units' providers: every asked source's events, oldest first. */
function eventsHandler(providers: ReadonlyMap<string, EventProvider>): QueryHandler<QueryOf<'events'>> {
  return async (query, context) => {
    const to = context.range?.to ?? new Date();
    const range = { from: context.range?.from ?? new Date(to.getTime() - DEFAULT_EVENTS_RANGE_MS), to };
    const rows: EventRow[] = [];
    for (const source of query.sources) {
      const provider = providers.get(source);
      if (!provider) {
        throw new InvalidInputError(
          `no "${source}" events in this service; known: ${[...providers.keys()].join(', ')}`,
          'sources'
        );
      }
      rows.push(...(await provider(query, range)));
    }
    const time = (row: EventRow) => (typeof row.time === 'number' ? row.time : Date.parse(row.time));
    rows.sort((a, b) => time(a) - time(b));
    return [frameFrom(EVENTS_FRAME, rows, { refId: query.refId })];
  };
}

/** Merges per-name providers of the units; one name provided twice is a wiring mistake. */
function mergeProviders<P>(
  tables: ReadonlyArray<Partial<Record<string, P>> | undefined>,
  what: string
): Map<string, P> {
  const merged = new Map<string, P>();
  for (const table of tables) {
    for (const [name, provider] of Object.entries(table ?? {})) {
      if (merged.has(name)) {
        throw new Error(`${what} "${name}" has two providers`);
      }
      merged.set(name, provider as P);
    }
  }
  return merged;
}

/**
 * Merges the units' tables; a query type registered twice is a wiring mistake. `variable` is composed: each unit
 * provides the variables it knows (queue and tier from queues, service and level from logs), one provider per name.
 */
export function combineQueryHandlers(
  tables: ReadonlyArray<QueryHandlerTable | undefined>,
  variables: ReadonlyArray<VariableProviders | undefined> = [],
  events: ReadonlyArray<EventProviders | undefined> = []
): QueryHandlerTable {
  const combined: Record<string, unknown> = {};
  for (const table of tables) {
    for (const [type, handler] of Object.entries(table ?? {})) {
      if (type in combined) {
        throw new Error(`query type "${type}" has two handlers`);
      }
      combined[type] = handler;
    }
  }
  const providers = mergeProviders(variables, 'variable');
  if (providers.size > 0) {
    if ('variable' in combined) {
      throw new Error('query type "variable" has a handler and variable providers; use providers only');
    }
    combined.variable = variableHandler(providers);
  }
  const eventProviders = mergeProviders(events, 'event source');
  if (eventProviders.size > 0) {
    if ('events' in combined) {
      throw new Error('query type "events" has a handler and event providers; use providers only');
    }
    combined.events = eventsHandler(eventProviders);
  }
  return combined as QueryHandlerTable;
}

function describe(error: z.ZodError): string {
  return error.issues.map((issue) => `${issue.path.join('.') || 'query'}: ${issue.message}`).join('; ');
}

/** What an unusable queryType was, in a few words (never the value's whole JSON: it may be huge or too deep to print). */
function describeQueryType(queryType: unknown): string {
  if (queryType === undefined) {
    return 'no queryType';
  }
  if (typeof queryType === 'string') {
    const shown = queryType.length > 100 ? `${queryType.slice(0, 100)}…` : queryType;
    return `unknown queryType ${JSON.stringify(shown)}`;
  }
  const kind = queryType === null ? 'null' : Array.isArray(queryType) ? 'an array' : `a ${typeof queryType}`;
  return `queryType must be a string, not ${kind}`;
}

const invalidRequest = (problem: string) =>
  new InvalidInputError(`invalid query request: ${problem}`, undefined, 'invalid_query_request');

/** What a query's refId gets for a domain error: its message (prefixed with the query field it names). */
function resultOf(error: DomainError): QueryResultJSON {
  const message =
    error instanceof InvalidInputError && error.parameter !== undefined
      ? `${error.parameter}: ${error.message}`
      : error.message;
  return { frames: [], error: message, status: statusOf(error) };
}

/** Throws InvalidInputError (code `invalid_query_request`) for a malformed envelope; otherwise answers per refId. */
export async function dispatchQueries(
  body: unknown,
  handlers: QueryHandlerTable,
  options: { requestId: string; onHandlerError?: (refId: string, error: unknown) => void }
): Promise<QueryResponse> {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw invalidRequest('the body must be a JSON object with a "queries" array (Content-Type: application/json)');
  }
  const envelope = envelopeSchema.safeParse(body);
  if (!envelope.success) {
    throw invalidRequest(describe(envelope.error));
  }
  const { queries, range, intervalMs, maxDataPoints } = envelope.data;
  const refIds = queries.map((query) => query.refId);
  const duplicate = refIds.find((refId, index) => refIds.indexOf(refId) !== index);
  if (duplicate !== undefined) {
    throw invalidRequest(`refId "${duplicate}" is used twice`);
  }
  if (range && Date.parse(range.from) > Date.parse(range.to)) {
    throw invalidRequest('range.from is after range.to');
  }

  const context: QueryContext = {
    requestId: options.requestId,
    intervalMs,
    maxDataPoints,
    ...(range ? { range: { from: new Date(range.from), to: new Date(range.to) } } : {}),
  };
  const knownTypes = Object.keys(handlers);
  const limit = pLimit(QUERY_CONCURRENCY);

  const entries = await Promise.all(
    queries.map((raw) =>
      limit(async (): Promise<[string, QueryResultJSON]> => {
        const { refId } = raw;
        const queryType = raw.queryType;
        const handler = typeof queryType === 'string' ? handlers[queryType as QueryType] : undefined;
        if (!handler) {
          const got = describeQueryType(queryType);
          return [refId, { frames: [], error: `${got}; expected one of: ${knownTypes.join(', ')}`, status: 400 }];
        }
        const parsed = querySchema(queryType as QueryType).safeParse(raw);
        if (!parsed.success) {
          return [refId, { frames: [], error: `invalid ${queryType} query: ${describe(parsed.error)}`, status: 400 }];
        }
        try {
          const frames = await (handler as QueryHandler<unknown>)(parsed.data, context);
          return [refId, { frames: frames.map((frame) => ({ ...frame, schema: { ...frame.schema, refId } })) }];
        } catch (error) {
          if (error instanceof DomainError) {
            return [refId, resultOf(error)];
          }
          if (isDataException(error)) {
            return [refId, { frames: [], error: `invalid input: ${(error as Error).message}`, status: 400 }];
          }
          if (isPostgresUnavailable(error)) {
            return [refId, resultOf(postgresUnavailable(error))];
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
    )
  );
  return { results: Object.fromEntries(entries) };
}
