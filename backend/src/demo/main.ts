// `sysmon demo`: runs the demo workload against the configured PostgreSQL and Redis until SIGTERM/SIGINT
// (or --duration). The ledger table must exist: run `sysmon migrate` first.
import type { Config } from '../config.ts';
import { createPool } from '../db/pool.ts';
import { startDemo } from './demo.ts';
import { createIngestSink } from './ingestSink.ts';
import { createStdoutSink, teeSink, type LogSink } from './logging.ts';
import { demoUsage, parseDemoArgs } from './options.ts';

export { startDemo, type RunningDemo, type StartDemoOptions } from './demo.ts';
export { DEMO_FLAGS, DemoUsageError, parseDemoArgs } from './options.ts';

const SHUTDOWN_TIMEOUT_MS = 20_000;

export async function runDemoCli(
  argv: string[],
  config: Config,
  env: Record<string, string | undefined> = process.env
): Promise<void> {
  const options = parseDemoArgs(argv, env);
  if (options.help) {
    process.stdout.write(`${demoUsage()}\n`);
    return;
  }
  const prefix = options.prefix ?? config.queues.prefixes[0] ?? 'bull';
  const pool = createPool(config.databaseUrl, { max: 5, applicationName: 'sysmon-demo' });
  // Every record goes to stdout; with --ingest-url (or SYSMON_URL) also straight to the service's ingest endpoint.
  const stdout = createStdoutSink();
  let logSink: LogSink = stdout;
  if (options.ingest) {
    const shipping = createIngestSink({
      ...options.ingest,
      onError: (message) => void process.stderr.write(`sysmon demo: ${message}\n`),
    });
    logSink = { write: teeSink(stdout, shipping).write, flush: () => shipping.flush() };
  }
  let demo;
  try {
    demo = await startDemo({
      redisUrl: config.redisUrl,
      pool,
      ledgerTable: config.queues.ledgerTable,
      prefix,
      rates: options.rates,
      concurrency: options.concurrency,
      mix: options.mix,
      simulation: options.simulation,
      campaign: options.campaign,
      chunkSize: options.chunkSize,
      smtp: options.smtp,
      api: options.api,
      control: options.control,
      logLevel: options.logLevel,
      logSink,
    });
  } catch (error) {
    await pool.end().catch(() => undefined);
    throw error;
  }

  await new Promise<void>((resolve) => {
    const finish = () => {
      clearTimeout(timer);
      process.off('SIGTERM', onSignal);
      process.off('SIGINT', onSignal);
      resolve();
    };
    const onSignal = (signal: NodeJS.Signals) => {
      demo.logger.info(`received ${signal}, shutting down`);
      finish();
    };
    const timer = options.durationSeconds > 0 ? setTimeout(finish, options.durationSeconds * 1_000) : undefined;
    process.on('SIGTERM', onSignal);
    process.on('SIGINT', onSignal);
  });
  // If a dependency never answers, do not hang forever on shutdown.
  const hardExit = setTimeout(() => {
    process.stderr.write('sysmon demo: shutdown did not finish in 20 s; exiting\n');
    process.exit(1);
  }, SHUTDOWN_TIMEOUT_MS);
  hardExit.unref();
  await demo.stop();
  await pool.end().catch(() => undefined);
  clearTimeout(hardExit);
}
