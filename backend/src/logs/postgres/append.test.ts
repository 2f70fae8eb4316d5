import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { copyField, copyRow, isoTime } from './append.ts';

describe('COPY text', () => {
  it('isoTime matches toISOString, cached by minute', () => {
    for (const ms of [
      0,
      999,
      1_000,
      59_999,
      60_000,
      1_796_126_400_123,
      1_796_126_459_001,
      Date.now(),
      253_402_300_799_999,
    ]) {
      assert.equal(isoTime(new Date(ms)), new Date(ms).toISOString(), String(ms));
      assert.equal(isoTime(new Date(ms)), new Date(ms).toISOString(), `${ms} again (cached)`);
    }
  });

  it('escapes backslash, newline, carriage return and tab; NULL is \\N', () => {
    assert.equal(copyField('a\\b\nc\rd\te'), 'a\\\\b\\nc\\rd\\te');
    assert.equal(copyField(null), '\\N');
    const row = copyRow({
      ts: new Date('2026-12-01T12:00:00.000Z'),
      level: 'info',
      service: 's',
      host: null,
      message: 'm\n2',
      requestId: 'r',
      traceId: null,
      spanId: null,
      errorType: null,
      stack: null,
      attrs: { quote: 'a"b\\c' },
      truncated: true,
    });
    assert.equal(
      row,
      '2026-12-01T12:00:00.000Z\tinfo\ts\t\\N\tm\\n2\tr\t\\N\t\\N\t\\N\t\\N\t{"quote":"a\\\\"b\\\\\\\\c"}\tt\n'
    );
  });
});
