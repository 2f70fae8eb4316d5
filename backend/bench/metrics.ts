// `npm run bench:metrics`: what /metrics costs with 1,000 queues (issue 10: "the product must be fine with 10,000+
// series: measure the scrape size and time with 1,000 queues").
//  - 1,000 real BullMQ queues under a private key prefix of the machine's Redis, created cheaply: Queue.addBulk of
//    a few jobs each (waiting, delayed, prioritized), 50 queues at a time on one pipelined connection, tiers by
//    name suffix; BullMQ's metrics counters (metrics:completed / metrics:failed, as a worker started with
//    `metrics` leaves them) on every queue, so every per-queue family has its series (the worst case).
//  - The real service (every unit, default probes) in a child process (bench/serviceChild.ts), so the scraper never
//    shares its event loop; it is the only replica on its schema, so it leads the sampler and publishes.
//  - Scrapes: "cold" ones 2.1 s apart (the 2 s queue snapshot has expired, so each pays for a pipelined read of
//    every queue unless the sampler's own 5 s read just refreshed it: what Prometheus' 15 s scrapes see), and
//    "warm" ones back to back (served from the cached snapshot). p50/p95 per run, median of the runs.
//  - Size in bytes and series count of one scrape, per family.
// Prints the section between the bench:metrics markers of BENCHMARKS.md; writes it there with --write. The prefix
// and the schema are removed afterwards.
//   npm run bench:metrics [-- --queues 1000 --runs 3 --cold 20 --warm 50 --write]
import { loadavg } from 'node:os';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { METRICS } from '@penguinmails/sysmon-contract';
import { parseExposition, type Exposition } from '../src/metrics/exposition.ts';
import {
  bearer,
  deletePrefix,
  dropSchema,
  randomPrefix,
  randomSchema,
  TEST_REDIS_URL,
  testConfigFile,
  testEnv,
  TOKENS,
  waitFor,
} from '../test/helpers.ts';
import { formatSection, writeSection } from './benchmarksFile.ts';
import { startChild, type ServiceChildConfig } from './childProtocol.ts';
import { median, summarize } from './stats.ts';

const START = '<!-- bench:metrics:start -->';
const END = '<!-- bench:metrics:end -->';
const TIERS = ['high', 'normal', 'low'] as const;

const { values } = parseArgs({
  options: {
    queues: { type: 'string', default: '1000' },
    runs: { type: 'string', default: '3' },
    cold: { type: 'string', default: '20' },
    warm: { type: 'string', default: '50' },
    write: { type: 'boolean', default: false },
  },
});
const queueCount = Number(values.queues);
const runs = Number(values.runs);
const coldScrapes = Number(values.cold);
const warmScrapes = Number(values.warm);

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Creates the queues: 3 waiting, 1 delayed, 1 prioritized job each, plus BullMQ's metrics counters. */
async function createQueues(redis: Redis, prefix: string): Promise<string[]> {
  const names = Array.from({ length: queueCount }, (_, i) => `bench-${String(i).padStart(4, '0')}-${TIERS[i % 3]}`);
  const now = Date.now();
  for (let start = 0; start < names.length; start += 50) {
    await Promise.all(
      names.slice(start, start + 50).map(async (name, offset) => {
        const queue = new Queue(name, { connection: redis, prefix });
        await queue.addBulk([
          ...[0, 1, 2].map((i) => ({ name: 'job', data: { i } })),
          { name: 'later', data: {}, opts: { delay: 3_600_000 } },
          { name: 'urgent', data: {}, opts: { priority: 3 } },
        ]);
        await queue.close();
        const completed = 100 + start + offset;
        await redis
          .pipeline()
          .hset(`${prefix}:${name}:metrics:completed`, 'count', completed, 'prevTS', now, 'prevCount', completed)
          .hset(`${prefix}:${name}:metrics:failed`, 'count', 7, 'prevTS', now, 'prevCount', 7)
          .exec();
      })
    );
  }
  return names;
}

interface Scrape {
  ms: number;
  bytes: number;
  exposition: Exposition;
}

