// `sysmon demo` flags with DEMO_* environment fallbacks. Pure: argv and env in, validated options out;
// a bad value throws DemoUsageError naming the flag and its environment variable.
import { parseArgs } from 'node:util';
import { isLogLevel, type LogLevel } from './logging.ts';
import { API_MODES, isApiMode, type ApiMode } from './platformApi.ts';
import { SMTP_MODES, isSmtpMode, type SmtpMode } from './smtpSink.ts';

export class DemoUsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'DemoUsageError';
  }
}

type Kind = 'rate' | 'count' | 'port' | 'share' | 'seconds' | 'positive' | 'string' | 'flag';

interface FlagSpec {
  env: string;
  kind: Kind;
  default: string | boolean;
  help: string;
}

/** Every flag, its DEMO_* variable, default and meaning. Also the source of `sysmon demo --help`. */
export const DEMO_FLAGS = {
  'email-rate': {
    env: 'DEMO_EMAIL_RATE',
    kind: 'rate',
    default: '5',
    help: 'email-sending jobs per second (steady traffic)',
  },
  'warmup-rate': { env: 'DEMO_WARMUP_RATE', kind: 'rate', default: '2', help: 'warmup-processing jobs per second' },
  'analytics-rate': {
    env: 'DEMO_ANALYTICS_RATE',
    kind: 'rate',
    default: '1',
    help: 'analytics-aggregation jobs per second',
  },
  'email-concurrency': { env: 'DEMO_EMAIL_CONCURRENCY', kind: 'count', default: '5', help: 'email worker concurrency' },
  'warmup-concurrency': {
    env: 'DEMO_WARMUP_CONCURRENCY',
    kind: 'count',
    default: '3',
    help: 'warmup worker concurrency',
  },
  'analytics-concurrency': {
    env: 'DEMO_ANALYTICS_CONCURRENCY',
    kind: 'count',
    default: '2',
    help: 'analytics worker concurrency',
  },
  'campaign-size': { env: 'DEMO_CAMPAIGN_SIZE', kind: 'count', default: '500', help: 'emails per campaign launch' },
  'campaign-every': {
    env: 'DEMO_CAMPAIGN_EVERY',
    kind: 'seconds',
    default: '0',
    help: 'launch a campaign every N seconds (0 = never)',
  },
  'campaign-now': { env: 'DEMO_CAMPAIGN_NOW', kind: 'flag', default: false, help: 'launch one campaign at start-up' },
  'chunk-size': { env: 'DEMO_CHUNK_SIZE', kind: 'count', default: '500', help: 'jobs per addBulk call' },
  'bounce-rate': {
    env: 'DEMO_BOUNCE_RATE',
    kind: 'share',
    default: '0.03',
    help: 'share of emails to a hard-bouncing mailbox (550, no retry)',
  },
  'greylist-rate': {
    env: 'DEMO_GREYLIST_RATE',
    kind: 'share',
    default: '0.05',
    help: 'share of emails to a greylisting domain (450 once, then accepted)',
  },
  'scheduled-rate': {
    env: 'DEMO_SCHEDULED_RATE',
    kind: 'share',
    default: '0.1',
    help: 'share of non-transactional emails scheduled for later (delayed)',
  },
  'max-schedule-seconds': {
    env: 'DEMO_MAX_SCHEDULE_SECONDS',
    kind: 'seconds',
    default: '60',
    help: 'longest delay of a scheduled email',
  },
  'warmup-failure-rate': {
    env: 'DEMO_WARMUP_FAILURE_RATE',
    kind: 'share',
    default: '0.05',
    help: 'share of warmup jobs failing with a 421 from the seed inbox provider',
  },
  'analytics-timeout-rate': {
    env: 'DEMO_ANALYTICS_TIMEOUT_RATE',
    kind: 'share',
    default: '0.03',
    help: 'share of analytics jobs exceeding their time budget',
  },
  'latency-scale': {
    env: 'DEMO_LATENCY_SCALE',
    kind: 'positive',
    default: '1',
    help: 'multiplier for simulated job latency',
  },
  'smtp-host': {
    env: 'DEMO_SMTP_HOST',
    kind: 'string',
    default: '127.0.0.1',
    help: 'address the SMTP sink listens on (workers send to it; to 127.0.0.1 when it is 0.0.0.0)',
  },
  'smtp-port': { env: 'DEMO_SMTP_PORT', kind: 'port', default: '2525', help: 'SMTP sink port (0 = any free port)' },
  'smtp-mode': {
    env: 'DEMO_SMTP_MODE',
    kind: 'string',
    default: 'normal',
    help: `initial SMTP sink mode: ${SMTP_MODES.join(', ')}`,
  },
  'smtp-slow-seconds': {
    env: 'DEMO_SMTP_SLOW_SECONDS',
    kind: 'positive',
    default: '3',
    help: "greeting delay in slow mode; slow means degraded: over a monitor's 1 s banner threshold, within a 5 s timeout, so mail still flows, slowly",
  },
  'smtp-refuse-code': {
    env: 'DEMO_SMTP_REFUSE_CODE',
    kind: 'string',
    default: '421',
    help: 'reply when refusing connections: 421 or 554',
  },
  'smtp-tempfail-rate': {
    env: 'DEMO_SMTP_TEMPFAIL_RATE',
    kind: 'share',
    default: '0.02',
    help: 'share of messages answered 421 in normal mode',
  },
  'smtp-timeout-ms': {
    env: 'DEMO_SMTP_TIMEOUT_MS',
    kind: 'positive',
    default: '5000',
    help: 'client connection/greeting timeout of the email worker',
  },
  'api-host': {
    env: 'DEMO_API_HOST',
    kind: 'string',
    default: '127.0.0.1',
    help: 'address of the platform API (GET /healthz, GET /api/v1/campaigns/:id/stats)',
  },
  'api-port': { env: 'DEMO_API_PORT', kind: 'port', default: '2527', help: 'platform API port (0 = any free port)' },
  'api-mode': {
    env: 'DEMO_API_MODE',
    kind: 'string',
    default: 'normal',
    help: `initial platform API mode: ${API_MODES.join(', ')}`,
  },
  'api-slow-seconds': {
    env: 'DEMO_API_SLOW_SECONDS',
    kind: 'positive',
    default: '2',
    help: "delay of every platform API answer in slow mode; degraded: over a monitor's 1 s latency threshold, within a 5 s timeout",
  },
  'control-host': {
    env: 'DEMO_CONTROL_HOST',
    kind: 'string',
    default: '127.0.0.1',
    help: 'address of the control HTTP endpoint',
  },
  'control-port': {
    env: 'DEMO_CONTROL_PORT',
    kind: 'port',
    default: '2526',
    help: 'control HTTP port (GET/PUT /smtp, GET/PUT /api, POST /campaign, GET /status)',
  },
  prefix: {
    env: 'DEMO_PREFIX',
    kind: 'string',
    default: '',
    help: 'BullMQ key prefix (default: first of queues.prefixes in the config)',
  },
  duration: {
    env: 'DEMO_DURATION',
    kind: 'seconds',
    default: '0',
    help: 'stop after N seconds (0 = run until SIGTERM/SIGINT)',
  },
  'log-level': { env: 'DEMO_LOG_LEVEL', kind: 'string', default: 'info', help: 'debug, info, warn or error' },
  'ingest-url': {
    env: 'DEMO_INGEST_URL',
    kind: 'string',
    default: '',
    help: 'ship every log record to this sysmon service (POST /api/logs/ingest; token from SYSMON_INGEST_TOKEN; falls back to SYSMON_URL; empty = stdout only)',
  },
} as const satisfies Record<string, FlagSpec>;

