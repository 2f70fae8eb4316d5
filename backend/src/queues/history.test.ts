import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { HttpError } from '../http/errors.ts';
import { bucketCount, bucketSizeMs, parseHistoryParams } from './history.ts';

describe('bucketSizeMs', () => {
  it('is ceil(range / maxPoints) in whole seconds, at least 1 s and at least the wanted interval', () => {
    assert.equal(bucketSizeMs(0, 3_599_999, 300), 12_000);
    assert.equal(bucketSizeMs(0, 3_599_999, 7), 515_000); // 514285.6 → 515 s
    // [0, 3600000] touches 301 aligned 12 s buckets (to is inclusive), so the size comes from 299 points.
    assert.equal(bucketSizeMs(0, 3_600_000, 300), 13_000);
    assert.equal(bucketSizeMs(0, 10_000, 300), 1_000);
    assert.equal(bucketSizeMs(0, 3_600_000, 300, 60_000), 60_000);
  });

  it('never yields more aligned buckets than maxPoints', () => {
    for (const [from, to, maxPoints] of [
      [7_000, 593_000, 7],
      [1_234_567, 1_234_567 + 86_400_000, 300],
      [999, 3_601_001, 2],
      [5, 5, 10],
    ] as const) {
      const size = bucketSizeMs(from, to, maxPoints);
      assert.ok(bucketCount(from, to, size) <= maxPoints, `${from}..${to} / ${maxPoints}: size ${size}`);
    }
  });
});

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
