// The PostgreSQL log store's reads on real PostgreSQL: search (fields, words, OR, literal wildcards), cursor paging,
// the live tail under out-of-order commits, context across a partition boundary, volume and values.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import pg from 'pg';
import { parseLogSearch } from '../src/logs/search.ts';
import { createPostgresLogStore } from '../src/logs/postgres/index.ts';
import { searchLogs, type SearchPlanReport } from '../src/logs/postgres/search.ts';
import type { LogFilter, LogStore } from '../src/logs/store.ts';
import { quoteIdent } from '../src/db/sql.ts';
import { dropSchema, randomSchema, TEST_DATABASE_URL } from './helpers.ts';
import { insertLines, logsSchema, type FixtureLine } from './logsFixture.ts';

const schema = randomSchema();
let pool: pg.Pool;
let store: LogStore;
const now = Date.now();
const minutesAgo = (minutes: number) => new Date(now - minutes * 60_000);
const range = { from: new Date(now - 2 * 24 * 3_600_000), to: new Date(now + 60_000) };
const filter = (search = '', extra: Partial<LogFilter> = {}): LogFilter => ({
  search: parseLogSearch(search),
  levels: [],
  services: [],
  ...range,
  ...extra,
});
const messages = async (search: string, extra: Partial<LogFilter> = {}, limit = 100) =>
  (await store.search({ ...filter(search, extra), limit })).lines.map((line) => line.message);

before(async () => {
  pool = await logsSchema(schema);
  store = createPostgresLogStore({ pool, schema });
  const lines: FixtureLine[] = [
    { ts: minutesAgo(50), service: 'api', message: 'request received', request_id: 'req-1', level: 'info' },
    { ts: minutesAgo(49), service: 'worker-email', message: 'sending email', request_id: 'req-1', level: 'debug' },
    {
      ts: minutesAgo(48),
      service: 'smtp',
      message: 'SMTP 421 greylisted, will retry',
      request_id: 'req-1',
      level: 'warn',
      attrs: { customer: 'acme', http: { status: 421 } },
    },
    {
      ts: minutesAgo(47),
      service: 'worker-email',
      message: 'send failed: connection timeout',
      request_id: 'req-1',
      level: 'error',
      error_type: 'TimeoutError',
      stack: 'TimeoutError: connection timeout\n    at send (smtp.js:1:1)',
      attrs: { customer: 'acme', attempt: 2 },
    },
    { ts: minutesAgo(46), service: 'api', message: 'request received', request_id: 'req-2', level: 'info' },
    { ts: minutesAgo(45), service: 'api', message: 'disk 100% full', level: 'fatal', host: 'web-1' },
    { ts: minutesAgo(44), service: 'api', message: 'disk 100 percent', level: 'info', host: 'web-2' },
    { ts: minutesAgo(43), service: 'api', message: 'user_id missing', level: 'warn' },
    { ts: minutesAgo(42), service: 'api', message: 'userXid missing', level: 'warn' },
    { ts: minutesAgo(41), service: 'api', message: 'path C:\\temp\\x', level: 'info', trace_id: 'tr-9' },
    {
      ts: minutesAgo(40),
      service: 'smtp',
      message: 'connection refused',
      level: 'error',
      attrs: { 'dotted.key': 'v' },
    },
  ];
  await insertLines(pool, schema, lines);
});

after(async () => {
  await pool.end();
  await dropSchema(schema);
});