export type DemoFlag = keyof typeof DEMO_FLAGS;

export interface DemoCliOptions {
  rates: { email: number; warmup: number; analytics: number };
  concurrency: { email: number; warmup: number; analytics: number };
  campaign: { size: number; everySeconds: number; now: boolean };
  chunkSize: number;
  mix: { bounceRate: number; greylistRate: number; scheduledRate: number; maxScheduleDelayMs: number };
  simulation: { latencyScale: number; warmupTempFailRate: number; analyticsTimeoutRate: number };
  smtp: {
    host: string;
    port: number;
    mode: SmtpMode;
    slowBannerMs: number;
    refuseCode: 421 | 554;
    tempFailRate: number;
    clientTimeoutMs: number;
  };
  api: { host: string; port: number; mode: ApiMode; slowMs: number };
  control: { host: string; port: number };
  prefix: string | undefined;
  durationSeconds: number;
  logLevel: LogLevel;
  /** Where log records are shipped besides stdout (absent: stdout only). */
  ingest: { url: string; token: string } | undefined;
  help: boolean;
}

function describe(flag: DemoFlag): string {
  return `--${flag} (${DEMO_FLAGS[flag].env})`;
}

function toNumber(flag: DemoFlag, raw: string): number {
  const kind: Kind = DEMO_FLAGS[flag].kind;
  const value = Number(raw);
  const fail = (expected: string) => {
    throw new DemoUsageError(`${describe(flag)}: expected ${expected}, got ${JSON.stringify(raw)}`);
  };
  if (raw.trim() === '' || !Number.isFinite(value)) {
    fail('a number');
  }
  switch (kind) {
    case 'rate':
    case 'seconds':
      if (value < 0) {
        fail('a number >= 0');
      }
      break;
    case 'positive':
      if (value <= 0) {
        fail('a number > 0');
      }
      break;
    case 'share':
      if (value < 0 || value > 1) {
        fail('a share between 0 and 1');
      }
      break;
    case 'count':
      if (!Number.isInteger(value) || value < 1) {
        fail('a whole number >= 1');
      }
      break;
    case 'port':
      if (!Number.isInteger(value) || value < 0 || value > 65535) {
        fail('a port number (0-65535)');
      }
      break;
  }
  return value;
}

