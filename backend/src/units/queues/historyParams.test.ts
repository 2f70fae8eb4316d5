import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { HttpError } from '../../http/errors.ts';
import { parseHistoryParams } from './historyParams.ts';

describe('parseHistoryParams', () => {
  const now = Date.parse('2026-01-31T12:00:00Z');

  it('applies the defaults', () => {
    assert.deepEqual(parseHistoryParams({}, now), {
      field: 'depth',
      from: new Date(now - 3_600_000),
      to: new Date(now),
      groupBy: 'queue',
      maxPoints: 300,
    });
  });

  it('reads every parameter; times as ISO or epoch ms', () => {
    assert.deepEqual(
      parseHistoryParams(
        {
          field: 'oldest_wait_ms',
          from: '2026-01-31T10:00:00Z',
          to: String(now),
          groupBy: 'tier',
          queue: 'email-sending',
          tier: 'high',
          maxPoints: '50',
        },
        now
      ),
      {
        field: 'oldest_wait_ms',
        from: new Date('2026-01-31T10:00:00Z'),
        to: new Date(now),
        groupBy: 'tier',
        queue: 'email-sending',
        tier: 'high',
        maxPoints: 50,
      }
    );
  });

  it('400 invalid_parameter naming the parameter, in the style of every query-string validator', () => {
    for (const [query, parameter] of [
      [{ field: 'depthh' }, 'field'],
      [{ from: 'last week' }, 'from'],
      [{ from: '2026-01-31T13:00:00Z' }, 'from'],
      [{ maxPoints: '100000' }, 'maxPoints'],
      [{ maxPoints: '1.5' }, 'maxPoints'],
      [{ groupBy: 'prefix' }, 'groupBy'],
      [{ queue: 'a:b' }, 'queue'],
      [{ tier: ['high', 'low'] }, 'tier'],
      [{ limit: '5' }, 'limit'],
    ] as const) {
      assert.throws(
        () => parseHistoryParams(query as Record<string, unknown>, now),
        (error: unknown) =>
          error instanceof HttpError &&
          error.status === 400 &&
          error.code === 'invalid_parameter' &&
          error.message.startsWith(`invalid parameter ${parameter}: `),
        JSON.stringify(query)
      );
    }
  });

  it('treats blank values as absent', () => {
    assert.deepEqual(parseHistoryParams({ field: ' ', queue: '', maxPoints: '' }, now), parseHistoryParams({}, now));
  });

  it('rejects a range longer than the samples are kept (sampler.retentionDays), naming from', () => {
    const day = 86_400_000;
    const ninetyDays = { from: String(now - 90 * day), to: String(now) };
    assert.equal(parseHistoryParams(ninetyDays, now).from.getTime(), now - 90 * day);
    for (const [query, retentionDays] of [
      [{ from: String(now - 90 * day - 1), to: String(now) }, undefined],
      [{ from: '0' }, undefined],
      [ninetyDays, 30],
    ] as const) {
      assert.throws(
        () => parseHistoryParams(query, now, retentionDays === undefined ? {} : { retentionDays }),
        (error: unknown) =>
          error instanceof HttpError &&
          error.status === 400 &&
          error.code === 'invalid_parameter' &&
          error.message.startsWith('invalid parameter from: ') &&
          error.message.includes(`at most ${retentionDays ?? 90} days`),
        JSON.stringify(query)
      );
    }
  });
});
