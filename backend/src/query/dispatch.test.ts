import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { InvalidInputError, NotFoundError } from '../errors.ts';
import { combineQueryHandlers, dispatchQueries, type QueryHandler, type QueryHandlerTable } from './dispatch.ts';
import { buildFrame } from './frames.ts';

const frame = buildFrame({ name: 'health', fields: [{ name: 'status', type: 'string', values: ['up'] }] });

/** A handler table whose health handler is the one under test, plus one more type that must not be reached. */
function withHealth(health: QueryHandler<unknown>): QueryHandlerTable {
  return {
    health,
    queues: async () => assert.fail('only the health handler is exercised here'),
  };
}
const handlers = withHealth(async () => [frame]);
const options = { requestId: 'req-1' };

async function envelopeError(body: unknown): Promise<InvalidInputError> {
  try {
    await dispatchQueries(body, handlers, options);
  } catch (error) {
    assert.ok(error instanceof InvalidInputError);
    assert.equal(error.code, 'invalid_query_request');
    return error;
  }
  assert.fail('expected an envelope error');
}

describe('dispatchQueries envelope', () => {
  it('rejects bodies without a queries array', async () => {
    await envelopeError(undefined);
    await envelopeError([]);
    await envelopeError('{}');
    const error = await envelopeError({ range: {} });
    assert.match(error.message, /queries/);
  });
  it('rejects empty queries, missing or duplicate refIds and inverted ranges', async () => {
    await envelopeError({ queries: [] });
    await envelopeError({ queries: [{ queryType: 'health' }] });
    assert.match(
      (await envelopeError({ queries: [{ refId: 'A' }, { refId: 'A' }] })).message,
      /refId "A" is used twice/
    );
    assert.match(
      (
        await envelopeError({
          queries: [{ refId: 'A', queryType: 'health' }],
          range: { from: '2026-01-02T00:00:00Z', to: '2026-01-01T00:00:00Z' },
        })
      ).message,
      /range.from is after range.to/
    );
    await envelopeError({ queries: [{ refId: 'A', queryType: 'health' }], range: { from: 'yesterday', to: 'now' } });
  });
});

describe('dispatchQueries per refId', () => {
  it('runs valid queries and tags frames with their refId; Grafana extras pass through', async () => {
    const response = await dispatchQueries(
      {
        queries: [{ refId: 'A', queryType: 'health', datasource: { uid: 'x' }, hide: false, intervalMs: 1000 }],
        range: { from: '2026-01-01T00:00:00.000Z', to: '2026-01-01T01:00:00.000Z', raw: { from: 'now-1h', to: 'now' } },
        intervalMs: 1000,
        maxDataPoints: 500,
      },
      handlers,
      options
    );
    assert.deepEqual(Object.keys(response.results), ['A']);
    assert.equal(response.results.A?.frames[0]?.schema.refId, 'A');
    assert.equal(response.results.A?.error, undefined);
  });

  it('errors only the refId with an unknown or missing queryType', async () => {
    const response = await dispatchQueries(
      { queries: [{ refId: 'A', queryType: 'health' }, { refId: 'B', queryType: 'nope' }, { refId: 'C' }] },
      handlers,
      options
    );
    assert.equal(response.results.A?.frames.length, 1);
    assert.deepEqual(response.results.B, {
      frames: [],
      error: 'unknown queryType "nope"; expected one of: health, queues',
      status: 400,
    });
    assert.equal(response.results.C?.status, 400);
    assert.match(response.results.C?.error ?? '', /no queryType/);
  });

  it('turns a handler failure into a 500 for that refId without leaking the message', async () => {
    const failures: string[] = [];
    const response = await dispatchQueries(
      { queries: [{ refId: 'A', queryType: 'health' }] },
      withHealth(async () => Promise.reject(new Error('password=hunter2 leaked'))),
      { requestId: 'req-9', onHandlerError: (refId) => failures.push(refId) }
    );
    assert.equal(response.results.A?.status, 500);
    assert.match(response.results.A?.error ?? '', /internal error .*req-9/);
    assert.ok(!response.results.A?.error?.includes('hunter2'));
    assert.deepEqual(failures, ['A']);
  });

  it('answers a domain error with its message and status, naming the query field of invalid input', async () => {
    const response = await dispatchQueries(
      { queries: [{ refId: 'A', queryType: 'health' }] },
      withHealth(async () => Promise.reject(new NotFoundError('queue_not_found', 'queue "x" does not exist'))),
      options
    );
    assert.deepEqual(response.results.A, { frames: [], error: 'queue "x" does not exist', status: 404 });
    const invalid = await dispatchQueries(
      { queries: [{ refId: 'A', queryType: 'health' }] },
      withHealth(async () => Promise.reject(new InvalidInputError('unterminated quote', 'search'))),
      options
    );
    assert.deepEqual(invalid.results.A, { frames: [], error: 'search: unterminated quote', status: 400 });
  });

  it('refuses a query type registered by two units', () => {
    assert.throws(() => combineQueryHandlers([handlers, { health: handlers.health }]), /"health" has two handlers/);
    assert.deepEqual(
      Object.keys(combineQueryHandlers([{ health: handlers.health }, undefined, { queues: handlers.queues }])),
      ['health', 'queues']
    );
  });
});

