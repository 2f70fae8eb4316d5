// `npm run -w backend bench:logs:ingest`: log ingest throughput end to end (HTTP → parse → COPY → commit) with
// the logs table as the migrations in this tree make it (partitions, whatever indexes they create), several
// concurrent clients posting NDJSON batches, plain and gzip; and in the same run the limit — a bare COPY of the
// same lines into an unindexed, unpartitioned table — so ingest reads as a fraction of what PostgreSQL itself can
// take on this machine. Median of --runs runs each. Writes its section of BENCHMARKS.md unless --no-write.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { gzipSync } from 'node:zlib';
import pLimit from 'p-limit';
import pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import * as prettier from 'prettier';
import type { IngestResult } from '@penguinmails/sysmon-contract';
import { createPool } from '../src/db/pool.ts';
import { quoteIdent } from '../src/db/sql.ts';
import { parseNdjson } from '../src/logs/ingest/ndjson.ts';
import { appendLogs, copyRow } from '../src/logs/postgres/append.ts';
import { migrate } from '../src/server.ts';
import { logsUnit } from '../src/units/logs/index.ts';
import { startChild, type ServiceChildConfig } from './childProtocol.ts';
import { benchLines } from './logsIngestLines.ts';
import { median } from './stats.ts';

const here = path.dirname(fileURLToPath(import.meta.url));
const repoRoot = path.resolve(here, '../..');
const SECTION_START = '<!-- bench:logs:ingest start -->';
const SECTION_END = '<!-- bench:logs:ingest end -->';
const TOKEN = 'bench-ingest-token-0123456789abcdef';

const USAGE = `Usage: npm run -w backend bench:logs:ingest -- [options]
  --lines <n>      lines per run (default 200000)
  --batch <n>      lines per request (default 2000)
  --clients <n>    concurrent clients (default 4)
  --runs <n>       runs per measurement, the median is reported (default 3)
  --no-write       do not update BENCHMARKS.md
Environment: DATABASE_URL (default postgres://postgres@127.0.0.1:5432/test), REDIS_URL.`;

interface Measurement {
  name: string;
  runs: number[]; // lines/s
  note: string;
}

const log = (message: string) => process.stderr.write(`bench:logs:ingest: ${message}\n`);

async function timed(work: () => Promise<void>): Promise<number> {
  const started = performance.now();
  await work();
  return (performance.now() - started) / 1000;
}

