import assert from 'node:assert/strict';
import { hostname } from 'node:os';
import { Writable } from 'node:stream';
import { describe, it } from 'node:test';
import { pino } from 'pino';
import type { IngestContext } from './batch.ts';
import { MAX_JSON_DEPTH, parseNdjson } from './ndjson.ts';

const NOW = new Date('2026-12-01T12:00:00.000Z');
const context: IngestContext = { now: NOW, defaultService: 'fallback', maxLineBytes: 1_024, retentionDays: 90 };

/** Lines a real pino logger writes (its own serializers, its own time and level encoding). */
function pinoLines(log: (logger: pino.Logger) => void, options: pino.LoggerOptions = {}): string {
  let out = '';
  const stream = new Writable({
    write(chunk, _encoding, done) {
      out += String(chunk);
      done();
    },
  });
  const logger = pino({ level: 'trace', ...options }, stream);
  log(logger);
  logger.flush();
  return out;
}

describe('parseNdjson', () => {
  it('reads the platform’s own lines (demo and service shape)', () => {
    const line = JSON.stringify({
      ts: '2026-12-01T11:59:00.000Z',
      level: 'error',
      service: 'email-worker',
      message: 'send failed',
      request_id: 'req-1',
      job_id: 'j1',
      queue: 'email-sending',
      error_type: 'SmtpError',
      error_message: '421 try later',
      stack: 'SmtpError: 421 try later\n    at send (worker.ts:1:1)',
    });
    const { records, rejects, entries } = parseNdjson(line, context);
    assert.equal(entries, 1);
    assert.deepEqual(rejects, []);
    assert.deepEqual(records[0], {
      ts: new Date('2026-12-01T11:59:00.000Z'),
      level: 'error',
      service: 'email-worker',
      host: null,
      message: 'send failed',
      requestId: 'req-1',
      traceId: null,
      spanId: null,
      errorType: 'SmtpError',
      stack: 'SmtpError: 421 try later\n    at send (worker.ts:1:1)',
      attrs: { job_id: 'j1', queue: 'email-sending', error_message: '421 try later' },
      truncated: false,
    });
  });

  it('reads real pino lines: numeric levels, epoch ms time, msg, err {type, message, stack}, hostname, pid, name', () => {
    const error = new TypeError('boom');
    const text = pinoLines(
      (logger) => {
        const child = logger.child({ requestId: 'r-9' });
        child.trace('t');
        child.debug('d');
        child.info({ user: { id: 7 } }, 'hello');
        child.warn('w');
        child.error({ err: error }, 'failed');
        child.fatal('f');
      },
      { name: 'api' }
    );
    const { records, rejects } = parseNdjson(text, { ...context, now: new Date() });
    assert.deepEqual(rejects, []);
    assert.deepEqual(
      records.map((r) => r.level),
      ['trace', 'debug', 'info', 'warn', 'error', 'fatal']
    );
    const failed = records[4]!;
    assert.equal(failed.service, 'api');
    assert.equal(failed.message, 'failed');
    assert.equal(failed.requestId, 'r-9');
    assert.equal(failed.errorType, 'TypeError');
    assert.match(failed.stack ?? '', /^TypeError: boom\n\s+at /);
    assert.deepEqual(failed.attrs.err, { message: 'boom' });
    assert.equal(typeof failed.attrs.pid, 'number');
    assert.equal(failed.host, hostname());
    assert.ok(Math.abs(failed.ts.getTime() - Date.now()) < 5_000);
    assert.deepEqual(records[2]!.attrs.user, { id: 7 });
  });

  it('reads winston and bunyan shapes', () => {
    const winston = JSON.stringify({
      level: 'warning',
      message: 'disk',
      timestamp: '2026-12-01T11:00:00Z',
      service: 'w',
    });
    const bunyan = JSON.stringify({
      name: 'smtp',
      hostname: 'mx1',
      pid: 12,
      level: 50,
      err: { message: 'x', name: 'Error', stack: 'Error: x\n    at y' },
      msg: 'oops',
      time: '2026-12-01T11:30:00.000Z',
      v: 0,
    });
    const { records } = parseNdjson(`${winston}\n${bunyan}\n`, context);
    assert.deepEqual(
      records.map((r) => [r.level, r.service, r.host, r.message, r.ts.toISOString(), r.errorType]),
      [
        ['warn', 'w', null, 'disk', '2026-12-01T11:00:00.000Z', null],
        ['error', 'smtp', 'mx1', 'oops', '2026-12-01T11:30:00.000Z', 'Error'],
      ]
    );
    assert.deepEqual(records[1]!.attrs, { pid: 12, err: { message: 'x' }, v: 0 });
  });

  it('stores every non-empty line: plain text and JSON scalars as messages, rejects only arrays, null and deep nesting', () => {
    const deep = `${'{"a":'.repeat(MAX_JSON_DEPTH + 1)}1${'}'.repeat(MAX_JSON_DEPTH + 1)}`;
    const body = [
      'plain text line',
      '',
      '   ',
      '"a json string"',
      '42',
      '[1,2]',
      'null',
      '{"msg":"ok"}',
      '{broken',
      deep,
      'last\r',
    ].join('\n');
    const { records, rejects, entries } = parseNdjson(body, context);
    assert.equal(entries, 9);
    assert.deepEqual(
      rejects.map((r) => [r.line, r.code]),
      [
        [6, 'json_array'],
        [7, 'json_null'],
        [10, 'too_deep'],
      ]
    );
    assert.deepEqual(
      records.map((r) => [r.message, r.level, r.service]),
      [
        ['plain text line', 'unknown', 'fallback'],
        ['a json string', 'unknown', 'fallback'],
        ['42', 'unknown', 'fallback'],
        ['ok', 'unknown', 'fallback'],
        ['{broken', 'unknown', 'fallback'],
        ['last', 'unknown', 'fallback'],
      ]
    );
    assert.equal(records.length + rejects.length, entries);
  });

  it('cuts a line over maxLineBytes with a marker, keeping its labels', () => {
    const long = JSON.stringify({ level: 'info', service: 's', request_id: 'r', msg: 'é'.repeat(2_000) });
    const [record] = parseNdjson(long, context).records;
    assert.equal(record!.truncated, true);
    assert.equal(record!.requestId, 'r');
    assert.equal(record!.level, 'info');
    assert.match(record!.message, /…\[truncated \d+ bytes\]$/);
    const kept = record!.message.replace(/…\[truncated \d+ bytes\]$/, '');
    assert.ok(Buffer.byteLength(kept) <= 1_024);
    assert.ok(!kept.includes('\uFFFD'), 'never splits a character');
    const plain = parseNdjson('x'.repeat(3_000), context).records[0]!;
    assert.equal(plain.message, `${'x'.repeat(1_024)}…[truncated 1976 bytes]`);
  });

  it('strips NUL and unpaired surrogates instead of failing', () => {
    const body = ['{"msg":"a\\u0000b","k\\u0000":"\\ud800x","ok":"\\ud83d\\ude00"}', 'raw\u0000nul'].join('\n');
    const { records } = parseNdjson(body, context);
    assert.equal(records[0]!.message, 'ab');
    assert.deepEqual(records[0]!.attrs, { k: 'x', ok: '😀' });
    assert.equal(records[1]!.message, 'rawnul');
  });

  it('time: arrival time when absent; arrival time and the original kept when unreadable or outside the window', () => {
    const lines = [
      '{"msg":"none"}',
      '{"msg":"bad","time":"yesterday-ish"}',
      '{"msg":"old","time":0}',
      '{"msg":"future","ts":"2030-01-01T00:00:00Z"}',
      '{"msg":"seconds","time":1796126400}',
      '{"msg":"nanos","time":"1796126400000000000"}',
    ].join('\n');
    const records = parseNdjson(lines, context).records;
    assert.deepEqual(
      records.map((r) => [r.message, r.ts.toISOString(), r.attrs.ts_replaced ?? null, r.attrs.original_ts ?? null]),
      [
        ['none', NOW.toISOString(), null, null],
        ['bad', NOW.toISOString(), 'unparseable', 'yesterday-ish'],
        ['old', NOW.toISOString(), 'outside_retention', 0],
        ['future', NOW.toISOString(), 'in_future', '2030-01-01T00:00:00Z'],
        ['seconds', '2026-12-01T12:00:00.000Z', null, null],
        ['nanos', '2026-12-01T12:00:00.000Z', null, null],
      ]
    );
  });

  it('maps request and trace ids from their common names; cuts absurd identifiers', () => {
    const lines = [
      '{"reqId":"a","traceId":"t","spanId":"s"}',
      '{"req":{"id":"b","method":"GET"},"trace_id":"t2","span_id":"s2"}',
      `{"request_id":"${'r'.repeat(600)}"}`,
    ].join('\n');
    const records = parseNdjson(lines, context).records;
    assert.deepEqual(
      records.map((r) => [r.requestId?.length === 512 ? 'cut' : r.requestId, r.traceId, r.spanId]),
      [
        ['a', 't', 's'],
        ['b', 't2', 's2'],
        ['cut', null, null],
      ]
    );
    assert.equal(records[2]!.truncated, true);
    assert.deepEqual(records[1]!.attrs.req, { id: 'b', method: 'GET' });
  });
});