describe('variables composed from the units', () => {
  const queueVariables = { queue: async () => ['email-sending'], tier: async () => ['high', 'normal', 'low'] };
  const logVariables = { service: async () => ['api', 'smtp'], level: async () => ['info', 'error'] };

  it('routes a variable query to the unit that provides that variable', async () => {
    const combined = combineQueryHandlers([{ health: handlers.health }], [queueVariables, undefined, logVariables]);
    const response = await dispatchQueries(
      {
        queries: [
          { refId: 'Q', queryType: 'variable', variable: 'queue' },
          { refId: 'S', queryType: 'variable', variable: 'service' },
          { refId: 'L', queryType: 'variable', variable: 'level' },
        ],
      },
      combined,
      { requestId: 'r' }
    );
    const values = (refId: string) => response.results[refId]!.frames[0]!.data.values[1];
    assert.deepEqual(values('Q'), ['email-sending']);
    assert.deepEqual(values('S'), ['api', 'smtp']);
    assert.deepEqual(values('L'), ['info', 'error']);
    assert.equal(response.results.S!.frames[0]!.schema.refId, 'S');
  });

  it('a variable nobody provides is the query’s 400; two providers of one variable are a wiring mistake', async () => {
    const combined = combineQueryHandlers([], [queueVariables]);
    const response = await dispatchQueries(
      { queries: [{ refId: 'S', queryType: 'variable', variable: 'service' }] },
      combined,
      { requestId: 'r' }
    );
    assert.equal(response.results.S!.status, 400);
    assert.match(response.results.S!.error ?? '', /no values for "service".*known: queue, tier/);
    assert.throws(
      () => combineQueryHandlers([], [queueVariables, { tier: async () => [] }]),
      /"tier" has two providers/
    );
    assert.throws(
      () => combineQueryHandlers([{ variable: async () => [] }], [queueVariables]),
      /has a handler and variable providers/
    );
  });
});

describe('events composed from the units', () => {
  const range = { from: '2026-12-07T10:00:00.000Z', to: '2026-12-07T11:00:00.000Z' };
  const seen: Array<{ from: string; to: string }> = [];
  const states = {
    service_states: async (_query: unknown, asked: { from: Date; to: Date }) => {
      seen.push({ from: asked.from.toISOString(), to: asked.to.toISOString() });
      return [{ time: '2026-12-07T10:30:00.000Z', title: 'SMTP: Operational → Degraded', text: 'slow', tags: ['a'] }];
    },
  };
  const actions = {
    queue_actions: async () => [
      { time: Date.parse('2026-12-07T10:10:00.000Z'), title: 'queue.pause x by alice', text: 'ok', tags: ['b'] },
    ],
  };

  it('merges the asked sources over the query’s range, oldest first, in one annotation frame', async () => {
    const combined = combineQueryHandlers([], [], [states, actions]);
    const response = await dispatchQueries({ range, queries: [{ refId: 'E', queryType: 'events' }] }, combined, {
      requestId: 'r',
    });
    const [frame] = response.results.E!.frames;
    assert.deepEqual(
      frame!.schema.fields.map((field) => field.name),
      ['time', 'title', 'text', 'tags']
    );
    assert.deepEqual(frame!.data.values[1], ['queue.pause x by alice', 'SMTP: Operational → Degraded']);
    assert.deepEqual(frame!.data.values[3], [['b'], ['a']]);
    assert.deepEqual(seen, [range]);
  });

  it('asks only the chosen sources; one nobody provides is the query’s 400', async () => {
    const combined = combineQueryHandlers([], [], [actions]);
    const response = await dispatchQueries(
      {
        queries: [
          { refId: 'A', queryType: 'events', sources: ['queue_actions'] },
          { refId: 'S', queryType: 'events', sources: ['service_states'] },
        ],
      },
      combined,
      { requestId: 'r' }
    );
    assert.equal(response.results.A!.frames[0]!.data.values[0]!.length, 1);
    assert.equal(response.results.S!.status, 400);
    assert.match(response.results.S!.error ?? '', /^sources: no "service_states" events.*known: queue_actions/);
    assert.throws(() => combineQueryHandlers([], [], [actions, actions]), /"queue_actions" has two providers/);
  });
});