async function scrape(url: string): Promise<Scrape> {
  const started = performance.now();
  const response = await fetch(`${url}/metrics`, { headers: bearer(TOKENS.metrics) });
  const text = await response.text();
  const ms = performance.now() - started;
  if (response.status !== 200) {
    throw new Error(`/metrics answered ${response.status}: ${text.slice(0, 200)}`);
  }
  return { ms, bytes: Buffer.byteLength(text), exposition: parseExposition(text) };
}

/** Series per family: a histogram's _bucket/_sum/_count count towards its family. */
function seriesByFamily(exposition: Exposition): Map<string, number> {
  const families = [...exposition.families.keys()].sort((a, b) => b.length - a.length);
  const counts = new Map<string, number>();
  for (const sample of exposition.samples) {
    const family = families.find((name) => sample.name === name || sample.name.startsWith(`${name}_`)) ?? sample.name;
    counts.set(family, (counts.get(family) ?? 0) + 1);
  }
  return counts;
}

const ms = (value: number) => value.toFixed(1);

async function main(): Promise<void> {
  const load = loadavg()[0]!.toFixed(2);
  const schema = randomSchema();
  const prefix = randomPrefix('bench-metrics');
  const redis = new Redis(TEST_REDIS_URL, { maxRetriesPerRequest: null });
  let child: Awaited<ReturnType<typeof startChild>> | undefined;
  try {
    const createdAt = performance.now();
    await createQueues(redis, prefix);
    const createMs = performance.now() - createdAt;
    child = await startChild('serviceChild.ts', {
      env: testEnv(schema, { LOG_LEVEL: 'warn' }),
      configYaml: testConfigFile(schema, `  prefixes: [${prefix}]\n`),
    } satisfies ServiceChildConfig);
    const url = child.url;
    await waitFor(
      `the depth of ${queueCount} queues on /metrics`,
      async () => {
        const result = await scrape(url);
        return result.exposition.samples.filter((sample) => sample.name === 'sysmon_queue_depth').length === queueCount
          ? result
          : undefined;
      },
      120_000
    );
    // Every probe checked once and drift checked (background, first scrape started it) before measuring.
    await waitFor(
      'drift and service states on /metrics',
      async () => {
        const result = await scrape(url);
        const names = new Set(result.exposition.samples.map((sample) => sample.name));
        return names.has('sysmon_drift_jobs') && names.has('sysmon_service_status') ? result : undefined;
      },
      120_000
    );

    const cold: Array<ReturnType<typeof summarize>> = [];
    const warm: Array<ReturnType<typeof summarize>> = [];
    for (let run = 0; run < runs; run += 1) {
      const coldTimes: number[] = [];
      for (let i = 0; i < coldScrapes; i += 1) {
        await sleep(2_100);
        coldTimes.push((await scrape(url)).ms);
      }
      cold.push(summarize(coldTimes));
      const warmTimes: number[] = [];
      await scrape(url);
      for (let i = 0; i < warmScrapes; i += 1) {
        warmTimes.push((await scrape(url)).ms);
      }
      warm.push(summarize(warmTimes));
    }
    const last = await scrape(url);
    const families = seriesByFamily(last.exposition);
    const total = last.exposition.samples.length;
    // The product's families; those of the service itself (area `service`: HTTP, its own reads, prom-client's
    // process_*/nodejs_* defaults) are "the rest" below.
    const ours = Object.values(METRICS)
      .filter((definition) => definition.area !== 'service')
      .map((definition) => [definition, families.get(definition.name) ?? 0] as const);
    const oursTotal = ours.reduce((sum, [, count]) => sum + count, 0);
    const read = (name: string) =>
      last.exposition.samples.find((sample) => sample.name === name && sample.labels.outcome === 'ok')?.value ?? 0;
    const readMeanMs =
      (read('sysmon_queue_snapshot_read_seconds_sum') / read('sysmon_queue_snapshot_read_seconds_count')) * 1000;

    const perQueue: Record<string, string> = {
      sysmon_queue_depth: '1 per queue',
      sysmon_queue_jobs: '7 per queue (one per state)',
      sysmon_queue_oldest_wait_seconds: '1 per queue',
      sysmon_queue_completed_total: '1 per queue whose workers record metrics',
      sysmon_queue_failed_total: '1 per queue whose workers record metrics',
      sysmon_queue_workers: '1 per queue (absent while CLIENT LIST is refused)',
      sysmon_queue_paused: '1 per queue',
      sysmon_queues_readable: '1',
      sysmon_drift_jobs: '5 (one per drift kind)',
      sysmon_service_status: '1 per probe',
      sysmon_probe_latency_seconds: '14 per probe (11 buckets + +Inf, _sum, _count)',
      sysmon_probe_checks_total: '≤ 4 per probe (outcomes seen)',
      sysmon_ip_listed: 'IPs × zones (IPv4-only zones skip IPv6 IPs; unknown absent)',
      sysmon_log_lines_ingested_total: '≤ 201 services × 7 levels',
      sysmon_log_lines_rejected_total: 'formats × reject reasons seen',
      sysmon_log_lines_truncated_total: '1',
    };
    const rows = ours.map(
      ([definition, count]) => `| \`${definition.name}\` | ${perQueue[definition.name] ?? ''} | ${count} |`
    );
    const runRows = cold.map(
      (summary, index) =>
        `| ${index + 1} | ${ms(summary.p50)} | ${ms(summary.p95)} | ${ms(summary.max)} | ${ms(warm[index]!.p50)} | ${ms(warm[index]!.p95)} | ${ms(warm[index]!.max)} |`
    );
    const coldP50 = median(cold.map((summary) => summary.p50));
    const coldP95 = median(cold.map((summary) => summary.p95));
    const warmP50 = median(warm.map((summary) => summary.p50));
    const warmP95 = median(warm.map((summary) => summary.p95));
    const raw = [
      START,
      `Measured ${new Date().toISOString().slice(0, 10)} with \`npm run bench:metrics -- --queues ${queueCount} --runs ${runs} --cold ${coldScrapes} --warm ${warmScrapes}\` on this 2-core machine (load average ${load} at the start).`,
      '',
      `**One scrape of \`/metrics\` with ${queueCount} BullMQ queues** (real queues under a private prefix of the machine's Redis, 5 jobs each, BullMQ's metrics counters on every queue; created in ${(createMs / 1000).toFixed(1)} s), from the real service with every unit and its default probes (PostgreSQL, Redis, workers) in its own process: **${(last.bytes / 1024).toFixed(0)} KiB, ${total} series** (${oursTotal} of them the METRICS families, the rest the process and HTTP metrics and the service's own histograms).`,
      '',
      '| family | series | measured |',
      '| --- | --- | ---: |',
      ...rows,
      '',
      `Scrape time (ms, client-side, including the transfer), ${coldScrapes} cold scrapes 2.1 s apart (the 2 s queue snapshot expired: each pays for a fresh pipelined read of the ${queueCount} queues unless the sampler's 5 s read just refreshed it) and ${warmScrapes} back-to-back warm scrapes per run:`,
      '',
      '| run | cold p50 | cold p95 | cold max | warm p50 | warm p95 | warm max |',
      '| --- | ---: | ---: | ---: | ---: | ---: | ---: |',
      ...runRows,
      '',
      `Median of the runs: cold **p50 ${ms(coldP50)} ms, p95 ${ms(coldP95)} ms**; warm p50 ${ms(warmP50)} ms, p95 ${ms(warmP95)} ms. The read of every queue itself (\`sysmon_queue_snapshot_read_seconds\`, mean over the bench) took ${ms(readMeanMs)} ms; Prometheus' default scrape timeout is 10 s.`,
      END,
    ].join('\n');
    const section = await formatSection(raw);
    console.log(section);
    if (values.write) {
      writeSection(section, START, END, '## Metrics');
    }
  } finally {
    await child?.close();
    await deletePrefix(redis, prefix);
    await redis.quit();
    await dropSchema(schema);
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
