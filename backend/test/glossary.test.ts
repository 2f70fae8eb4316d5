// Every frame field the service emits has a definition (the glossary's): the real service with every unit runs
// every query type (QUERY_TYPES) over real data — BullMQ jobs, a ledger row, sampler history, log lines, an HTTP
// probe — and each returned field must be a field of a frame its query type is defined to answer with
// (QUERY_TYPE_FRAMES), of that type, with the definition's unit and description in its config (what Grafana
// shows). A time series' value field, named after its series, carries the charted field's definition.
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import pg from 'pg';
import {
  QUERY_TYPE_FRAMES,
  QUERY_TYPES,
  QUEUE_METRIC_FIELDS,
  QUEUES_FRAME,
  SERVICE_METRIC_FIELDS,
  SERVICES_FRAME,
  type DataFrameJSON,
  type FieldDefinition,
  type GlossaryFrame,
  type QueryResponse,
  type QueryType,
  type SysmonQueryInput,
} from '@penguinmails/sysmon-contract';
import { quoteIdent } from '../src/db/sql.ts';
import { startServer, type RunningServer } from '../src/server.ts';
import {
  bearer,
  deletePrefix,
  dropSchema,
  randomPrefix,
  randomSchema,
  TEST_DATABASE_URL,
  TEST_REDIS_URL,
  testConfig,
  TOKENS,
  waitFor,
} from './helpers.ts';

type Query = SysmonQueryInput & Record<string, unknown>;

/** The definition a returned field stands for in `frame`, or why there is none. */
function definitionOf(
  frame: GlossaryFrame,
  returned: DataFrameJSON['schema']['fields'][number]
): FieldDefinition | string {
  const definitions = Object.values(frame.fields);
  const byName = definitions.find((definition) => definition.name === returned.name && !definition.namedAfterSeries);
  const found = byName ?? definitions.find((definition) => definition.namedAfterSeries);
  if (!found) {
    return `no field "${returned.name}" in frame ${frame.about.key}`;
  }
  return found.type === returned.type ? found : `${returned.name}: ${returned.type}, defined as ${found.type}`;
}

/** The frame definition of `queryType` that defines every field of `frame` (jobs: live or ledger), or the reasons. */
function matchFrame(queryType: QueryType, frame: DataFrameJSON) {
  const candidates: readonly GlossaryFrame[] = QUERY_TYPE_FRAMES[queryType];
  const reasons: string[] = [];
  for (const candidate of candidates) {
    if (candidate.name !== undefined && candidate.name !== frame.schema.name) {
      reasons.push(`frame ${frame.schema.name} is not ${candidate.about.key}`);
      continue;
    }
    const fields = frame.schema.fields.map((field) => ({ field, definition: definitionOf(candidate, field) }));
    const missing = fields.flatMap(({ definition }) => (typeof definition === 'string' ? [definition] : []));
    if (missing.length === 0) {
      return {
        candidate,
        fields: fields as Array<{ field: (typeof fields)[number]['field']; definition: FieldDefinition }>,
      };
    }
    reasons.push(...missing);
  }
  return reasons;
}

/** The definition whose unit and description a series' value field carries: the queues or services field it charts. */
function chartedDefinition(query: Query): FieldDefinition | undefined {
  if (query.queryType === 'queue_metrics') {
    return Object.values(QUEUES_FRAME.fields).find((field) => field.name === (query.field ?? 'depth'));
  }
  if (query.queryType === 'service_metrics') {
    return Object.values(SERVICES_FRAME.fields).find((field) => field.name === (query.metric ?? 'latency_ms'));
  }
  return undefined;
}