describe('log search on PostgreSQL', () => {
  it('finds every line of a request across services, newest first', async () => {
    const page = await store.search({ ...filter('request_id:req-1'), limit: 100 });
    assert.deepEqual(
      page.lines.map((line) => [line.service, line.message]),
      [
        ['worker-email', 'send failed: connection timeout'],
        ['smtp', 'SMTP 421 greylisted, will retry'],
        ['worker-email', 'sending email'],
        ['api', 'request received'],
      ]
    );
    const failure = page.lines[0]!;
    assert.equal(failure.errorType, 'TimeoutError');
    assert.match(failure.stack ?? '', /\n    at send/);
    assert.equal(page.nextCursor, undefined);
  });

  it('filters by ordered level, service, host, trace, error type and attributes', async () => {
    assert.deepEqual(await messages('request_id:req-1 level:>=warn'), [
      'send failed: connection timeout',
      'SMTP 421 greylisted, will retry',
    ]);
    assert.deepEqual(await messages('request_id:req-1 level:<info'), ['sending email']);
    assert.deepEqual(await messages('request_id:req-1 -level:>=info'), ['sending email']);
    assert.deepEqual(await messages('service:smtp'), ['connection refused', 'SMTP 421 greylisted, will retry']);
    assert.deepEqual(await messages('service:smtp service:worker-email level:error'), [
      'connection refused',
      'send failed: connection timeout',
    ]);
    assert.deepEqual(await messages('host:web-2'), ['disk 100 percent']);
    assert.deepEqual(await messages('trace_id:tr-9'), ['path C:\\temp\\x']);
    assert.deepEqual(await messages('error_type:TimeoutError'), ['send failed: connection timeout']);
    assert.deepEqual(await messages('attrs.customer:acme'), [
      'send failed: connection timeout',
      'SMTP 421 greylisted, will retry',
    ]);
    assert.deepEqual(await messages('attrs.attempt:2'), ['send failed: connection timeout']);
    assert.deepEqual(await messages('attrs.http.status:421'), ['SMTP 421 greylisted, will retry']);
    assert.deepEqual(await messages('attrs.dotted.key:v'), ['connection refused']);
    assert.deepEqual(await messages('attrs.customer:acme -attrs.attempt:2'), ['SMTP 421 greylisted, will retry']);
    assert.deepEqual(await messages('', { levels: ['fatal'] }), ['disk 100% full']);
    assert.deepEqual(await messages('refused', { services: ['api'] }), []);
  });

  it('matches words and phrases in the message, case-insensitively; -word excludes; OR takes either', async () => {
    assert.deepEqual(await messages('REQUEST'), ['request received', 'request received']);
    assert.deepEqual(await messages('"connection timeout"'), ['send failed: connection timeout']);
    assert.deepEqual(await messages('"timeout connection"'), []);
    assert.deepEqual(await messages('connection -refused'), ['send failed: connection timeout']);
    assert.deepEqual(await messages('refused OR greylisted'), [
      'connection refused',
      'SMTP 421 greylisted, will retry',
    ]);
    assert.deepEqual(await messages('service:api OR service:smtp refused OR request_id:req-2'), [
      'connection refused',
      'request received',
    ]);
  });

  it('takes %, _ and \\ literally', async () => {
    assert.deepEqual(await messages('100%'), ['disk 100% full']);
    assert.deepEqual(await messages('user_id'), ['user_id missing']);
    assert.deepEqual(await messages('"C:\\\\temp"'), ['path C:\\temp\\x']);
    assert.deepEqual(await messages('%'), ['disk 100% full']);
    assert.deepEqual(await messages('_'), ['user_id missing']);
  });
});

describe('cursor paging', () => {
  const pageSchema = randomSchema();
  let pagePool: pg.Pool;
  before(async () => {
    pagePool = await logsSchema(pageSchema);
    // 300 lines in a random ts order (ids follow insert order, not ts), some sharing one ts.
    const lines: FixtureLine[] = Array.from({ length: 300 }, (_, index) => ({
      ts: new Date(now - ((index * 7919) % 280) * 1_000),
      service: index % 3 === 0 ? 'smtp' : 'api',
      message: index % 2 === 0 ? `even line ${index}` : `odd line ${index}`,
    }));
    await insertLines(pagePool, pageSchema, lines);
  });
  after(async () => {
    await pagePool.end();
    await dropSchema(pageSchema);
  });

  for (const [label, search, continuation] of [
    ['without words', 'service:api', undefined],
    ['with a word: probe, then the trigram path', 'even', 'indexed'],
    ['with a word: probe, then the ordered scan goes on', 'even', 'probe+ordered'],
  ] as const) {
    it(`walks every matching line once, in (ts, id) order, ${label}`, async () => {
      const table = { pool: pagePool, schema: pageSchema };
      const { rows: expected } = await pagePool.query<{ line_id: string }>(
        `SELECT id::text AS line_id FROM ${quoteIdent(pageSchema)}.logs WHERE ${
          search === 'even' ? "message ILIKE '%even%'" : "service = 'api'"
        } ORDER BY ts DESC, id DESC`
      );
      const seen: string[] = [];
      const paths = new Set<string>();
      let before: bigint | undefined;
      for (let pages = 0; pages < 100; pages += 1) {
        const page = await searchLogs(
          table,
          { ...filter(search), limit: 17, ...(before !== undefined ? { before } : {}) },
          {
            report: (report: SearchPlanReport) => paths.add(report.path),
            probeWindow: 20,
            ...(continuation ? { continuation } : {}),
          }
        );
        seen.push(...page.lines.map((line) => line.id));
        if (!page.nextCursor) {
          break;
        }
        assert.equal(page.nextCursor, page.lines[page.lines.length - 1]!.id);
        before = BigInt(page.nextCursor);
      }
      assert.deepEqual(
        seen,
        expected.map((row) => row.line_id)
      );
      assert.deepEqual([...paths].sort(), continuation ? [continuation] : ['ordered']);
    });
  }
});

