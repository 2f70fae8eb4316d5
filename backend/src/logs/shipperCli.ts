// `sysmon ingest [file]`: flags and environment to shipper options (pure), and the run (signals, state file).
import { parseArgs } from 'node:util';
import { DEFAULT_BATCH_BYTES, DEFAULT_BATCH_LINES, DEFAULT_FLUSH_MS, ship, type ShipSummary } from './shipper.ts';
import { createIngestClient } from './shipperClient.ts';
import { fileLines, readOffsetState, resumeOffset, streamLines, writeOffsetState } from './shipperSource.ts';

export const INGEST_USAGE = `Usage: sysmon ingest [file] [options]

Ships structured log lines (NDJSON: the platform's own, pino, winston, bunyan; other lines as plain text) from a
file or stdin (no file, or -) to the service's POST /api/logs/ingest, in batches. Delivery is at-least-once: a
batch is retried (429/503 after Retry-After, other 5xx and network errors with backoff) until acknowledged, and
with a file the offset state is written only after the service committed a batch, so a restart resumes after the
last acknowledged line (the batch in flight at a crash may be sent twice).

Options:
  -f, --follow            keep reading the file as it grows (truncation and rotation handled); stop with Ctrl-C
  --state-file <path>     offset state of the file (default: <file>.sysmon-offset)
  --url <url>             the service (env SYSMON_URL, default http://127.0.0.1:3001)
  --service <name>        service of lines that name none
  --batch-lines <n>       lines per batch (default ${DEFAULT_BATCH_LINES})
  --batch-bytes <n>       bytes per batch (default ${DEFAULT_BATCH_BYTES})
  --flush-ms <n>          send a batch that is not full after this long (default ${DEFAULT_FLUSH_MS})
  --gzip                  gzip request bodies
  -h, --help              show this help

The ingest token comes from SYSMON_INGEST_TOKEN.
`;

export class IngestUsageError extends Error {}

export interface IngestCliOptions {
  file?: string;
  follow: boolean;
  stateFile?: string;
  url: string;
  token: string;
  service?: string;
  batchLines: number;
  batchBytes: number;
  flushMs: number;
  gzip: boolean;
  help: boolean;
}

function positive(name: string, raw: string | undefined, fallback: number): number {
  if (raw === undefined) {
    return fallback;
  }
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 1) {
    throw new IngestUsageError(`--${name}: expected a whole number >= 1, got ${JSON.stringify(raw)}`);
  }
  return value;
}

export function parseIngestArgs(argv: string[], env: Record<string, string | undefined>): IngestCliOptions {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      strict: true,
      options: {
        follow: { type: 'boolean', short: 'f' },
        'state-file': { type: 'string' },
        url: { type: 'string' },
        service: { type: 'string' },
        'batch-lines': { type: 'string' },
        'batch-bytes': { type: 'string' },
        'flush-ms': { type: 'string' },
        gzip: { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
      },
    });
  } catch (error) {
    throw new IngestUsageError((error as Error).message);
  }
  const { values, positionals } = parsed;
  if (positionals.length > 1) {
    throw new IngestUsageError(`expected at most one file, got ${positionals.length}`);
  }
  const file = positionals[0] === '-' ? undefined : positionals[0];
  const help = values.help === true;
  if (values.follow && !file) {
    throw new IngestUsageError('--follow needs a file (stdin is read to its end anyway)');
  }
  const token = env.SYSMON_INGEST_TOKEN ?? '';
  if (!help && token === '') {
    throw new IngestUsageError('SYSMON_INGEST_TOKEN is not set (the service’s ingest token)');
  }
  const url = values.url ?? env.SYSMON_URL ?? 'http://127.0.0.1:3001';
  try {
    new URL(url);
  } catch {
    throw new IngestUsageError(`--url (SYSMON_URL): not a URL: ${JSON.stringify(url)}`);
  }
  return {
    file,
    follow: values.follow === true,
    stateFile: values['state-file'] ?? (file ? `${file}.sysmon-offset` : undefined),
    url,
    token,
    service: values.service,
    batchLines: positive('batch-lines', values['batch-lines'], DEFAULT_BATCH_LINES),
    batchBytes: positive('batch-bytes', values['batch-bytes'], DEFAULT_BATCH_BYTES),
    flushMs: positive('flush-ms', values['flush-ms'], DEFAULT_FLUSH_MS),
    gzip: values.gzip === true,
    help,
  };
}

export interface RunShipperOptions {
  /** Stops reading (then the batch in hand is sent). */
  signal?: AbortSignal;
  /** Stops sending too (the batch in flight is not acknowledged; its lines are sent again next time). */
  sendSignal?: AbortSignal;
  stdin?: NodeJS.ReadableStream;
  log?: (message: string) => void;
}

/** Runs the shipper to the end of its input (or until the signal for --follow). */
export async function runShipper(options: IngestCliOptions, run: RunShipperOptions = {}): Promise<ShipSummary> {
  const log = run.log ?? ((message: string) => process.stderr.write(`sysmon ingest: ${message}\n`));
  const client = createIngestClient({
    url: options.url,
    token: options.token,
    service: options.service,
    gzip: options.gzip,
    signal: run.sendSignal,
    onRetry: ({ status, error, delayMs, attempt }) =>
      log(`attempt ${attempt} failed (${status ? `HTTP ${status}` : error}); retrying in ${Math.round(delayMs)} ms`),
  });
  let source;
  let stateFile: string | undefined;
  if (options.file) {
    stateFile = options.stateFile;
    const state = stateFile ? await readOffsetState(stateFile) : undefined;
    const startOffset = await resumeOffset(options.file, state?.path === options.file ? state : undefined);
    if (startOffset > 0) {
      log(`resuming ${options.file} at byte ${startOffset}`);
    }
    source = fileLines(options.file, { startOffset, follow: options.follow, signal: run.signal });
  } else {
    source = streamLines((run.stdin ?? process.stdin) as NodeJS.ReadableStream & AsyncIterable<Buffer> as never);
  }
  const file = options.file;
  return ship({
    client,
    source,
    batchLines: options.batchLines,
    batchBytes: options.batchBytes,
    flushMs: options.flushMs,
    onAcknowledged: async ({ position, result }) => {
      if (result.rejected > 0) {
        log(
          `${result.rejected} lines of a batch rejected: ${result.rejects.map((r) => `batch line ${r.line}: ${r.reason}`).join('; ')}`
        );
      }
      if (stateFile && file && position) {
        await writeOffsetState(stateFile, {
          path: file,
          dev: position.dev,
          ino: position.ino,
          offset: position.offset,
        });
      }
    },
  });
}
