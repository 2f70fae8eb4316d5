import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { IngestContext } from './batch.ts';
import { parseLokiPush } from './loki.ts';

const NOW = new Date('2026-12-01T12:00:00.000Z');
const context: IngestContext = { now: NOW, defaultService: 'fallback', maxLineBytes: 1_024, retentionDays: 90 };
const ns = (iso: string) => `${Date.parse(iso)}000000`;

describe('parseLokiPush', () => {
  it('maps labels, entry times, structured metadata and JSON lines', () => {
    const { records, rejects, entries } = parseLokiPush(
      {
        streams: [
          {
            stream: { service_name: 'smtp', level: 'warning', env: 'prod', filename: '/var/log/smtp.log' },
            values: [
              [ns('2026-12-01T11:00:00Z'), 'greylisted by mx', { trace_id: 'abc', pod: 'p1' }],
              [ns('2026-12-01T11:00:01Z'), '{"msg":"json line","level":"error","ts":"2026-12-01T11:00:02Z","k":1}'],
            ],
          },
          { stream: { job: 'api' }, values: [[ns('2026-12-01T11:00:03Z'), 'plain']] },
        ],
      },
      context
    );
    assert.equal(entries, 3);
    assert.deepEqual(rejects, []);
    assert.deepEqual(
      records.map((r) => [r.service, r.level, r.message, r.ts.toISOString(), r.traceId]),
      [
        ['smtp', 'warn', 'greylisted by mx', '2026-12-01T11:00:00.000Z', 'abc'],
        ['smtp', 'error', 'json line', '2026-12-01T11:00:02.000Z', null],
        ['api', 'unknown', 'plain', '2026-12-01T11:00:03.000Z', null],
      ]
    );
    assert.deepEqual(records[0]!.attrs, { env: 'prod', filename: '/var/log/smtp.log', pod: 'p1' });
    assert.deepEqual(records[1]!.attrs, { env: 'prod', filename: '/var/log/smtp.log', k: 1 });
  });

  it('rejects bad entries by number and keeps the rest; a malformed body is an error', () => {
    const { records, rejects } = parseLokiPush(
      {
        streams: [
          { stream: {}, values: [['not-ns', 'a'], [ns('2026-12-01T11:00:00Z'), 5], 'x'] },
          {
            stream: { app: 'b' },
            values: [
              [ns('2026-12-01T11:00:00Z'), 'ok'],
              [ns('2026-12-01T11:00:00Z'), 'm', 'meta'],
            ],
          },
        ],
      },
      context
    );
    assert.deepEqual(
      rejects.map((r) => [r.line, r.code]),
      [
        [1, 'invalid_timestamp'],
        [2, 'invalid_entry'],
        [3, 'invalid_entry'],
        [5, 'invalid_entry'],
      ]
    );
    assert.deepEqual(
      records.map((r) => [r.service, r.message]),
      [['b', 'ok']]
    );
    assert.throws(() => parseLokiPush({ nope: 1 }, context), /"streams" array/);
    assert.throws(
      () => parseLokiPush({ streams: [{ stream: {} }] }, context),
      /streams\[0\] must be an object with a "values" array/
    );
  });

  it('an entry time outside the window is stored at arrival with the original kept', () => {
    const [record] = parseLokiPush({ streams: [{ stream: {}, values: [['1000000000', 'old']] }] }, context).records;
    assert.equal(record!.ts.toISOString(), NOW.toISOString());
    assert.equal(record!.attrs.original_ts, '1970-01-01T00:00:01.000Z');
    assert.equal(record!.attrs.ts_replaced, 'outside_retention');
  });
});
