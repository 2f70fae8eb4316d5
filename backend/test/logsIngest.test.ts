// Ingest over HTTP against real PostgreSQL: every accepted line is in sysmon.logs, every reject is reported
// (accepted + rejected = non-empty input lines), for NDJSON, Loki push and OTLP/HTTP JSON; gzip; the body and
// decompressed limits (413), media types (415), the in-flight budget (429) and an unreachable store (503).
import { serviceUnit } from '../src/units/service.ts';
import { logsUnit } from '../src/units/logs/index.ts';
import assert from 'node:assert/strict';
import { request as httpRequest } from 'node:http';
import { after, before, describe, it } from 'node:test';
import { gzipSync, deflateSync } from 'node:zlib';
import type { IngestResult } from '@penguinmails/sysmon-contract';
import pg from 'pg';
import { quoteIdent } from '../src/db/sql.ts';
import { createIngestBudget } from '../src/logs/ingest/budget.ts';
import type { LogRow } from '../src/logs/postgres/search.ts';
import { startServer, type RunningServer } from '../src/server.ts';
import { bearer, dropSchema, randomSchema, randomSuffix, testConfig, TEST_DATABASE_URL, TOKENS } from './helpers.ts';

const LIMITS = 'logs:\n  maxBodyBytes: 65536\n  maxLineBytes: 1024\n';

/** A row of the logs table as the store reads it (search.ts), without its id. */
type StoredLine = Omit<LogRow, 'id'>;