describe('every frame field the service emits is defined (every query type, real data)', () => {
  const schema = randomSchema();
  const prefix = randomPrefix('glossary');
  const url = new URL(TEST_REDIS_URL);
  const connection = { host: url.hostname, port: Number(url.port || 6379), maxRetriesPerRequest: null };
  let server: RunningServer;
  let redis: Redis;
  let db: pg.Client;
  let http: Server;
  let queue: Queue;

  const query = async (queries: Query[], range = { from: new Date(Date.now() - 3_600_000), to: new Date() }) => {
    const response = await fetch(`${server.url}/api/query`, {
      method: 'POST',
      headers: { ...bearer(TOKENS.api), 'Content-Type': 'application/json' },
      body: JSON.stringify({
        queries,
        range: { from: range.from.toISOString(), to: new Date(range.to.getTime() + 60_000).toISOString() },
        intervalMs: 1_000,
        maxDataPoints: 500,
      }),
    });
    assert.equal(response.status, 200);
    return (await response.json()) as QueryResponse;
  };
  const frames = async (one: Query) => {
    const result = (await query([one])).results[one.refId]!;
    assert.equal(result.error, undefined, `${one.queryType}: ${result.error}`);
    return result.frames;
  };

  before(async () => {
    redis = new Redis(TEST_REDIS_URL);
    db = new pg.Client({ connectionString: TEST_DATABASE_URL });
    await db.connect();
    http = createServer((_request, response) => response.end('{"status":"ok"}'));
    await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
    const yaml = `  prefixes: [${prefix}]
  tiers: { email-sending: high }
sampler: { intervalMs: 1000 }
probes:
  - { name: api, label: API, kind: http, url: "http://127.0.0.1:${(http.address() as AddressInfo).port}/healthz", intervalMs: 1000, timeoutMs: 900 }
`;
    server = await startServer(testConfig(schema, {}, yaml), { migrate: true });

    queue = new Queue('email-sending', { connection, prefix });
    await queue.addBulk([
      { name: 'send', data: { requestId: 'req-glossary-1' } },
      { name: 'send', data: { requestId: 'req-glossary-2' }, opts: { delay: 3_600_000 } },
    ]);
    await db.query(
      `INSERT INTO ${quoteIdent(`${schema}.job_ledger`)} (id, queue, name, status, request_id, payload, created_at, updated_at)
       VALUES ('1', 'email-sending', 'send', 'queued', 'req-glossary-1', '{"to":"a@example.com"}', now(), now())`
    );
    const ingest = await fetch(`${server.url}/api/logs/ingest`, {
      method: 'POST',
      headers: { ...bearer(TOKENS.ingest), 'Content-Type': 'application/x-ndjson' },
      body: ['info', 'error', 'warn']
        .map((level) =>
          JSON.stringify({ service: 'glossary-test', level, message: `a ${level} line`, request_id: 'req-glossary-1' })
        )
        .join('\n'),
    });
    assert.equal(ingest.status, 200);
    // An operator action, for the events query's audit source.
    const pause = await fetch(`${server.url}/api/queues/email-sending/pause`, {
      method: 'POST',
      headers: { ...bearer(TOKENS.operator), 'X-Grafana-User': 'glossary' },
    });
    assert.equal(pause.status, 200);
    // History: samples for queue_metrics, stored checks for service_metrics.
    await waitFor(
      'queue samples and probe checks',
      async () => {
        const { results } = await query([
          { refId: 'Q', queryType: 'queue_metrics', field: 'depth' },
          { refId: 'S', queryType: 'service_metrics', metric: 'latency_ms' },
        ]);
        return results.Q!.frames.length > 0 && results.S!.frames.length > 0;
      },
      20_000
    );
  });

  after(async () => {
    await queue?.close();
    await server?.close();
    await deletePrefix(redis, prefix);
    await redis.quit();
    await db.end();
    http?.close();
    await dropSchema(schema);
  });

  it('answers every query type with fields of its defined frames, carrying their units and descriptions', async () => {
    const logs = await frames({ refId: 'L', queryType: 'logs' });
    const lineId = String(logs[0]!.data.values[logs[0]!.schema.fields.findIndex((field) => field.name === 'id')]![0]);
    const queries: Query[] = [
      { refId: 'health', queryType: 'health' },
      { refId: 'queues', queryType: 'queues' },
      ...QUEUE_METRIC_FIELDS.flatMap((field) =>
        (['queue', 'tier'] as const).map((groupBy) => ({
          refId: `queue_metrics ${field.value} ${groupBy}`,
          queryType: 'queue_metrics' as const,
          field: field.value,
          groupBy,
        }))
      ),
      { refId: 'jobs live', queryType: 'jobs', queue: 'email-sending', state: 'waiting' },
      { refId: 'jobs delayed', queryType: 'jobs', queue: 'email-sending', state: 'delayed' },
      { refId: 'jobs search', queryType: 'jobs', search: 'send' },
      { refId: 'drift', queryType: 'drift' },
      { refId: 'logs', queryType: 'logs' },
      { refId: 'log_volume', queryType: 'log_volume' },
      { refId: 'log_context', queryType: 'log_context', id: lineId, direction: 'backward' },
      { refId: 'services', queryType: 'services' },
      ...SERVICE_METRIC_FIELDS.map((field) => ({
        refId: `service_metrics ${field.value}`,
        queryType: 'service_metrics' as const,
        metric: field.value,
      })),
      { refId: 'findings', queryType: 'findings' },
      { refId: 'ip_reputation', queryType: 'ip_reputation' },
      { refId: 'events', queryType: 'events' },
      ...(['queue', 'tier', 'service', 'level', 'infra_service'] as const).map((variable) => ({
        refId: `variable ${variable}`,
        queryType: 'variable' as const,
        variable,
      })),
    ];
    assert.deepEqual(
      [...new Set(queries.map((one) => one.queryType))].sort(),
      QUERY_TYPES.map((type) => type.value).sort(),
      'every query type is run'
    );

    const seen = new Map<string, Set<string>>();
    for (const one of queries) {
      const answered = await frames(one);
      assert.ok(answered.length > 0, `${one.refId}: some frame (the fixtures give every query type data)`);
      for (const frame of answered) {
        const match = matchFrame(one.queryType, frame);
        assert.ok(!Array.isArray(match), `${one.refId}: ${Array.isArray(match) ? match.join('; ') : ''}`);
        const { candidate, fields } = match;
        for (const { field, definition } of fields) {
          const meant = (definition.namedAfterSeries ? chartedDefinition(one) : undefined) ?? definition;
          const where = `${one.refId}: ${candidate.about.key}.${field.name}`;
          assert.equal(field.config?.description, meant.description, `${where} description`);
          if (meant.unit) {
            assert.equal(field.config?.unit, meant.unit, `${where} unit`);
          }
          const key = candidate.about.key;
          seen.set(key, (seen.get(key) ?? new Set()).add(definition.name));
        }
        if (candidate.name !== undefined) {
          assert.deepEqual(
            frame.schema.fields.map((field) => field.name),
            Object.values(candidate.fields).map((field) => field.name),
            `${one.refId}: every defined field, in order`
          );
        }
      }
    }
    // Every frame definition was seen, whole (series frames: their time and value fields).
    const defined = new Set(Object.values(QUERY_TYPE_FRAMES).flat() as GlossaryFrame[]);
    for (const frame of defined) {
      assert.deepEqual(
        [...(seen.get(frame.about.key) ?? [])].sort(),
        Object.values(frame.fields)
          .map((field) => field.name)
          .sort(),
        `${frame.about.key}: every field seen`
      );
    }
  });
});
