/**
 * Starts the REAL sysmon service (backend/bin/sysmon.js) for browser tests: a random schema, generated
 * tokens, a free port; migrate, serve, wait for /healthz; stop with SIGTERM; drop the schema.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { stringify as stringifyYaml } from 'yaml';

export const REPO_ROOT = path.resolve(__dirname, '..', '..');
const SYSMON_BIN = path.join(REPO_ROOT, 'backend', 'bin', 'sysmon.js');

export const DATABASE_URL = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
export const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';

export interface ServiceTokens {
  api: string;
  operator: string;
  ingest: string;
}

export function generateTokens(): ServiceTokens {
  const token = (kind: string) => `${kind}-${randomBytes(16).toString('hex')}`;
  return { api: token('read'), operator: token('operator'), ingest: token('ingest') };
}

export function randomSchema(): string {
  return `sysmon_e2e_${randomBytes(4).toString('hex')}`;
}

/** A port that was free a moment ago (the service needs a concrete port in its env). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

export interface ServiceEnvOptions {
  schema: string;
  tokens: ServiceTokens;
  port: number;
  redisUrl?: string;
  /** BullMQ prefix the service discovers queues under (queues.prefixes); the service default when absent. */
  queuePrefix?: string;
  /** queues.tiers: queue name -> tier, for queues whose name has no -high/-normal/-low suffix. */
  queueTiers?: Record<string, 'high' | 'normal' | 'low'>;
  /** The `probes` of the service's config (backend/src/health/probeConfig.ts); the service default when absent. */
  probes?: Array<Record<string, unknown>>;
}

/** The ledger table of a test schema (inside it, so dropping the schema drops the ledger). */
export function ledgerTableOf(schema: string): string {
  return `${schema}.job_ledger`;
}

/** Service env plus a config file that keeps the ledger table inside the test schema too. */
export function serviceEnv(options: ServiceEnvOptions): NodeJS.ProcessEnv {
  const configFile = path.join(os.tmpdir(), `${options.schema}.sysmon.yaml`);
  const queues = {
    ...(options.queuePrefix ? { prefixes: [options.queuePrefix] } : {}),
    ...(options.queueTiers ? { tiers: options.queueTiers } : {}),
    ledgerTable: ledgerTableOf(options.schema),
  };
  fs.writeFileSync(configFile, stringifyYaml({ queues, ...(options.probes ? { probes: options.probes } : {}) }));
  return {
    ...process.env,
    DATABASE_URL,
    REDIS_URL: options.redisUrl ?? REDIS_URL,
    SYSMON_SCHEMA: options.schema,
    SYSMON_CONFIG: configFile,
    SYSMON_API_TOKEN: options.tokens.api,
    SYSMON_OPERATOR_TOKEN: options.tokens.operator,
    SYSMON_INGEST_TOKEN: options.tokens.ingest,
    SYSMON_PORT: String(options.port),
    SYSMON_HOST: '127.0.0.1',
    LOG_LEVEL: process.env.SYSMON_E2E_LOG_LEVEL ?? 'warn',
  };
}

function runSysmon(args: string[], env: NodeJS.ProcessEnv): ChildProcess {
  return spawn(process.execPath, [SYSMON_BIN, ...args], { cwd: REPO_ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
}

/** Keeps the last lines of a child's output for error messages. */
function tail(child: ChildProcess, label: string, echo: boolean): () => string {
  const lines: string[] = [];
  const collect = (chunk: Buffer) => {
    for (const line of chunk.toString().split('\n').filter(Boolean)) {
      lines.push(line);
      if (lines.length > 40) {
        lines.shift();
      }
      if (echo) {
        process.stderr.write(`[${label}] ${line}\n`);
      }
    }
  };
  child.stdout?.on('data', collect);
  child.stderr?.on('data', collect);
  return () => lines.join('\n');
}

export async function migrateSchema(env: NodeJS.ProcessEnv): Promise<void> {
  if (!fs.existsSync(SYSMON_BIN)) {
    throw new Error(`${SYSMON_BIN} is missing: the service is not in this checkout`);
  }
  const child = runSysmon(['migrate'], env);
  const output = tail(child, 'migrate', false);
  const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
  if (code !== 0) {
    throw new Error(`sysmon migrate exited with ${code}:\n${output()}`);
  }
}

export interface RunningService {
  url: string;
  stop(): Promise<void>;
}

export async function startService(env: NodeJS.ProcessEnv, label: string): Promise<RunningService> {
  const url = `http://127.0.0.1:${env.SYSMON_PORT}`;
  const child = runSysmon(['serve'], env);
  const output = tail(child, label, process.env.SYSMON_E2E_ECHO === '1');
  let exited = false;
  child.on('exit', () => {
    exited = true;
  });
  const deadline = Date.now() + 30_000;
  for (;;) {
    if (exited) {
      throw new Error(`sysmon serve (${label}) exited during start-up:\n${output()}`);
    }
    try {
      const response = await fetch(`${url}/healthz`, { signal: AbortSignal.timeout(1_000) });
      if (response.ok) {
        break;
      }
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`sysmon serve (${label}) did not answer ${url}/healthz within 30 s:\n${output()}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  return {
    url,
    stop: async () => {
      if (exited) {
        return;
      }
      const done = new Promise((resolve) => child.on('exit', resolve));
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
      await done;
      clearTimeout(timer);
    },
  };
}

export async function dropSchema(schema: string): Promise<void> {
  const client = new pg.Client({ connectionString: DATABASE_URL });
  await client.connect();
  try {
    await client.query(`DROP SCHEMA IF EXISTS "${schema.replace(/"/g, '""')}" CASCADE`);
  } finally {
    await client.end();
  }
  fs.rmSync(path.join(os.tmpdir(), `${schema}.sysmon.yaml`), { force: true });
}