describe('log ingest over HTTP (real PostgreSQL)', () => {
  const schema = randomSchema();
  const db = new pg.Client({ connectionString: TEST_DATABASE_URL });
  let server: RunningServer;

  before(async () => {
    const config = testConfig(schema, {}, LIMITS);
    server = await startServer(config, {
      migrate: true,
      units: [serviceUnit, logsUnit({ ingestBudget: createIngestBudget({ maxRequests: 1, maxBytes: 256 * 1024 }) })],
    });
    await db.connect();
  });
  after(async () => {
    await server?.close();
    await db.end();
    await dropSchema(schema);
  });

  const post = (path: string, body: string | Buffer, headers: Record<string, string> = {}) =>
    fetch(`${server.url}${path}`, {
      method: 'POST',
      headers: { ...bearer(TOKENS.ingest), ...headers },
      body,
    });
  const stored = async (service: string) =>
    (
      await db.query<StoredLine>(
        `SELECT ts, level, service, host, message, request_id, trace_id, span_id, error_type, stack, attrs, truncated
           FROM ${quoteIdent(schema)}.logs WHERE service = $1 ORDER BY id`,
        [service]
      )
    ).rows;

  describe('NDJSON (POST /api/logs/ingest)', () => {
    it('a mixed batch: every accepted line is stored, every reject named by line', async () => {
      const service = `nd-${randomSuffix()}`;
      const lines = [
        JSON.stringify({ ts: new Date().toISOString(), level: 'info', service, message: 'one', request_id: 'r1' }),
        '',
        'not json at all',
        '[1,2,3]',
        JSON.stringify({
          level: 50,
          time: Date.now(),
          msg: 'pino',
          err: { type: 'Error', message: 'x', stack: 'Error: x\n  at f' },
        }),
        'null',
        '{"msg":"tab\\tand\\\\back\\nslash","level":"warn"}',
      ];
      const res = await post(`/api/logs/ingest?service=${service}`, lines.join('\n'), {
        'Content-Type': 'application/x-ndjson',
      });
      assert.equal(res.status, 200);
      const result = (await res.json()) as IngestResult;
      assert.deepEqual(result, {
        accepted: 4,
        truncated: 0,
        rejected: 2,
        rejects: [
          { line: 4, reason: 'a JSON array is not a log line: send one JSON object per line' },
          { line: 6, reason: 'JSON null is not a log line' },
        ],
      });
      assert.equal(result.accepted + result.rejected, lines.filter((line) => line.trim() !== '').length);
      const rows = await stored(service);
      assert.deepEqual(
        rows.map((row) => [row.level, row.message, row.request_id, row.error_type]),
        [
          ['info', 'one', 'r1', null],
          ['unknown', 'not json at all', null, null],
          ['error', 'pino', null, 'Error'],
          ['warn', 'tab\tand\\back\nslash', null, null],
        ]
      );
      assert.equal(rows[2]!.stack, 'Error: x\n  at f');
      assert.deepEqual(rows[2]!.attrs, { err: { message: 'x' } });
    });

    it('an all-valid batch and an all-malformed one', async () => {
      const service = `nd-${randomSuffix()}`;
      const valid = Array.from({ length: 500 }, (_, i) =>
        JSON.stringify({ service, msg: `line ${i}`, level: 'debug' })
      );
      const ok = (await (await post('/api/logs/ingest', valid.join('\n'))).json()) as IngestResult;
      assert.equal(ok.accepted, 500);
      const bad = (await (await post('/api/logs/ingest', '[]\nnull\n[{}]\n')).json()) as IngestResult;
      assert.deepEqual([bad.accepted, bad.rejected], [0, 3]);
      assert.equal((await stored(service)).length, 500);
    });

    it('gzip and deflate bodies', async () => {
      const service = `gz-${randomSuffix()}`;
      const body = Array.from({ length: 300 }, (_, i) => JSON.stringify({ msg: `gz ${i}` })).join('\n');
      for (const [encoding, data] of [
        ['gzip', gzipSync(body)],
        ['deflate', deflateSync(body)],
      ] as const) {
        const res = await post(`/api/logs/ingest?service=${service}`, data, { 'Content-Encoding': encoding });
        assert.equal(res.status, 200, encoding);
        assert.equal(((await res.json()) as IngestResult).accepted, 300);
      }
      assert.equal((await stored(service)).length, 600);
      const corrupt = await post('/api/logs/ingest', Buffer.from('not gzip'), { 'Content-Encoding': 'gzip' });
      assert.equal(corrupt.status, 400);
    });

    it('stores a line over maxLineBytes cut with a marker, strips NUL, keeps the service header default', async () => {
      const service = `cut-${randomSuffix()}`;
      const body = [
        JSON.stringify({ msg: 'x'.repeat(5_000), request_id: 'long' }),
        '{"msg":"nul\\u0000here","k":"\\u0000v"}',
        'raw\u0000line',
      ];
      const res = await post('/api/logs/ingest', body.join('\n'), { 'X-Sysmon-Service': service });
      const result = (await res.json()) as IngestResult;
      assert.deepEqual([result.accepted, result.truncated, result.rejected], [3, 1, 0]);
      const rows = await stored(service);
      assert.equal(rows[0]!.truncated, true);
      assert.equal(rows[0]!.request_id, 'long');
      assert.match(rows[0]!.message, /…\[truncated \d+ bytes\]$/);
      assert.deepEqual(
        rows.slice(1).map((row) => [row.message, row.attrs]),
        [
          ['nulhere', { k: 'v' }],
          ['rawline', {}],
        ]
      );
    });

    it('creates a missing day partition for an old line', async () => {
      const service = `old-${randomSuffix()}`;
      const ts = new Date(Date.now() - 30 * 86_400_000).toISOString();
      const res = await post('/api/logs/ingest', JSON.stringify({ ts, service, msg: 'a month ago' }));
      assert.equal(((await res.json()) as IngestResult).accepted, 1);
      assert.equal((await stored(service))[0]!.ts.toISOString(), ts);
    });
  });

  describe('refusals', () => {
    it('413 for a declared body over the limit, a streamed one, and a gzip body that inflates past it', async () => {
      const big = Buffer.alloc(70_000, 'a');
      const declared = await post('/api/logs/ingest', big);
      assert.equal(declared.status, 413);
      assert.match(((await declared.json()) as { error: { message: string } }).error.message, /limit of 65536 bytes/);

      // Chunked (no Content-Length): refused once 64 KiB have arrived.
      const streamed = await fetch(`${server.url}/api/logs/ingest`, {
        method: 'POST',
        headers: bearer(TOKENS.ingest),
        body: new ReadableStream({
          start(controller) {
            for (let i = 0; i < 20; i += 1) {
              controller.enqueue(new Uint8Array(8_192).fill(0x61));
            }
            controller.close();
          },
        }),
        duplex: 'half',
      } as RequestInit);
      assert.equal(streamed.status, 413);

      const bomb = gzipSync(Buffer.alloc(1_000_000, '{"msg":"a"}\n'));
      assert.ok(bomb.length < 65_536);
      const inflated = await post('/api/logs/ingest', bomb, { 'Content-Encoding': 'gzip' });
      assert.equal(inflated.status, 413);
      assert.match(((await inflated.json()) as { error: { message: string } }).error.message, /decompressed/);
    });

    it('415 for other media types, OTLP or Loki protobuf, and unknown encodings; 403 for the read token', async () => {
      const html = await post('/api/logs/ingest', 'x', { 'Content-Type': 'text/html' });
      assert.equal(html.status, 415);
      assert.match(((await html.json()) as { error: { message: string } }).error.message, /application\/x-ndjson/);
      const otlp = await post('/v1/logs', Buffer.from([0x0a]), { 'Content-Type': 'application/x-protobuf' });
      assert.equal(otlp.status, 415);
      assert.match(((await otlp.json()) as { error: { message: string } }).error.message, /only OTLP\/HTTP JSON/);
      const loki = await post('/loki/api/v1/push', Buffer.from([0x0a]), { 'Content-Type': 'application/x-protobuf' });
      assert.equal(loki.status, 415);
      const brotli = await post('/api/logs/ingest', 'x', { 'Content-Encoding': 'br' });
      assert.equal(brotli.status, 415);
      const read = await fetch(`${server.url}/api/logs/ingest`, {
        method: 'POST',
        headers: bearer(TOKENS.api),
        body: '{}',
      });
      assert.equal(read.status, 403);
      const none = await fetch(`${server.url}/v1/logs`, { method: 'POST', body: '{}' });
      assert.equal(none.status, 401);
    });

    it('429 with Retry-After while the in-flight budget is taken; served again once it is free', async () => {
      const url = new URL(`${server.url}/api/logs/ingest?service=held-${randomSuffix()}`);
      // A request that holds the only slot: headers sent, body not finished.
      const held = httpRequest(url, {
        method: 'POST',
        headers: { ...bearer(TOKENS.ingest), 'Transfer-Encoding': 'chunked' },
      });
      const heldAnswer = new Promise<number>((resolve, reject) => {
        held.on('response', (res) => {
          res.resume();
          resolve(res.statusCode ?? 0);
        });
        held.on('error', reject);
      });
      held.write('{"msg":"first half"}\n');
      await new Promise((resolve) => setTimeout(resolve, 200));
      const refused = await post('/api/logs/ingest', '{"msg":"second"}');
      assert.equal(refused.status, 429);
      assert.equal(refused.headers.get('retry-after'), '1');
      held.end('{"msg":"second half"}\n');
      assert.equal(await heldAnswer, 200);
      assert.equal((await post('/api/logs/ingest', '{"msg":"again"}')).status, 200);
    });
  });

  describe('Loki push (POST /loki/api/v1/push)', () => {
    const ns = () => `${Date.now()}000000`;

    it('204 on success; labels name service and level, JSON lines are parsed', async () => {
      const service = `loki-${randomSuffix()}`;
      const body = {
        streams: [
          {
            stream: { service_name: service, level: 'error', env: 'test' },
            values: [
              [ns(), 'plain loki line', { trace_id: 't-1' }],
              [ns(), JSON.stringify({ msg: 'json in loki', request_id: 'rq' })],
            ],
          },
        ],
      };
      const res = await post('/loki/api/v1/push', gzipSync(JSON.stringify(body)), {
        'Content-Type': 'application/json',
        'Content-Encoding': 'gzip',
      });
      assert.equal(res.status, 204);
      const rows = await stored(service);
      assert.deepEqual(
        rows.map((row) => [row.level, row.message, row.trace_id, row.request_id, row.attrs.env]),
        [
          ['error', 'plain loki line', 't-1', null, 'test'],
          ['error', 'json in loki', null, 'rq', 'test'],
        ]
      );
    });

    it('partial rejects: 400 naming them, the valid entries stored; a malformed body stores nothing', async () => {
      const service = `loki-${randomSuffix()}`;
      const body = {
        streams: [{ stream: { app: service }, values: [[ns(), 'ok 1'], ['yesterday', 'bad'], [ns(), 'ok 2'], [ns()]] }],
      };
      const res = await post('/loki/api/v1/push', JSON.stringify(body), { 'Content-Type': 'application/json' });
      assert.equal(res.status, 400);
      const answer = (await res.json()) as IngestResult & { error: { message: string } };
      assert.deepEqual([answer.accepted, answer.rejected, answer.rejects.map((r) => r.line)], [2, 2, [2, 4]]);
      assert.match(answer.error.message, /^2 of 4 entries rejected \(the other 2 are stored\): entry 2: /);
      assert.equal((await stored(service)).length, 2);
      const malformed = await post('/loki/api/v1/push', '{"streams": 1}', { 'Content-Type': 'application/json' });
      assert.equal(malformed.status, 400);
      assert.match(((await malformed.json()) as { error: { message: string } }).error.message, /"streams" array/);
      assert.equal((await post('/loki/api/v1/push', 'nope', { 'Content-Type': 'application/json' })).status, 400);
    });
  });

  describe('OTLP/HTTP JSON (POST /v1/logs)', () => {
    it('{} on success; partialSuccess with the count and a message for rejected records', async () => {
      const service = `otlp-${randomSuffix()}`;
      const now = `${Date.now()}000000`;
      const body = {
        resourceLogs: [
          {
            resource: { attributes: [{ key: 'service.name', value: { stringValue: service } }] },
            scopeLogs: [
              {
                scope: { name: 'test' },
                logRecords: [
                  {
                    timeUnixNano: now,
                    severityNumber: 13,
                    body: { stringValue: 'otlp warn' },
                    traceId: 'ab'.repeat(16),
                  },
                  {
                    timeUnixNano: now,
                    severityText: 'ERROR',
                    body: { kvlistValue: { values: [{ key: 'k', value: { intValue: '5' } }] } },
                  },
                ],
              },
            ],
          },
        ],
      };
      const res = await post('/v1/logs', JSON.stringify(body), { 'Content-Type': 'application/json' });
      assert.equal(res.status, 200);
      assert.deepEqual(await res.json(), {});
      const rows = await stored(service);
      assert.deepEqual(
        rows.map((row) => [row.level, row.message, row.trace_id]),
        [
          ['warn', 'otlp warn', 'ab'.repeat(16)],
          ['error', '{"k":5}', null],
        ]
      );

      const partial = structuredClone(body);
      (partial.resourceLogs[0]!.scopeLogs[0]!.logRecords as unknown[]).push(7, 'x');
      const answer = (await (
        await post('/v1/logs', JSON.stringify(partial), { 'Content-Type': 'application/json' })
      ).json()) as {
        partialSuccess: { rejectedLogRecords: number; errorMessage: string };
      };
      assert.equal(answer.partialSuccess.rejectedLogRecords, 2);
      assert.match(answer.partialSuccess.errorMessage, /log record 3: a log record must be an object/);
      assert.equal((await stored(service)).length, 4);
    });
  });

  it('counts ingested lines by service and level on /metrics', async () => {
    const res = await fetch(`${server.url}/metrics`, { headers: bearer(TOKENS.metrics) });
    const text = await res.text();
    assert.match(text, /sysmon_log_lines_ingested_total\{service="[^"]+",level="info"\} \d+/);
    assert.match(text, /sysmon_log_lines_rejected_total\{format="ndjson",reason="json_array"\} \d+/);
  });
});

describe('log ingest with the store unreachable', () => {
  const schema = randomSchema();
  let server: RunningServer;

  before(async () => {
    // The service's own database is up; the log store points at a port nothing listens on.
    server = await startServer(testConfig(schema), {
      migrate: true,
      units: [serviceUnit, logsUnit({ storeUrl: 'postgres://postgres@127.0.0.1:1/test' })],
    });
  });
  after(async () => {
    await server?.close();
    await dropSchema(schema);
  });

  it('503 with Retry-After, nothing acknowledged', async () => {
    for (const [path, type] of [
      ['/api/logs/ingest', 'application/x-ndjson'],
      ['/v1/logs', 'application/json'],
    ] as const) {
      const body =
        path === '/v1/logs'
          ? JSON.stringify({ resourceLogs: [{ scopeLogs: [{ logRecords: [{ body: { stringValue: 'x' } }] }] }] })
          : '{"msg":"x"}';
      const res = await fetch(`${server.url}${path}`, {
        method: 'POST',
        headers: { ...bearer(TOKENS.ingest), 'Content-Type': type },
        body,
      });
      assert.equal(res.status, 503, path);
      assert.equal(res.headers.get('retry-after'), '5');
      const answer = (await res.json()) as { error: { code: string; message: string } };
      assert.equal(answer.error.code, 'log_store_unavailable');
      assert.match(answer.error.message, /nothing was stored/);
    }
  });
});
