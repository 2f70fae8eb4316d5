// The log search's plan choice, by EXPLAIN on real PostgreSQL over 200,000 lines: a rare word runs on the trigram
// index, a common word on the newest-first scan that stops after `limit` hits (no trigram bitmap fetching every
// match), and a request id on its btree.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import pg from 'pg';
import { quoteIdent } from '../src/db/sql.ts';
import { searchLogs, type SearchPlanReport } from '../src/logs/postgres/search.ts';
import { parseLogSearch } from '../src/logs/search.ts';
import { dropSchema, randomSchema } from './helpers.ts';
import { logsSchema } from './logsFixture.ts';

const LINES = 200_000;
const schema = randomSchema();
let pool: pg.Pool;
let trigramIndexes: Set<string>;
let requestIdIndexes: Set<string>;

interface PlanNode {
  'Node Type': string;
  'Index Name'?: string;
  'Scan Direction'?: string;
  Plans?: PlanNode[];
}

const nodes = (plan: PlanNode): PlanNode[] => [plan, ...(plan.Plans ?? []).flatMap(nodes)];

async function explain(statement: { text: string; values: unknown[] }): Promise<PlanNode[]> {
  const { rows } = await pool.query<{ 'QUERY PLAN': Array<{ Plan: PlanNode }> }>(
    `EXPLAIN (FORMAT JSON) ${statement.text}`,
    statement.values
  );
  return nodes(rows[0]!['QUERY PLAN'][0]!.Plan);
}

async function search(text: string): Promise<SearchPlanReport> {
  let report: SearchPlanReport | undefined;
  const to = new Date();
  await searchLogs(
    { pool, schema },
    {
      search: parseLogSearch(text),
      levels: [],
      services: [],
      from: new Date(to.getTime() - 24 * 3_600_000),
      to,
      limit: 100,
    },
    { report: (plan) => (report = plan) }
  );
  return report!;
}

before(async () => {
  pool = await logsSchema(schema);
  const logs = `${quoteIdent(schema)}.logs`;
  // Ids follow ts (appends in time order), 0.3 s apart, over the last ~17 h. 40 % of the lines say "delivered",
  // 5 say "zebra".
  await pool.query(
    `INSERT INTO ${logs} (ts, level, service, message, request_id)
     SELECT now() - ($1 - i) * interval '300 milliseconds',
            CASE WHEN i % 50 = 0 THEN 'error' ELSE 'info' END,
            (ARRAY['api', 'smtp', 'worker-email', 'worker-warmup'])[1 + i % 4],
            CASE WHEN i % 40000 = 7 THEN 'zebra crossing seen at ' || i
                 WHEN i % 5 < 2 THEN 'message delivered to mx' || (i % 13) || ' in ' || (i % 997) || ' ms'
                 ELSE 'job ' || i || ' processed by worker ' || (i % 17) END,
            'req-' || (i / 5)
       FROM generate_series(1, $1) AS i`,
    [LINES]
  );
  await pool.query(`ANALYZE ${logs}`);
  const { rows } = await pool.query<{ indexname: string; indexdef: string }>(
    `SELECT indexname, indexdef FROM pg_indexes WHERE schemaname = $1`,
    [schema]
  );
  trigramIndexes = new Set(rows.filter((row) => row.indexdef.includes('gin_trgm_ops')).map((row) => row.indexname));
  requestIdIndexes = new Set(rows.filter((row) => row.indexdef.includes('(request_id)')).map((row) => row.indexname));
  assert.ok(trigramIndexes.size >= 2, 'each partition has its trigram index');
});

after(async () => {
  await pool.end();
  await dropSchema(schema);
});

describe('log search plans (EXPLAIN)', () => {
  it('a rare word: the probe finds too few hits, the rest runs on the trigram index', async () => {
    const report = await search('zebra');
    assert.equal(report.path, 'indexed');
    const plan = await explain(report.queries[report.queries.length - 1]!);
    assert.ok(
      plan.some((node) => node['Index Name'] !== undefined && trigramIndexes.has(node['Index Name'])),
      `the trigram index is used: ${JSON.stringify(plan.map((node) => [node['Node Type'], node['Index Name']]))}`
    );
  });

  it('a common word: one newest-first scan stopping after the limit, no trigram bitmap', async () => {
    const report = await search('delivered');
    assert.equal(report.path, 'probe');
    assert.equal(report.queries.length, 1);
    const plan = await explain(report.queries[0]!);
    const described = JSON.stringify(
      plan.map((node) => [node['Node Type'], node['Index Name'], node['Scan Direction']])
    );
    assert.ok(
      !plan.some((node) => node['Index Name'] !== undefined && trigramIndexes.has(node['Index Name'])),
      `no trigram index: ${described}`
    );
    assert.ok(!plan.some((node) => node['Node Type'].startsWith('Bitmap')), `no bitmap scan: ${described}`);
    assert.ok(
      plan.some((node) => node['Node Type'] === 'Index Scan' && node['Scan Direction'] === 'Backward'),
      `an ordered backward index scan: ${described}`
    );
  });

  it('a request id: its btree', async () => {
    const report = await search('request_id:req-777');
    assert.equal(report.path, 'ordered');
    const plan = await explain(report.queries[0]!);
    assert.ok(
      plan.some((node) => node['Index Name'] !== undefined && requestIdIndexes.has(node['Index Name'])),
      JSON.stringify(plan.map((node) => [node['Node Type'], node['Index Name']]))
    );
  });
});

describe('level plans (EXPLAIN)', () => {
  it('a rare level newest first: the partial severe-level index, not a scan of every line', async () => {
    const report = await search('level:fatal');
    const plan = await explain(report.queries[0]!);
    assert.ok(
      plan.some((node) => /_level_ts_id_idx$/.test(node['Index Name'] ?? '')),
      JSON.stringify(plan.map((node) => [node['Node Type'], node['Index Name']]))
    );
  });
});
