import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { LOG_LINES_FRAME, logLineLabels as lineLabels, type LogLine } from '@penguinmails/sysmon-contract';
import { bucketStarts, logLinesFrame, logVolumeFrames } from './frames.ts';

const line = (overrides: Partial<LogLine> = {}): LogLine => ({
  id: '42',
  ts: '2026-12-01T10:00:00.123Z',
  level: 'error',
  service: 'smtp',
  host: null,
  message: 'send failed',
  requestId: 'req-1',
  traceId: null,
  spanId: null,
  errorType: 'TimeoutError',
  stack: 'TimeoutError: x\n    at y',
  attrs: { customer: 'acme', attempt: 2, http: { status: 421, ok: false }, tags: ['a'] },
  truncated: false,
  ...overrides,
});

describe('log frames', () => {
  it('labels: set fields only, attributes flattened and stringified', () => {
    assert.deepEqual(lineLabels(line()), {
      service: 'smtp',
      request_id: 'req-1',
      error_type: 'TimeoutError',
      stack: 'TimeoutError: x\n    at y',
      'attrs.customer': 'acme',
      'attrs.attempt': '2',
      'attrs.http.status': '421',
      'attrs.http.ok': 'false',
      'attrs.tags': '["a"]',
    });
    assert.equal(lineLabels(line({ truncated: true, attrs: {} })).truncated, 'true');
  });

  it('a data plane log-lines frame: meta, field names and types, values in order', () => {
    const frame = logLinesFrame(
      [line(), line({ id: '41', message: 'before' })],
      { searchWords: ['send'], nextCursor: '41' },
      'A'
    );
    assert.deepEqual(frame.schema.meta, {
      type: 'log-lines',
      typeVersion: LOG_LINES_FRAME.typeVersion,
      preferredVisualisationType: 'logs',
      custom: { searchWords: ['send'], nextCursor: '41' },
    });
    assert.deepEqual(
      frame.schema.fields.map((field) => [field.name, field.type]),
      [
        ['timestamp', 'time'],
        ['body', 'string'],
        ['severity', 'string'],
        ['id', 'string'],
        ['labels', 'other'],
      ]
    );
    assert.deepEqual(frame.data.values[0], [
      Date.parse('2026-12-01T10:00:00.123Z'),
      Date.parse('2026-12-01T10:00:00.123Z'),
    ]);
    assert.deepEqual(frame.data.values[3], ['42', '41']);
    assert.equal((frame.data.values[4]![0] as Record<string, string>).service, 'smtp');
  });

  it('volume: one zero-filled frame per level with lines, labelled by level, levels by severity', () => {
    const from = new Date(Date.UTC(2026, 11, 1, 10, 0, 30));
    const to = new Date(Date.UTC(2026, 11, 1, 10, 3, 0));
    const at = (minute: number) => new Date(Date.UTC(2026, 11, 1, 10, minute));
    assert.deepEqual(
      bucketStarts(from, to, 60_000),
      [at(0), at(1), at(2), at(3)].map((d) => d.getTime())
    );
    const frames = logVolumeFrames(
      [
        { time: at(0), level: 'info', count: 5 },
        { time: at(2), level: 'error', count: 2 },
        { time: at(3), level: 'info', count: 1 },
      ],
      { from, to },
      60_000
    );
    assert.deepEqual(
      frames.map((frame) => frame.schema.name),
      ['info', 'error']
    );
    assert.deepEqual(frames[0]!.data.values[1], [5, 0, 0, 1]);
    assert.deepEqual(frames[1]!.data.values[1], [0, 0, 2, 0]);
    assert.deepEqual(frames[1]!.schema.fields[1]!.labels, { level: 'error' });
    assert.equal(frames[1]!.schema.fields[1]!.config?.displayName, 'error');
    assert.equal(frames[0]!.schema.meta?.type, 'timeseries-multi');
  });
});
