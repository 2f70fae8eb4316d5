import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createReputationChecker, createTokenBucket, redactSecret } from './checker.ts';
import { reputationSchema } from './config.ts';

describe('reputation checker (no DNS)', () => {
  it('spaces calls with a token bucket of one', async () => {
    let clock = 0;
    const bucket = createTokenBucket(1_000, 1, () => clock);
    const started = performance.now();
    await bucket.take();
    await bucket.take();
    await bucket.take();
    // Two waits of ~1 ms each at 1000/s with a frozen clock (reservations stack).
    assert.ok(performance.now() - started >= 1.5);
    clock += 10_000;
    const again = performance.now();
    await bucket.take();
    assert.ok(performance.now() - again < 5, 'a full bucket lets the next call go at once');
  });

  it('redacts a secret everywhere it appears', () => {
    assert.equal(
      redactSecret('2.0.0.127.k3y.zen.dq.spamhaus.net k3y', 'k3y'),
      '2.0.0.127.<dqs-key>.zen.dq.spamhaus.net <dqs-key>'
    );
    assert.equal(redactSecret('nothing', undefined), 'nothing');
  });

  it('returns no rows without sending IPs, and sends nothing', async () => {
    const checker = createReputationChecker({ config: reputationSchema.parse({}) });
    assert.deepEqual(await checker.checkAll(), []);
    assert.equal(checker.queriesSent(), 0);
  });

  it('refuses a resolver address the config would not accept', () => {
    assert.throws(() => reputationSchema.parse({ resolver: { servers: ['dns.example.org'] } }), /resolver/);
    assert.deepEqual(
      reputationSchema.parse({ resolver: { servers: ['127.0.0.1', '127.0.0.1:5353', '[::1]:53', '::1'] } }).resolver
        .servers,
      ['127.0.0.1', '127.0.0.1:5353', '[::1]:53', '::1']
    );
  });
});
