import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { FULL_SPEC, QUICK_SPEC } from './fixturePlan.ts';
import { DEFAULT_WRITE_PATH, parseOptions, UsageError } from './options.ts';

describe('bench options', () => {
  it('full defaults: 1M jobs, 3 runs, 30 s, 50 pollers, private Redis, writes BENCHMARKS.md', () => {
    const options = parseOptions([], {});
    assert.equal(options.spec, FULL_SPEC);
    assert.equal(options.runs, 3);
    assert.equal(options.durationS, 30);
    assert.equal(options.pollers, 50);
    assert.equal(options.redisUrl, undefined);
    assert.equal(options.writePath, DEFAULT_WRITE_PATH);
  });

  it('--quick: small fixture, one short run, no markdown', () => {
    const options = parseOptions(['--quick'], { DATABASE_URL: 'postgres://x@h/db' });
    assert.equal(options.spec, QUICK_SPEC);
    assert.equal(options.runs, 1);
    assert.equal(options.durationS, 5);
    assert.equal(options.writePath, undefined);
    assert.equal(options.databaseUrl, 'postgres://x@h/db');
  });

  it('flags override defaults', () => {
    const options = parseOptions(
      ['--runs', '5', '--duration', '10', '--redis-url', 'redis://h:1', '--no-write', '--note', 'busy'],
      {}
    );
    assert.equal(options.runs, 5);
    assert.equal(options.durationS, 10);
    assert.equal(options.redisUrl, 'redis://h:1');
    assert.equal(options.writePath, undefined);
    assert.equal(options.note, 'busy');
  });

  it('bad input names the flag', () => {
    assert.throws(
      () => parseOptions(['--runs', '0'], {}),
      (error: Error) => {
        assert.ok(error instanceof UsageError);
        assert.match(error.message, /--runs/);
        return true;
      }
    );
    assert.throws(() => parseOptions(['--json'], {}), /--json: expected a value/);
    assert.throws(() => parseOptions(['--fast'], {}), /unknown option --fast/);
  });
});
