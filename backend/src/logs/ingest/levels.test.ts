import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { levelFrom, levelFromOtlp } from './levels.ts';

describe('levels', () => {
  it('names and numbers of pino, bunyan, winston and syslog', () => {
    const cases: Array<[unknown, string]> = [
      [10, 'trace'],
      [20, 'debug'],
      [30, 'info'],
      [35, 'info'],
      [40, 'warn'],
      [50, 'error'],
      [60, 'fatal'],
      [70, 'fatal'],
      ['30', 'info'],
      [5, 'unknown'],
      ['silly', 'trace'],
      ['verbose', 'debug'],
      ['http', 'info'],
      ['WARNING', 'warn'],
      ['critical', 'fatal'],
      ['emerg', 'fatal'],
      ['err', 'error'],
      ['notice', 'info'],
      ['loud', 'unknown'],
      [null, 'unknown'],
    ];
    assert.deepEqual(
      cases.map(([value]) => levelFrom(value)),
      cases.map(([, level]) => level)
    );
  });

  it('OTLP severityNumber ranges, then severityText', () => {
    assert.deepEqual(
      [1, 4, 5, 9, 12, 13, 17, 21, 24].map((n) => levelFromOtlp(n, undefined)),
      ['trace', 'trace', 'debug', 'info', 'info', 'warn', 'error', 'fatal', 'fatal']
    );
    assert.equal(levelFromOtlp(0, 'Warning'), 'warn');
    assert.equal(levelFromOtlp(undefined, undefined), 'unknown');
  });
});