export function parseDemoArgs(argv: string[], env: Record<string, string | undefined> = {}): DemoCliOptions {
  const parseOptions = Object.fromEntries(
    Object.entries(DEMO_FLAGS).map(([flag, spec]) => [
      flag,
      { type: spec.kind === 'flag' ? ('boolean' as const) : ('string' as const) },
    ])
  );
  let values: Record<string, string | boolean | undefined>;
  try {
    ({ values } = parseArgs({
      args: argv,
      options: { ...parseOptions, help: { type: 'boolean', short: 'h' } },
      strict: true,
      allowPositionals: false,
    }));
  } catch (error) {
    throw new DemoUsageError((error as Error).message);
  }

  const raw = (flag: DemoFlag): string => {
    const fromArgs = values[flag];
    if (typeof fromArgs === 'string') {
      return fromArgs;
    }
    const fromEnv = env[DEMO_FLAGS[flag].env];
    if (fromEnv !== undefined && fromEnv !== '') {
      return fromEnv;
    }
    return String(DEMO_FLAGS[flag].default);
  };
  const num = (flag: DemoFlag) => toNumber(flag, raw(flag));
  const bool = (flag: DemoFlag): boolean => {
    if (values[flag] === true) {
      return true;
    }
    const fromEnv = env[DEMO_FLAGS[flag].env];
    if (fromEnv === undefined || fromEnv === '') {
      return false;
    }
    if (/^(1|true|yes)$/i.test(fromEnv)) {
      return true;
    }
    if (/^(0|false|no)$/i.test(fromEnv)) {
      return false;
    }
    throw new DemoUsageError(`${describe(flag)}: expected true or false, got ${JSON.stringify(fromEnv)}`);
  };

  const mode = raw('smtp-mode');
  if (!isSmtpMode(mode)) {
    throw new DemoUsageError(
      `${describe('smtp-mode')}: expected one of ${SMTP_MODES.join(', ')}, got ${JSON.stringify(mode)}`
    );
  }
  const apiMode = raw('api-mode');
  if (!isApiMode(apiMode)) {
    throw new DemoUsageError(
      `${describe('api-mode')}: expected one of ${API_MODES.join(', ')}, got ${JSON.stringify(apiMode)}`
    );
  }
  const refuseCode = raw('smtp-refuse-code');
  if (refuseCode !== '421' && refuseCode !== '554') {
    throw new DemoUsageError(`${describe('smtp-refuse-code')}: expected 421 or 554, got ${JSON.stringify(refuseCode)}`);
  }
  const logLevel = raw('log-level');
  if (!isLogLevel(logLevel)) {
    throw new DemoUsageError(
      `${describe('log-level')}: expected debug, info, warn or error, got ${JSON.stringify(logLevel)}`
    );
  }
  const bounceRate = num('bounce-rate');
  const greylistRate = num('greylist-rate');
  if (bounceRate + greylistRate > 1) {
    throw new DemoUsageError(`${describe('bounce-rate')} + ${describe('greylist-rate')}: together must not exceed 1`);
  }
  for (const flag of ['smtp-host', 'api-host', 'control-host'] as const) {
    if (raw(flag).trim() === '') {
      throw new DemoUsageError(`${describe(flag)}: must not be empty`);
    }
  }

  const ingestUrl = raw('ingest-url') || env.SYSMON_URL || '';
  let ingest: DemoCliOptions['ingest'];
  if (ingestUrl !== '') {
    try {
      new URL(ingestUrl);
    } catch {
      throw new DemoUsageError(`${describe('ingest-url')}: expected a URL, got ${JSON.stringify(ingestUrl)}`);
    }
    const token = env.SYSMON_INGEST_TOKEN ?? '';
    if (token === '') {
      throw new DemoUsageError(`${describe('ingest-url')}: log shipping needs the ingest token in SYSMON_INGEST_TOKEN`);
    }
    ingest = { url: ingestUrl, token };
  }

  return {
    rates: { email: num('email-rate'), warmup: num('warmup-rate'), analytics: num('analytics-rate') },
    concurrency: {
      email: num('email-concurrency'),
      warmup: num('warmup-concurrency'),
      analytics: num('analytics-concurrency'),
    },
    campaign: { size: num('campaign-size'), everySeconds: num('campaign-every'), now: bool('campaign-now') },
    chunkSize: num('chunk-size'),
    mix: {
      bounceRate,
      greylistRate,
      scheduledRate: num('scheduled-rate'),
      maxScheduleDelayMs: num('max-schedule-seconds') * 1_000,
    },
    simulation: {
      latencyScale: num('latency-scale'),
      warmupTempFailRate: num('warmup-failure-rate'),
      analyticsTimeoutRate: num('analytics-timeout-rate'),
    },
    smtp: {
      host: raw('smtp-host'),
      port: num('smtp-port'),
      mode,
      slowBannerMs: Math.round(num('smtp-slow-seconds') * 1_000),
      refuseCode: refuseCode === '421' ? 421 : 554,
      tempFailRate: num('smtp-tempfail-rate'),
      clientTimeoutMs: Math.round(num('smtp-timeout-ms')),
    },
    api: {
      host: raw('api-host'),
      port: num('api-port'),
      mode: apiMode,
      slowMs: Math.round(num('api-slow-seconds') * 1_000),
    },
    control: { host: raw('control-host'), port: num('control-port') },
    prefix: raw('prefix') || undefined,
    durationSeconds: num('duration'),
    logLevel,
    ingest,
    help: values.help === true,
  };
}

export function demoUsage(): string {
  const lines = Object.entries(DEMO_FLAGS).map(([flag, spec]) => {
    const name = spec.kind === 'flag' ? `--${flag}` : `--${flag} <value>`;
    return `  ${name.padEnd(32)} ${spec.help} [env ${spec.env}, default ${String(spec.default) || '-'}]`;
  });
  return [
    'Usage: sysmon demo [options]',
    '',
    'Runs the PenguinMails-like demo workload (producers, workers, SMTP sink, platform API).',
    '',
    ...lines,
  ].join('\n');
}
