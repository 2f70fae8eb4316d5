import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { IngestContext } from './batch.ts';
import { anyValue, parseOtlpLogs } from './otlp.ts';

const NOW = new Date('2026-12-01T12:00:00.000Z');
const context: IngestContext = { now: NOW, defaultService: 'fallback', maxLineBytes: 1_024, retentionDays: 90 };
const nanos = (iso: string) => `${Date.parse(iso)}000000`;
const kv = (key: string, value: unknown) => ({ key, value });

describe('parseOtlpLogs', () => {
  it('maps resource, scope, severity, body kinds, ids and exception attributes', () => {
    const { records, rejects, entries } = parseOtlpLogs(
      {
        resourceLogs: [
          {
            resource: {
              attributes: [
                kv('service.name', { stringValue: 'checkout' }),
                kv('host.name', { stringValue: 'node-1' }),
                kv('k8s.pod.name', { stringValue: 'pod-a' }),
              ],
            },
            scopeLogs: [
              {
                scope: { name: 'my.lib', version: '1.2.0' },
                logRecords: [
                  {
                    timeUnixNano: nanos('2026-12-01T11:00:00Z'),
                    severityNumber: 17,
                    severityText: 'ERROR',
                    body: { stringValue: 'payment failed' },
                    attributes: [
                      kv('exception.type', { stringValue: 'CardDeclined' }),
                      kv('exception.message', { stringValue: 'declined' }),
                      kv('exception.stacktrace', { stringValue: 'CardDeclined: declined\n  at pay' }),
                      kv('retries', { intValue: '3' }),
                      kv('request_id', { stringValue: 'req-7' }),
                    ],
                    traceId: '5B8EFFF798038103D269B633813FC60C',
                    spanId: 'EEE19B7EC3C1B174',
                  },
                  {
                    observedTimeUnixNano: nanos('2026-12-01T11:00:01Z'),
                    severityText: 'warning',
                    body: { intValue: '42' },
                  },
                  {
                    timeUnixNano: '0',
                    severityNumber: 9,
                    body: { kvlistValue: { values: [kv('a', { boolValue: true })] } },
                  },
                  {
                    severityNumber: 1,
                    body: {
                      arrayValue: { values: [{ doubleValue: 1.5 }, { bytesValue: 'AAE=' }, { stringValue: 'x' }] },
                    },
                    traceId: '00000000000000000000000000000000',
                  },
                  'not a record',
                ],
              },
            ],
          },
        ],
      },
      context
    );
    assert.equal(entries, 5);
    assert.deepEqual(rejects, [{ line: 5, code: 'invalid_record', reason: 'a log record must be an object' }]);
    const [first, second, third, fourth] = records;
    assert.deepEqual(
      [first!.service, first!.host, first!.level, first!.message, first!.ts.toISOString(), first!.requestId],
      ['checkout', 'node-1', 'error', 'payment failed', '2026-12-01T11:00:00.000Z', 'req-7']
    );
    assert.equal(first!.traceId, '5b8efff798038103d269b633813fc60c');
    assert.equal(first!.spanId, 'eee19b7ec3c1b174');
    assert.equal(first!.errorType, 'CardDeclined');
    assert.equal(first!.stack, 'CardDeclined: declined\n  at pay');
    assert.deepEqual(first!.attrs, {
      'k8s.pod.name': 'pod-a',
      'otel.scope.name': 'my.lib',
      'otel.scope.version': '1.2.0',
      'exception.message': 'declined',
      retries: 3,
    });
    assert.deepEqual(
      [second!.level, second!.message, second!.ts.toISOString()],
      ['warn', '42', '2026-12-01T11:00:01.000Z']
    );
    assert.deepEqual([third!.level, third!.message, third!.ts], ['info', '{"a":true}', NOW]);
    assert.deepEqual(third!.attrs.body, { a: true });
    assert.deepEqual([fourth!.level, fourth!.message, fourth!.traceId], ['trace', '[1.5,"AAE=","x"]', null]);
  });

  it('AnyValue: int64 beyond 2^53 stays text; a malformed body is an error naming where', () => {
    assert.equal(anyValue({ intValue: '9223372036854775807' }), '9223372036854775807');
    assert.throws(() => parseOtlpLogs({ resourceLogs: {} }, context), /resourceLogs must be an array/);
    assert.throws(
      () => parseOtlpLogs({ resourceLogs: [{ scopeLogs: [{ logRecords: 3 }] }] }, context),
      /resourceLogs\[0\]\.scopeLogs\[0\]\.logRecords must be an array/
    );
    assert.deepEqual(parseOtlpLogs({}, context).entries, 0);
  });
});
