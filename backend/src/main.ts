// The `sysmon` command line: serve, migrate, demo, ingest.
import { parseArgs } from 'node:util';
import { ConfigError, loadConfigFromProcess, requireServeTokens, type Config } from './config.ts';
import { createPool } from './db/pool.ts';
import { createLogger } from './logger.ts';
import { migrate, startServer } from './server.ts';

// Re-exported for the demo workload and other callers.
export { loadConfig, type Config } from './config.ts';
export { createPool } from './db/pool.ts';
export { createRedis } from './redis.ts';
export { logger } from './logger.ts';
export { migrate, startServer } from './server.ts';

const USAGE = `Usage: sysmon <command> [options]

Commands:
  serve [--migrate]   run the HTTP service (--migrate applies migrations first)
  migrate             apply database migrations and exit
  demo [options]      run the PenguinMails-like demo workload (sysmon demo --help)
  ingest [file]       ship log lines from a file or stdin to the service (sysmon ingest --help)

Options:
  -h, --help          show this help

Configuration: environment variables (DATABASE_URL, REDIS_URL, SYSMON_API_TOKEN, ...) and the YAML file
named by SYSMON_CONFIG (default: ./sysmon.yaml when present).
`;

class UsageError extends Error {}

/** Parses boolean flags of a sub-command (plus --help); unknown flags are usage errors. */
function parseFlags<Name extends string>(args: string[], names: Name[]): Partial<Record<Name | 'help', boolean>> {
  const options: Record<string, { type: 'boolean'; short?: string }> = { help: { type: 'boolean', short: 'h' } };
  for (const name of names) {
    options[name] = { type: 'boolean' };
  }
  try {
    return parseArgs({ args, options, allowPositionals: false, strict: true }).values as Partial<
      Record<Name | 'help', boolean>
    >;
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
}

async function serve(args: string[]): Promise<number> {
  const values = parseFlags(args, ['migrate']);
  if (values.help) {
    process.stdout.write(USAGE);
    return 0;
  }
  const config = loadConfigFromProcess();
  requireServeTokens(config);
  const logger = createLogger(config.logLevel);
  const server = await startServer(config, { logger, migrate: values.migrate === true });

  return new Promise<number>((resolve) => {
    const shutdown = (signal: NodeJS.Signals) => {
      logger.info({ signal }, 'signal received');
      // Hard exit if graceful shutdown hangs (e.g. a dependency never answers).
      setTimeout(() => {
        logger.error('graceful shutdown did not finish in time; exiting');
        process.exit(1);
      }, config.server.shutdownTimeoutMs + 2_000).unref();
      server.close().then(
        () => resolve(0),
        (error: unknown) => {
          logger.error({ err: error }, 'shutdown failed');
          resolve(1);
        }
      );
    };
    process.once('SIGTERM', shutdown);
    process.once('SIGINT', shutdown);
  });
}

async function runMigrate(args: string[]): Promise<number> {
  const values = parseFlags(args, []);
  if (values.help) {
    process.stdout.write(USAGE);
    return 0;
  }
  const config = loadConfigFromProcess();
  const logger = createLogger(config.logLevel);
  const pool = createPool(config.databaseUrl, { logger, max: 1 });
  try {
    const applied = await migrate(pool, { schema: config.schema, ledgerTable: config.queues.ledgerTable });
    logger.info(
      { applied, schema: config.schema, ledgerTable: config.queues.ledgerTable },
      applied.length ? 'migrations applied' : 'database is up to date'
    );
    return 0;
  } finally {
    await pool.end();
  }
}

async function demo(args: string[]): Promise<number> {
  const config: Config = loadConfigFromProcess();
  let demoModule: { runDemoCli?: (argv: string[], config: Config) => Promise<void> };
  try {
    demoModule = await import(new URL('./demo/main.ts', import.meta.url).href);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ERR_MODULE_NOT_FOUND' && String(error).includes('demo/main.ts')) {
      process.stderr.write(
        'sysmon demo: the demo workload is not available in this build (src/demo/main.ts is missing)\n'
      );
      return 1;
    }
    throw error;
  }
  if (typeof demoModule.runDemoCli !== 'function') {
    process.stderr.write('sysmon demo: src/demo/main.ts does not export runDemoCli(argv, config)\n');
    return 1;
  }
  await demoModule.runDemoCli(args, config);
  return 0;
}

/** `sysmon ingest`: needs only SYSMON_URL and SYSMON_INGEST_TOKEN, not the service's configuration. */
async function ingest(args: string[]): Promise<number> {
  const { IngestUsageError, INGEST_USAGE, parseIngestArgs, runShipper } = await import('./logs/shipperCli.ts');
  let options;
  try {
    options = parseIngestArgs(args, process.env);
  } catch (error) {
    if (error instanceof IngestUsageError) {
      process.stderr.write(`${error.message}\n\n${INGEST_USAGE}`);
      return 2;
    }
    throw error;
  }
  if (options.help) {
    process.stdout.write(INGEST_USAGE);
    return 0;
  }
  // First signal: stop reading and send what is in hand; after 10 s (or a second signal) stop sending too —
  // unacknowledged lines are not in the offset state, so the next run sends them.
  const reading = new AbortController();
  const sending = new AbortController();
  const onSignal = () => {
    if (reading.signal.aborted) {
      sending.abort(new Error('stopped'));
      return;
    }
    reading.abort(new Error('stopped'));
    setTimeout(() => sending.abort(new Error('stopped')), 10_000).unref();
  };
  process.on('SIGTERM', onSignal);
  process.on('SIGINT', onSignal);
  try {
    const summary = await runShipper(options, { signal: reading.signal, sendSignal: sending.signal });
    process.stderr.write(
      `sysmon ingest: ${summary.lines} lines in ${summary.batches} batches: ${summary.accepted} accepted (${summary.truncated} truncated), ${summary.rejected} rejected\n`
    );
    return 0;
  } catch (error) {
    if (sending.signal.aborted) {
      process.stderr.write(
        'sysmon ingest: stopped before the last batch was acknowledged (it is sent again next run)\n'
      );
      return 1;
    }
    throw error;
  } finally {
    process.off('SIGTERM', onSignal);
    process.off('SIGINT', onSignal);
  }
}

/** Runs the CLI and returns the process exit code. */
export async function runCli(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  try {
    switch (command) {
      case 'serve':
        return await serve(rest);
      case 'migrate':
        return await runMigrate(rest);
      case 'demo':
        return await demo(rest);
      case 'ingest':
        return await ingest(rest);
      case '-h':
      case '--help':
      case 'help':
        process.stdout.write(USAGE);
        return 0;
      default:
        process.stderr.write(
          `${command === undefined ? 'missing command' : `unknown command: ${command}`}\n\n${USAGE}`
        );
        return 2;
    }
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`${error.message}\n`);
      return 1;
    }
    if (error instanceof UsageError) {
      process.stderr.write(`${error.message}\n\n${USAGE}`);
      return 2;
    }
    process.stderr.write(`sysmon ${command}: ${error instanceof Error ? error.message : String(error)}\n`);
    return 1;
  }
}