describe('live tail', () => {
  it('never loses a line committed late below a cursor already handed out', async () => {
    const tailSchema = randomSchema();
    const tailPool = await logsSchema(tailSchema);
    const tailStore = createPostgresLogStore({ pool: tailPool, schema: tailSchema });
    const late = new pg.Client({ connectionString: TEST_DATABASE_URL });
    await late.connect();
    try {
      const tail = async (afterId: bigint) =>
        tailStore.search({ ...filter(''), to: new Date(now + 3_600_000), limit: 100, after: afterId });
      const first = await tailStore.search({ ...filter(''), limit: 100 });
      const start = BigInt(first.newestId ?? '0');
      await new Promise((resolve) => setTimeout(resolve, 20));
      // Transaction A takes an id first and commits last; B takes a higher id and commits at once.
      await late.query('BEGIN');
      const [lateId] = await insertLines(late, tailSchema, [{ ts: new Date(now), message: 'late commit' }]);
      const [earlyId] = await insertLines(tailPool, tailSchema, [{ ts: new Date(now), message: 'early commit' }]);
      assert.ok(BigInt(earlyId!) > BigInt(lateId!));
      // A naive `id > after` read would now return B's line and move the cursor past A's id.
      const { rows: naive } = await tailPool.query(`SELECT id FROM ${quoteIdent(tailSchema)}.logs WHERE id > $1`, [
        start.toString(),
      ]);
      assert.equal(naive.length, 1);
      const during = await tail(start);
      assert.deepEqual(during.lines, [], 'nothing past an unsettled id is handed out');
      assert.equal(during.newestId, start.toString());
      await late.query('COMMIT');
      const settled = await tail(BigInt(during.newestId!));
      // Newest first: same ts, so by id.
      assert.deepEqual(
        settled.lines.map((line) => line.message),
        ['early commit', 'late commit']
      );
      assert.deepEqual(new Set(settled.lines.map((line) => line.id)), new Set([lateId, earlyId]));
      assert.equal(settled.newestId, earlyId);
      const again = await tail(BigInt(settled.newestId!));
      assert.deepEqual(again.lines, []);
    } finally {
      await late.end();
      await tailPool.end();
      await dropSchema(tailSchema);
    }
  });
});

describe('context, volume and values', () => {
  it('context crosses a partition boundary in both directions, same service only', async () => {
    const midnight = Math.floor(now / 86_400_000) * 86_400_000;
    const ids = await insertLines(pool, schema, [
      { ts: new Date(midnight - 2_000), service: 'ctx', message: 'ctx 1' },
      { ts: new Date(midnight - 1_000), service: 'other', message: 'other service' },
      { ts: new Date(midnight - 1), service: 'ctx', message: 'ctx 2' },
      { ts: new Date(midnight), service: 'ctx', message: 'ctx 3' },
      { ts: new Date(midnight + 1_000), service: 'ctx', message: 'ctx 4' },
    ]);
    const { rows: parts } = await pool.query<{ part: string }>(
      `SELECT tableoid::regclass::text AS part FROM ${quoteIdent(schema)}.logs WHERE id = ANY($1::bigint[]) ORDER BY id`,
      [[ids[2], ids[3]]]
    );
    assert.notEqual(parts[0]!.part, parts[1]!.part, 'ctx 2 and ctx 3 sit in two partitions');
    const forward = await store.context({ id: BigInt(ids[2]!), direction: 'forward', limit: 10 });
    assert.deepEqual(
      forward.map((line) => line.message),
      ['ctx 3', 'ctx 4']
    );
    const backward = await store.context({ id: BigInt(ids[3]!), direction: 'backward', limit: 10 });
    assert.deepEqual(
      backward.map((line) => line.message),
      ['ctx 2', 'ctx 1']
    );
    assert.deepEqual(
      (await store.context({ id: BigInt(ids[4]!), direction: 'backward', limit: 2 })).map((line) => line.message),
      ['ctx 3', 'ctx 2']
    );
    await assert.rejects(store.context({ id: 999_999_999n, direction: 'forward', limit: 5 }), /no log line 999999999/);
  });

  it('volume buckets sum to the matching count, per level', async () => {
    for (const search of ['', 'request_id:req-1', 'connection', 'level:>=warn']) {
      const buckets = await store.volume({ ...filter(search), intervalMs: 5 * 60_000 });
      const page = await store.search({ ...filter(search), limit: 1000 });
      assert.equal(
        buckets.reduce((sum, bucket) => sum + bucket.count, 0),
        page.lines.length,
        search
      );
      for (const level of new Set(page.lines.map((line) => line.level))) {
        assert.equal(
          buckets.filter((bucket) => bucket.level === level).reduce((sum, bucket) => sum + bucket.count, 0),
          page.lines.filter((line) => line.level === level).length
        );
      }
      for (const bucket of buckets) {
        assert.equal(bucket.time.getTime() % (5 * 60_000), 0);
      }
    }
  });

  it('values: the services and levels with lines in the range', async () => {
    const services = await store.values('service', range);
    assert.deepEqual(services, ['api', 'ctx', 'other', 'smtp', 'worker-email']);
    assert.deepEqual(await store.values('level', { from: minutesAgo(50), to: minutesAgo(46) }), [
      'debug',
      'info',
      'warn',
      'error',
    ]);
    assert.deepEqual(await store.values('service', { from: minutesAgo(48.5), to: minutesAgo(47.5) }), ['smtp']);
  });
});
