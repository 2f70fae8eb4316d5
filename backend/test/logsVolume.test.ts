// The log volume's per-minute rollup on real PostgreSQL: exact at every moment (rolled-up minutes plus the raw
// lines above the rollup and at the range's partial minutes), never skipping a line committed late.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import pg from 'pg';
import { quoteIdent } from '../src/db/sql.ts';
import { logVolume, rollUpVolume } from '../src/logs/postgres/volume.ts';
import { parseLogSearch } from '../src/logs/search.ts';
import type { LogVolumeRequest } from '../src/logs/store.ts';
import { dropSchema, randomSchema, TEST_DATABASE_URL } from './helpers.ts';
import { insertLines, logsSchema, type FixtureLine } from './logsFixture.ts';

const schema = randomSchema();
let pool: pg.Pool;
const now = Date.now();
const hourAgo = now - 3_600_000;

before(async () => {
  pool = await logsSchema(schema);
});
after(async () => {
  await pool.end();
  await dropSchema(schema);
});

const lines = (count: number, offset: number): FixtureLine[] =>
  Array.from({ length: count }, (_, index) => ({
    ts: new Date(hourAgo + ((index * 7_777 + offset) % 3_500_000)),
    level: ['info', 'error', 'warn'][index % 3],
    service: ['api', 'smtp'][index % 2],
    message: `line ${index}`,
  }));

/** Counts per (bucket, level) straight from the lines, as the volume must report them. */
async function expected(request: LogVolumeRequest, where = 'true'): Promise<string[]> {
  const { rows } = await pool.query<{ bucket: Date; level: string; count: string }>(
    `SELECT date_bin($1::bigint * interval '1 millisecond', ts, timestamptz '1970-01-01') AS bucket, level, count(*)::text AS count
       FROM ${quoteIdent(schema)}.logs WHERE ts >= $2 AND ts <= $3 AND ${where} GROUP BY 1, 2 ORDER BY 1, 2`,
    [request.intervalMs, request.from, request.to]
  );
  return rows.map((row) => `${row.bucket.toISOString()} ${row.level} ${row.count}`);
}

async function volume(request: LogVolumeRequest): Promise<{ buckets: string[]; source: string }> {
  let source = '';
  const buckets = await logVolume({ pool, schema }, request, { report: (used) => (source = used) });
  return { buckets: buckets.map((b) => `${b.time.toISOString()} ${b.level} ${b.count}`), source };
}

describe('log volume rollup', () => {
  it('is exact before, during and after rollups, with partial minutes at both ends and late commits', async () => {
    const request = (search = ''): LogVolumeRequest => ({
      search: parseLogSearch(search),
      levels: [],
      services: [],
      from: new Date(hourAgo + 12_345),
      to: new Date(now - 54_321),
      intervalMs: 5 * 60_000,
    });
    const check = async (label: string) => {
      for (const [search, where] of [
        ['', 'true'],
        ['service:smtp', "service = 'smtp'"],
        ['level:>=warn -service:api', "level IN ('warn', 'error') AND service <> 'api'"],
      ] as const) {
        const got = await volume(request(search));
        assert.equal(got.source, 'rollup');
        assert.deepEqual(got.buckets, await expected(request(search), where), `${label}: ${search}`);
      }
    };
    await insertLines(pool, schema, lines(600, 0));
    await check('nothing rolled up');
    assert.equal(await rollUpVolume({ pool, schema }), 600);
    const { rows } = await pool.query(`SELECT sum(lines)::int AS n FROM ${quoteIdent(schema)}.logs_volume_minutes`);
    assert.equal(rows[0].n, 600, 'all counted in minutes');
    await check('rolled up');
    await insertLines(pool, schema, lines(300, 1_000));
    await check('300 newer lines raw');

    // A transaction holding a lower id stays open while a later one commits: the rollup stops below it.
    const late = new pg.Client({ connectionString: TEST_DATABASE_URL });
    await late.connect();
    try {
      await rollUpVolume({ pool, schema });
      await new Promise((resolve) => setTimeout(resolve, 20));
      await late.query('BEGIN');
      await insertLines(late, schema, lines(5, 2_000));
      await insertLines(pool, schema, lines(7, 3_000));
      await rollUpVolume({ pool, schema });
      await check('late transaction open');
      await late.query('COMMIT');
      await check('late transaction committed, not yet rolled up');
      await rollUpVolume({ pool, schema });
      await rollUpVolume({ pool, schema });
      await check('all rolled up');
      const { rows: total } = await pool.query(
        `SELECT sum(lines)::int AS n FROM ${quoteIdent(schema)}.logs_volume_minutes`
      );
      assert.equal(total[0].n, 912, 'every line counted once');
    } finally {
      await late.end();
    }
  });

  it('words or other fields, or an interval that is not whole minutes: the raw lines', async () => {
    const base = { levels: [], services: [], from: new Date(hourAgo), to: new Date(now) } as const;
    for (const [search, intervalMs] of [
      ['line', 60_000],
      ['host:x', 60_000],
      ['', 90_000],
    ] as const) {
      const got = await volume({ ...base, search: parseLogSearch(search), intervalMs });
      assert.equal(got.source, 'raw', search);
    }
    const raw = await volume({ ...base, search: parseLogSearch(''), intervalMs: 90_000 });
    assert.deepEqual(raw.buckets, await expected({ ...base, search: parseLogSearch(''), intervalMs: 90_000 }));
  });
});
