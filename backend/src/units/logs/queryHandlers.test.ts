import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { LogLine } from '@penguinmails/sysmon-contract';
import { InvalidInputError } from '../../errors.ts';
import type { LogSearchRequest, LogStore, LogVolumeRequest } from '../../logs/store.ts';
import { createLogQueryHandlers, createLogVariables, volumeIntervalMs } from './queryHandlers.ts';

const NOW = Date.UTC(2026, 11, 1, 12);

function fakeStore() {
  const calls: { search: LogSearchRequest[]; volume: LogVolumeRequest[]; values: unknown[] } = {
    search: [],
    volume: [],
    values: [],
  };
  const store: LogStore = {
    append: async () => undefined,
    search: async (request) => {
      calls.search.push(request);
      return {
        lines: [
          {
            id: '7',
            ts: new Date(NOW).toISOString(),
            level: 'info',
            service: 'api',
            host: null,
            message: 'm',
            requestId: null,
            traceId: null,
            spanId: null,
            errorType: null,
            stack: null,
            attrs: {},
            truncated: false,
          } satisfies LogLine,
        ],
        nextCursor: '7',
        newestId: '9',
      };
    },
    volume: async (request) => (calls.volume.push(request), []),
    context: async () => [],
    values: async (variable, range) => (
      calls.values.push([variable, range]),
      variable === 'service' ? ['api'] : ['info']
    ),
  };
  return { store, calls };
}

describe('log query handlers', () => {
  it('logs: parses the search, passes chips, range and cursors, frames the page with its cursors', async () => {
    const { store, calls } = fakeStore();
    const handlers = createLogQueryHandlers(store, () => NOW);
    const range = { from: new Date(NOW - 900_000), to: new Date(NOW) };
    const [frame] = await handlers.logs!(
      {
        refId: 'A',
        queryType: 'logs',
        search: 'smtp "timed out" -retry',
        levels: ['error'],
        services: ['smtp'],
        limit: 50,
        before: '100',
      },
      { requestId: 'r', range }
    );
    const request = calls.search[0]!;
    assert.equal(request.search.terms.length, 3);
    assert.deepEqual(
      [request.levels, request.services, request.limit, request.before],
      [['error'], ['smtp'], 50, 100n]
    );
    assert.deepEqual([request.from, request.to], [range.from, range.to]);
    assert.deepEqual(frame!.schema.meta?.custom, {
      searchWords: ['smtp', 'timed out'],
      nextCursor: '7',
      newestId: '9',
    });
  });

  it('a tail reads past the range end; a syntax error names the search field', async () => {
    const { store, calls } = fakeStore();
    const handlers = createLogQueryHandlers(store, () => NOW);
    await handlers.logs!(
      { refId: 'A', queryType: 'logs', search: undefined, limit: 100, after: '5' },
      { requestId: 'r' }
    );
    assert.equal(calls.search[0]!.after, 5n);
    assert.ok(calls.search[0]!.to.getTime() > NOW);
    assert.equal(calls.search[0]!.from.getTime(), NOW - 3_600_000);
    await assert.rejects(
      handlers.logs!({ refId: 'A', queryType: 'logs', limit: 100, search: 'level:loud' }, { requestId: 'r' }),
      (error: unknown) =>
        error instanceof InvalidInputError && error.parameter === 'search' && /unknown level "loud"/.test(error.message)
    );
  });

  it('volume: a bounded number of buckets; variables read the dashboard range', async () => {
    const { store, calls } = fakeStore();
    const range = { from: new Date(NOW - 7 * 86_400_000), to: new Date(NOW) };
    assert.equal(
      volumeIntervalMs(range, 1_000, 2_000),
      11 * 60_000,
      '7 days / 1000 buckets = 10.08 min: 11 whole minutes'
    );
    assert.equal(volumeIntervalMs({ from: new Date(NOW - 3_600_000), to: new Date(NOW) }, 1_000, 1_000), 3_600);
    assert.equal(volumeIntervalMs(range, 3_600_000, 500), 3_600_000 * 1);
    assert.equal(volumeIntervalMs({ from: new Date(NOW - 60_000), to: new Date(NOW) }, 10), 1_000);
    await createLogQueryHandlers(store, () => NOW).log_volume!(
      { refId: 'V', queryType: 'log_volume', search: undefined },
      { requestId: 'r', range, intervalMs: 60_000, maxDataPoints: 300 }
    );
    assert.equal(calls.volume[0]!.intervalMs, Math.ceil((7 * 86_400_000) / 300 / 60_000) * 60_000);
    const variables = createLogVariables(store, () => NOW);
    assert.deepEqual(
      await variables.service!({ refId: 'S', queryType: 'variable', variable: 'service' }, { requestId: 'r', range }),
      ['api']
    );
    assert.deepEqual(calls.values[0], ['service', range]);
  });
});
