import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { BOUNCE_DOMAIN, GREYLIST_DOMAIN, JOB_KINDS, PRIORITY } from './catalog.ts';
import { DEFAULT_JOB_MIX, buildCampaign, buildJob, pickWeighted } from './jobFactory.ts';

/** Deterministic random source: cycles through the given values. */
function sequence(...values: number[]) {
  let i = 0;
  return () => values[i++ % values.length]!;
}

function counterIds() {
  let n = 0;
  return { uuid: () => `00000000-0000-4000-8000-${String(++n).padStart(12, '0')}` };
}

describe('pickWeighted', () => {
  it('picks by cumulative weight', () => {
    const items = [
      { name: 'a', weight: 1 },
      { name: 'b', weight: 3 },
    ];
    assert.equal(pickWeighted(items, () => 0.2).name, 'a');
    assert.equal(pickWeighted(items, () => 0.3).name, 'b');
    assert.equal(pickWeighted(items, () => 0.999).name, 'b');
  });
});

describe('buildJob', () => {
  it('builds an email job with the kind priority, a request id and a recipient', () => {
    const job = buildJob({
      queueKey: 'email',
      kindName: 'send-transactional',
      random: sequence(0.5),
      ids: counterIds(),
    });
    assert.equal(job.queue, 'email-sending');
    assert.equal(job.name, 'send-transactional');
    assert.equal(job.priority, PRIORITY.transactional);
    assert.equal(job.delayMs, 0, 'transactional mail is never scheduled');
    assert.equal(job.id, '00000000-0000-4000-8000-000000000001');
    assert.match(job.requestId, /^req-/);
    assert.notEqual(job.requestId.slice(4), job.id);
    assert.match(String(job.payload.to), /@example\.(com|net|org)$/);
  });

  it('routes a share of recipients to the bounce and greylist domains', () => {
    const mix = { ...DEFAULT_JOB_MIX, bounceRate: 0.1, greylistRate: 0.1, scheduledRate: 0 };
    const bounce = buildJob({
      queueKey: 'email',
      kindName: 'send-bulk',
      random: sequence(0.05),
      ids: counterIds(),
      mix,
    });
    const greylist = buildJob({
      queueKey: 'email',
      kindName: 'send-bulk',
      random: sequence(0.15),
      ids: counterIds(),
      mix,
    });
    assert.ok(String(bounce.payload.to).endsWith(`@${BOUNCE_DOMAIN}`));
    assert.ok(String(greylist.payload.to).endsWith(`@${GREYLIST_DOMAIN}`));
  });

  it('schedules a share of non-transactional email within the maximum delay', () => {
    const mix = { ...DEFAULT_JOB_MIX, scheduledRate: 0.5, maxScheduleDelayMs: 30_000 };
    const job = buildJob({
      queueKey: 'email',
      kindName: 'send-campaign',
      random: sequence(0.1),
      ids: counterIds(),
      mix,
    });
    assert.ok(job.delayMs >= 1_000 && job.delayMs <= 30_000, `delay ${job.delayMs}`);
    const now = buildJob({
      queueKey: 'email',
      kindName: 'send-campaign',
      random: sequence(0.9),
      ids: counterIds(),
      mix,
    });
    assert.equal(now.delayMs, 0);
  });

  it('uses the kinds of each queue', () => {
    for (const queueKey of ['warmup', 'analytics'] as const) {
      const job = buildJob({ queueKey, random: sequence(0.4), ids: counterIds() });
      assert.ok(JOB_KINDS[queueKey].some((kind) => kind.name === job.name && kind.priority === job.priority));
      assert.equal(job.delayMs, 0);
    }
  });

  it('rejects an unknown kind', () => {
    assert.throws(
      () => buildJob({ queueKey: 'warmup', kindName: 'send-bulk', random: Math.random, ids: counterIds() }),
      /unknown job kind send-bulk/
    );
  });
});

describe('buildCampaign', () => {
  it('builds size campaign emails sharing the campaign id, unique job ids, none delayed', () => {
    const jobs = buildCampaign(25, 'campaign-x', { random: sequence(0.3, 0.7, 0.01), ids: counterIds() });
    assert.equal(jobs.length, 25);
    assert.equal(new Set(jobs.map((job) => job.id)).size, 25);
    assert.ok(
      jobs.every((job) => job.name === 'send-campaign' && job.payload.campaignId === 'campaign-x' && job.delayMs === 0)
    );
  });
});
