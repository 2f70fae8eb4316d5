import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { cachedLoader } from './cache.ts';

function deferred<T>() {
  let resolve!: (value: T) => void;
  let reject!: (error: Error) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

describe('cachedLoader', () => {
  it('shares one in-flight load between concurrent callers', async () => {
    let loads = 0;
    const gate = deferred<string>();
    const cache = cachedLoader(() => {
      loads += 1;
      return gate.promise;
    }, 1_000);
    const calls = Array.from({ length: 50 }, () => cache.get());
    gate.resolve('v1');
    assert.deepEqual(new Set(await Promise.all(calls)), new Set(['v1']));
    assert.equal(loads, 1);
  });

  it('serves the cached value within the TTL and reloads after it', async () => {
    let now = 0;
    let loads = 0;
    const cache = cachedLoader(async () => `v${++loads}`, 2_000, { clock: () => now });
    assert.equal(await cache.get(), 'v1');
    now = 1_999;
    assert.equal(await cache.get(), 'v1');
    now = 2_000;
    assert.equal(await cache.get(), 'v2');
    assert.equal(loads, 2);
  });

  it('with refreshInBackground answers the expired value at once while one load refreshes it', async () => {
    let now = 0;
    const gates = [deferred<string>(), deferred<string>(), deferred<string>()];
    let loads = 0;
    const cache = cachedLoader(() => gates[loads++]!.promise, 1_000, { clock: () => now, refreshInBackground: true });
    gates[0]!.resolve('v1');
    assert.equal(await cache.get(), 'v1');
    now = 1_000;
    // Expired: both callers get the old value without waiting, and only one refresh starts.
    assert.deepEqual(await Promise.all([cache.get(), cache.get()]), ['v1', 'v1']);
    await new Promise((resolve) => setImmediate(resolve));
    assert.equal(loads, 2);
    gates[1]!.resolve('v2');
    await new Promise((resolve) => setImmediate(resolve));
    assert.equal(await cache.get(), 'v2');
    // invalidate() still makes callers wait for a fresh value.
    cache.invalidate();
    const fresh = cache.get();
    gates[2]!.resolve('v3');
    assert.equal(await fresh, 'v3');
    assert.equal(loads, 3);
  });

  it('shares a failure with the waiting callers but does not cache it', async () => {
    let loads = 0;
    const cache = cachedLoader(async () => {
      loads += 1;
      if (loads === 1) {
        throw new Error('redis down');
      }
      return 'ok';
    }, 10_000);
    const results = await Promise.allSettled([cache.get(), cache.get()]);
    assert.deepEqual(
      results.map((r) => r.status),
      ['rejected', 'rejected']
    );
    assert.equal(await cache.get(), 'ok');
    assert.equal(loads, 2);
  });

  it('invalidate forces a fresh load and drops the result of a load already in flight', async () => {
    let loads = 0;
    const gates = [deferred<string>(), deferred<string>()];
    const cache = cachedLoader(() => gates[loads++]!.promise, 10_000);
    const stale = cache.get();
    cache.invalidate();
    const fresh = cache.get();
    gates[0]!.resolve('old');
    gates[1]!.resolve('new');
    assert.equal(await stale, 'old');
    assert.equal(await fresh, 'new');
    assert.equal(await cache.get(), 'new');
    assert.equal(loads, 2);
  });

  it('refresh loads in the background while callers keep the cached value', async () => {
    let loads = 0;
    const gates = [deferred<string>(), deferred<string>()];
    const cache = cachedLoader(() => gates[loads++]!.promise, 10_000);
    const first = cache.get();
    gates[0]!.resolve('old');
    assert.equal(await first, 'old');
    cache.refresh();
    cache.refresh(); // single-flight: one load
    assert.equal(await cache.get(), 'old', 'not waiting for the refresh');
    gates[1]!.resolve('new');
    await new Promise((resolve) => setImmediate(resolve));
    assert.equal(await cache.get(), 'new');
    assert.equal(loads, 2);
  });
});