/** Runs `tasks` with `clients` in flight at a time. */
async function concurrently(clients: number, tasks: Array<() => Promise<unknown>>): Promise<void> {
  const limit = pLimit(clients);
  await Promise.all(tasks.map((task) => limit(task)));
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      lines: { type: 'string', default: '200000' },
      batch: { type: 'string', default: '2000' },
      clients: { type: 'string', default: '4' },
      runs: { type: 'string', default: '3' },
      'no-write': { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) {
    process.stdout.write(`${USAGE}\n`);
    return;
  }
  const linesPerRun = Number(values.lines);
  const batchLines = Number(values.batch);
  const clients = Number(values.clients);
  const runs = Number(values.runs);
  const databaseUrl = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
  const redisUrl = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
  const schema = `sysmon_bench_logs_${Math.random().toString(16).slice(2, 10)}`;
  const logs = `${quoteIdent(schema)}.logs`;
  const bare = `${quoteIdent(schema)}.logs_bare`;

  const admin = createPool(databaseUrl, { max: clients + 1, applicationName: 'sysmon-bench' });
  let child: Awaited<ReturnType<typeof startChild>> | undefined;
  try {
    await migrate(admin, { schema, ledgerTable: `${schema}.job_ledger` }, [logsUnit()]);
    // The limit: same columns and defaults, no partitions, no indexes.
    await admin.query(`CREATE TABLE ${bare} (LIKE ${logs} INCLUDING DEFAULTS)`);
    const { rows: indexRows } = await admin.query<{ indexdef: string }>(
      `SELECT DISTINCT regexp_replace(indexdef, '_p[0-9]{8}', '', 'g') AS indexdef FROM pg_indexes
        WHERE schemaname = $1 AND tablename LIKE 'logs%' AND tablename <> 'logs_bare' ORDER BY 1`,
      [schema]
    );
    const indexes = indexRows.map((row) =>
      row.indexdef
        .replace(/^CREATE (UNIQUE )?INDEX \S+ ON ONLY |^CREATE (UNIQUE )?INDEX \S+ ON /, '')
        .replaceAll(`${schema}.`, '')
    );
    const distinctIndexes = [...new Set(indexes)];

    log(`generating ${linesPerRun} lines`);
    const lines = benchLines(linesPerRun);
    const bodies: string[] = [];
    for (let i = 0; i < lines.length; i += batchLines) {
      bodies.push(`${lines.slice(i, i + batchLines).join('\n')}\n`);
    }
    const gzipped = bodies.map((body) => gzipSync(body));
    const bytes = bodies.reduce((sum, body) => sum + Buffer.byteLength(body), 0);
    const gzBytes = gzipped.reduce((sum, body) => sum + body.length, 0);
    // The same records as COPY text, rendered once, outside the timing of the bare COPY.
    const context = { now: new Date(), defaultService: 'bench', maxLineBytes: 256 * 1024, retentionDays: 90 };
    const parsedBatches = bodies.map((body) => parseNdjson(body, context).records);
    const copyTexts = parsedBatches.map((records) => records.map(copyRow).join(''));

    // CPU cost of parse + render alone (one core, this process).
    const parseSeconds = await timed(async () => {
      for (const body of bodies) {
        let text = '';
        for (const record of parseNdjson(body, { ...context, now: new Date() }).records) {
          text += copyRow(record);
        }
        void text.length;
      }
    });

    const env: Record<string, string> = {
      DATABASE_URL: databaseUrl,
      REDIS_URL: redisUrl,
      SYSMON_SCHEMA: schema,
      SYSMON_PORT: '0',
      SYSMON_HOST: '127.0.0.1',
      SYSMON_INGEST_TOKEN: TOKEN,
      LOG_LEVEL: 'warn',
    };
    child = await startChild('logsIngestService.ts', {
      env,
      configYaml: `queues:\n  ledgerTable: ${schema}.job_ledger\n`,
    } satisfies ServiceChildConfig);
    const url = `${child.url}/api/logs/ingest`;

    const post = async (body: string | Buffer, gzip: boolean) => {
      const res = await fetch(url, {
        method: 'POST',
        headers: {
          Authorization: `Bearer ${TOKEN}`,
          'Content-Type': 'application/x-ndjson',
          ...(gzip ? { 'Content-Encoding': 'gzip' } : {}),
        },
        body,
      });
      if (res.status !== 200) {
        throw new Error(`ingest answered ${res.status}: ${await res.text()}`);
      }
      const result = (await res.json()) as IngestResult;
      if (result.accepted !== batchLines && result.accepted + result.rejected !== batchLines) {
        throw new Error(`ingest accepted ${result.accepted} of ${batchLines}`);
      }
    };
    const truncateAll = () => admin.query(`TRUNCATE ${logs}, ${bare}`);
    const count = async (table: string) =>
      (await admin.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${table}`)).rows[0]!.n;

    const measurements: Measurement[] = [];
    const measure = async (name: string, note: string, run: () => Promise<void>, table: string) => {
      const rates: number[] = [];
      for (let r = 0; r < runs; r += 1) {
        await truncateAll();
        await admin.query(`VACUUM ANALYZE ${table}`).catch(() => undefined);
        const seconds = await timed(run);
        const stored = await count(table);
        if (stored !== linesPerRun) {
          throw new Error(`${name}: ${stored} of ${linesPerRun} lines stored`);
        }
        rates.push(linesPerRun / seconds);
        log(`${name} run ${r + 1}: ${Math.round(linesPerRun / seconds)} lines/s`);
      }
      measurements.push({ name, runs: rates, note });
    };

    const copyInto = (table: string, text: string) =>
      admin.connect().then(async (client: pg.PoolClient) => {
        try {
          await client.query('BEGIN');
          await pipeline(
            Readable.from([text]),
            client.query(
              copyFrom(
                `COPY ${table} (ts, level, service, host, message, request_id, trace_id, span_id, error_type, stack, attrs, truncated) FROM STDIN`
              )
            )
          );
          await client.query('COMMIT');
        } finally {
          client.release();
        }
      });

    await measure(
      'bare COPY, unindexed unpartitioned table',
      `pre-rendered COPY text, ${clients} connections, one transaction per ${batchLines} lines`,
      () =>
        concurrently(
          clients,
          copyTexts.map((text) => () => copyInto(bare, text))
        ),
      bare
    );
    await measure(
      'COPY into the logs table',
      'pre-rendered COPY text into the partitioned table with its indexes',
      () =>
        concurrently(
          clients,
          copyTexts.map((text) => () => copyInto(logs, text))
        ),
      logs
    );
    const table = { pool: admin, schema };
    await measure(
      'appendLogs (render + COPY), no HTTP',
      'the store’s append in this process: parsed records → COPY text → commit',
      () =>
        concurrently(
          clients,
          parsedBatches.map((records) => () => appendLogs(table, records))
        ),
      logs
    );
    await measure(
      'HTTP ingest, NDJSON',
      `${clients} clients, ${batchLines} lines per POST /api/logs/ingest; 200 after commit`,
      () =>
        concurrently(
          clients,
          bodies.map((body) => () => post(body, false))
        ),
      logs
    );
    await measure(
      'HTTP ingest, NDJSON gzip',
      `same, Content-Encoding: gzip (${(gzBytes / 1024 / 1024).toFixed(1)} MiB instead of ${(bytes / 1024 / 1024).toFixed(1)} MiB)`,
      () =>
        concurrently(
          clients,
          gzipped.map((body) => () => post(body, true))
        ),
      logs
    );
    const cpu = await child.stats();

    const limit = median(measurements[0]!.runs);
    const rows = measurements.map((m) => {
      const rate = median(m.runs);
      return `| ${m.name} | ${Math.round(rate).toLocaleString('en-US')} | ${m.runs.map((r) => Math.round(r / 1000)).join(' / ')} | ${Math.round((rate / limit) * 100)} % | ${m.note} |`;
    });
    const perLineUs = (parseSeconds * 1e6) / linesPerRun;
    const section = [
      SECTION_START,
      '## Logs: ingest (`npm run -w backend bench:logs:ingest`)',
      '',
      `Ingest throughput end to end: HTTP → parse → COPY → commit, answered only after the commit. ${linesPerRun.toLocaleString('en-US')} lines per run (${Math.round(bytes / linesPerRun)} bytes each on average: 60 % the platform’s own lines, 35 % pino lines, 5 % plain text; 1 in 20 JSON lines an error with a stack trace), median of ${runs} runs, the table truncated before each run. The service runs in its own process; the load generator posts pre-built bodies.`,
      '',
      `Machine: ${os.cpus().length} cores (${os.cpus()[0]?.model ?? 'unknown CPU'}), PostgreSQL ${(await admin.query<{ server_version: string }>('SHOW server_version')).rows[0]!.server_version} on the same machine: absolute numbers move with the load, the ratios are what to read. Goal: ≥ 50,000 lines/s end to end.`,
      '',
      `Indexes on the logs table (from the migrations in this tree): ${distinctIndexes.length === 0 ? 'none' : distinctIndexes.map((index) => `\`${index}\``).join(', ')}.`,
      '',
      '| Path | lines/s (median) | runs (k lines/s) | of bare COPY | How |',
      '| --- | ---: | --- | ---: | --- |',
      ...rows,
      '',
      `Parse + render alone (NDJSON → LogRecord → COPY text, one core, no I/O): ${perLineUs.toFixed(1)} µs per line, i.e. at most ${Math.round(1e6 / perLineUs).toLocaleString('en-US')} lines/s per core. The service process spent ${Math.round(cpu.cpuMs / 1000)} s of CPU over all HTTP runs: ${((cpu.cpuMs * 1000) / (2 * runs * linesPerRun)).toFixed(1)} µs per ingested line (HTTP, gunzip, parse, render, COPY protocol). Load average when the run ended: ${os.loadavg()[0]!.toFixed(1)} on ${os.cpus().length} cores.`,
      '',
      `Reading: a COPY into the logs table runs at ${Math.round((median(measurements[1]!.runs) / limit) * 100)} % of a bare COPY into an unindexed table: that is what the indexes cost (the trigram GIN index on message most; sizes in "Logs: search"). HTTP ingest runs at ${Math.round((median(measurements[3]!.runs) / median(measurements[1]!.runs)) * 100)} % (plain) and ${Math.round((median(measurements[4]!.runs) / median(measurements[1]!.runs)) * 100)} % (gzip) of that indexed COPY: on ${os.cpus().length} cores the service's parsing and rendering (the µs per line above), PostgreSQL's index maintenance and the load generator compete for the same CPU; gzip wins by moving ${Math.round(bytes / linesPerRun)} bytes a line through the service as a ninth of that.`,
      '',
      `Goal ≥ 50,000 lines/s end to end: ${Math.max(median(measurements[3]!.runs), median(measurements[4]!.runs)) >= 50_000 ? '**met**' : '**not met**'} (best HTTP path ${Math.round(Math.max(median(measurements[3]!.runs), median(measurements[4]!.runs))).toLocaleString('en-US')} lines/s).`,
      '',
      `Command: \`npm run -w backend bench:logs:ingest -- --lines ${linesPerRun} --batch ${batchLines} --clients ${clients} --runs ${runs}\`; run at ${new Date().toISOString()}.`,
      SECTION_END,
    ].join('\n');
    process.stdout.write(`${section}\n`);

    if (!values['no-write']) {
      const target = path.join(repoRoot, 'BENCHMARKS.md');
      const current = existsSync(target) ? readFileSync(target, 'utf8') : '# Benchmarks\n';
      const start = current.indexOf(SECTION_START);
      const end = current.indexOf(SECTION_END);
      const next =
        start !== -1 && end > start
          ? `${current.slice(0, start)}${section}${current.slice(end + SECTION_END.length)}`
          : `${current.trimEnd()}\n\n${section}\n`;
      const formatted = await prettier.format(next, { ...(await prettier.resolveConfig(target)), filepath: target });
      writeFileSync(target, formatted);
      log(`wrote ${target}`);
    }
  } finally {
    await child?.close();
    await admin
      .query(`DROP SCHEMA IF EXISTS ${quoteIdent(schema)} CASCADE`)
      .catch((error: unknown) => log(`cleanup failed: ${String(error)}`));
    await admin.end();
  }
}

main().catch((error: unknown) => {
  process.stderr.write(
    `bench:logs:ingest failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`
  );
  process.exit(1);
});
