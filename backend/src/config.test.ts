import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';
import { ConfigError, loadConfig, readConfigFile, requireServeTokens } from './config.ts';

function configError(fn: () => unknown): ConfigError {
  try {
    fn();
  } catch (error) {
    assert.ok(error instanceof ConfigError, `expected ConfigError, got ${String(error)}`);
    return error;
  }
  assert.fail('expected a ConfigError');
}

describe('loadConfig', () => {
  it('uses the documented defaults with an empty environment and no file', () => {
    const config = loadConfig({});
    assert.equal(config.databaseUrl, 'postgres://postgres@127.0.0.1:5432/postgres');
    assert.equal(config.redisUrl, 'redis://127.0.0.1:6379');
    assert.equal(config.logDatabaseUrl, config.databaseUrl);
    assert.equal(config.port, 3001);
    assert.equal(config.host, '127.0.0.1', 'loopback unless told otherwise');
    assert.equal(config.logLevel, 'info');
    assert.equal(config.schema, 'sysmon');
    assert.deepEqual(config.tokens, { api: undefined, operator: undefined, ingest: undefined, metrics: undefined });
    assert.deepEqual(config.server, {
      bodyLimit: '1mb',
      shutdownTimeoutMs: 10_000,
      requestTimeoutMs: 30_000,
      headersTimeoutMs: 10_000,
      metricsPublic: false,
    });
    assert.deepEqual(config.queues, { prefixes: ['bull'], tiers: {}, ledgerTable: 'public.job_ledger' });
    assert.deepEqual(
      config.probes.map((probe) => [probe.name, probe.kind]),
      [
        ['postgres', 'postgres'],
        ['redis', 'redis'],
        ['workers', 'workers'],
      ],
      'without probes the service watches its own dependencies'
    );
    assert.deepEqual(config.status, { downAfter: 3, degradeAfter: 2, recoverAfter: 2, unknownAfter: 2 });
    assert.deepEqual(config.reputation.sendingIps, []);
    assert.ok(config.reputation.zones.includes('zen.spamhaus.org'));
  });

  it('reads every environment variable', () => {
    const config = loadConfig({
      DATABASE_URL: 'postgresql://u@db:5433/app',
      REDIS_URL: 'rediss://cache:6380/2',
      SYSMON_LOG_DATABASE_URL: 'postgres://logs@logdb/logs',
      SYSMON_API_TOKEN: 'r'.repeat(16),
      SYSMON_OPERATOR_TOKEN: 'o'.repeat(20),
      SYSMON_INGEST_TOKEN: 'i'.repeat(32),
      SYSMON_PORT: '8080',
      SYSMON_HOST: '127.0.0.1',
      LOG_LEVEL: 'debug',
      SYSMON_SCHEMA: 'sysmon_t_abc',
    });
    assert.equal(config.databaseUrl, 'postgresql://u@db:5433/app');
    assert.equal(config.redisUrl, 'rediss://cache:6380/2');
    assert.equal(config.logDatabaseUrl, 'postgres://logs@logdb/logs');
    assert.deepEqual(config.tokens, {
      api: 'r'.repeat(16),
      operator: 'o'.repeat(20),
      ingest: 'i'.repeat(32),
      metrics: undefined,
    });
    assert.equal(config.port, 8080);
    assert.equal(config.host, '127.0.0.1');
    assert.equal(config.logLevel, 'debug');
    assert.equal(config.schema, 'sysmon_t_abc');
  });

  it('treats empty environment values as unset', () => {
    assert.equal(loadConfig({ SYSMON_PORT: '', SYSMON_API_TOKEN: '' }).port, 3001);
  });

  it('reads the YAML file', () => {
    const config = loadConfig(
      {},
      `
server:
  bodyLimit: 256kb
  shutdownTimeoutMs: 2500
queues:
  prefixes: [bull, "{penguin}"]
  tiers: { email-sending: high, analytics-aggregation: low }
  ledgerTable: platform.job_ledger
probes:
  - { name: smtp, kind: smtp, host: 127.0.0.1, port: 2525, starttls: required }
status:
  downAfter: 5
reputation:
  sendingIps: [192.0.2.10, "2001:db8::25"]
  zones: [zen.example.org, { zone: bl.test, codes: { 127.0.0.2: listed } }]
`
    );
    assert.deepEqual(config.server, {
      bodyLimit: '256kb',
      shutdownTimeoutMs: 2500,
      requestTimeoutMs: 30_000,
      headersTimeoutMs: 10_000,
      metricsPublic: false,
    });
    assert.deepEqual(config.queues, {
      prefixes: ['bull', '{penguin}'],
      tiers: { 'email-sending': 'high', 'analytics-aggregation': 'low' },
      ledgerTable: 'platform.job_ledger',
    });
    assert.deepEqual(config.probes, [
      {
        name: 'smtp',
        kind: 'smtp',
        host: '127.0.0.1',
        port: 2525,
        starttls: 'required',
        ehloName: 'sysmon.penguinmails.invalid',
        intervalMs: 15_000,
        timeoutMs: 5_000,
        thresholds: { latencyMs: 1_000, certExpiryDays: 14 },
      },
    ]);
    assert.equal(config.status.downAfter, 5);
    assert.deepEqual(config.reputation.sendingIps, ['192.0.2.10', '2001:db8::25']);
    assert.deepEqual(config.reputation.zones[1], {
      zone: 'bl.test',
      kind: 'block',
      codes: { '127.0.0.2': 'listed' },
      errorCodes: {},
      ipv6: false,
    });
  });

  it('accepts an empty file', () => {
    assert.equal(loadConfig({}, '').queues.ledgerTable, 'public.job_ledger');
  });

  it('names the key of an invalid ledger table', () => {
    const error = configError(() => loadConfig({}, 'queues:\n  ledgerTable: "job_ledger; drop table x"\n'));
    assert.match(error.message, /^invalid configuration: queues\.ledgerTable: expected a lower-case table name/);
  });

  it('reads the sampler settings with defaults and names invalid ones', () => {
    assert.deepEqual(loadConfig({}).sampler, { intervalMs: 5_000, retentionDays: 90 });
    assert.deepEqual(loadConfig({}, 'sampler:\n  intervalMs: 10000\n  retentionDays: 30\n').sampler, {
      intervalMs: 10_000,
      retentionDays: 30,
    });
    const error = configError(() => loadConfig({}, 'sampler:\n  intervalMs: 10\n  retentionDays: 0\n  everyMs: 5\n'));
    assert.deepEqual(error.problems.map((problem) => problem.split(':')[0]).sort(), [
      'sampler.everyMs',
      'sampler.intervalMs',
      'sampler.retentionDays',
    ]);
  });

  it('names an invalid port', () => {
    const error = configError(() => loadConfig({ SYSMON_PORT: 'http' }));
    assert.equal(error.message, 'invalid configuration: SYSMON_PORT: expected a port number');
    configError(() => loadConfig({ SYSMON_PORT: '70000' }));
  });

  it('reports unknown (misspelt) keys with their path', () => {
    const error = configError(() => loadConfig({}, 'queues:\n  ledgerTabel: public.x\nprobez: []\n'));
    assert.deepEqual(error.problems.sort(), ['probez: unknown key', 'queues.ledgerTabel: unknown key']);
  });

  it('reports an invalid tier and a bad body limit by path', () => {
    const error = configError(() =>
      loadConfig({}, 'queues:\n  tiers:\n    email: urgent\nserver:\n  bodyLimit: lots\n')
    );
    assert.equal(error.problems.length, 2);
    assert.ok(error.problems.some((p) => p.startsWith('queues.tiers.email: ')));
    assert.ok(error.problems.some((p) => p.startsWith('server.bodyLimit: ')));
  });

  it('reports YAML syntax errors', () => {
    const error = configError(() => loadConfig({}, 'queues: [unclosed\n'));
    assert.match(error.message, /^invalid configuration: config file: not valid YAML/);
  });

  it('rejects non-postgres database URLs and unknown log levels', () => {
    const error = configError(() => loadConfig({ DATABASE_URL: 'mysql://x', LOG_LEVEL: 'loud' }));
    assert.ok(error.problems.some((p) => p.startsWith('DATABASE_URL: expected a URL starting with postgres://')));
    assert.ok(error.problems.some((p) => p.startsWith('LOG_LEVEL: ')));
  });

  it('rejects short tokens without printing them', () => {
    const secret = 'shortsecret';
    const error = configError(() => loadConfig({ SYSMON_OPERATOR_TOKEN: secret }));
    assert.match(error.message, /SYSMON_OPERATOR_TOKEN: must be at least 16 characters/);
    assert.ok(!error.message.includes(secret));
  });

  it('requires the read and operator tokens for serve only', () => {
    const config = loadConfig({ SYSMON_API_TOKEN: 'a'.repeat(16) });
    const error = configError(() => requireServeTokens(config));
    assert.deepEqual(error.problems, ['SYSMON_OPERATOR_TOKEN: required by serve']);
    requireServeTokens(loadConfig({ SYSMON_API_TOKEN: 'a'.repeat(16), SYSMON_OPERATOR_TOKEN: 'b'.repeat(16) }));
  });

  it('rejects a token shared between scopes, naming the variables but not the value', () => {
    const shared = 'shared-token-0123456789';
    const problems = (env: Record<string, string>) => {
      const error = configError(() => requireServeTokens(loadConfig(env)));
      assert.ok(!error.message.includes(shared), error.message);
      return error.problems;
    };
    assert.deepEqual(problems({ SYSMON_API_TOKEN: shared, SYSMON_OPERATOR_TOKEN: shared }), [
      'SYSMON_OPERATOR_TOKEN: must differ from SYSMON_API_TOKEN (each token grants its own scope)',
    ]);
    assert.deepEqual(
      problems({ SYSMON_API_TOKEN: shared, SYSMON_OPERATOR_TOKEN: 'o'.repeat(16), SYSMON_INGEST_TOKEN: shared }),
      ['SYSMON_INGEST_TOKEN: must differ from SYSMON_API_TOKEN (each token grants its own scope)']
    );
    assert.deepEqual(
      problems({ SYSMON_API_TOKEN: 'a'.repeat(16), SYSMON_OPERATOR_TOKEN: shared, SYSMON_INGEST_TOKEN: shared }),
      ['SYSMON_INGEST_TOKEN: must differ from SYSMON_OPERATOR_TOKEN (each token grants its own scope)']
    );
    assert.deepEqual(
      problems({ SYSMON_API_TOKEN: shared, SYSMON_OPERATOR_TOKEN: shared, SYSMON_INGEST_TOKEN: shared }),
      [
        'SYSMON_OPERATOR_TOKEN: must differ from SYSMON_API_TOKEN (each token grants its own scope)',
        'SYSMON_INGEST_TOKEN: must differ from SYSMON_API_TOKEN (each token grants its own scope)',
        'SYSMON_INGEST_TOKEN: must differ from SYSMON_OPERATOR_TOKEN (each token grants its own scope)',
      ]
    );
    requireServeTokens(
      loadConfig({
        SYSMON_API_TOKEN: 'a'.repeat(16),
        SYSMON_OPERATOR_TOKEN: 'b'.repeat(16),
        SYSMON_INGEST_TOKEN: 'c'.repeat(16),
      })
    );
  });
});

describe('readConfigFile', () => {
  it('uses SYSMON_CONFIG, else sysmon.yaml in cwd when present, else nothing', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'sysmon-config-'));
    assert.equal(readConfigFile({}, dir), undefined);
    writeFileSync(path.join(dir, 'sysmon.yaml'), 'probes: []\n');
    assert.equal(readConfigFile({}, dir)?.text, 'probes: []\n');
    writeFileSync(path.join(dir, 'other.yaml'), 'thresholds: {}\n');
    assert.equal(readConfigFile({ SYSMON_CONFIG: 'other.yaml' }, dir)?.text, 'thresholds: {}\n');
  });

  it('fails clearly when SYSMON_CONFIG names a missing file', () => {
    const error = configError(() => readConfigFile({ SYSMON_CONFIG: '/nonexistent/sysmon.yaml' }, '/'));
    assert.match(
      error.message,
      /^invalid configuration: SYSMON_CONFIG: cannot read \/nonexistent\/sysmon\.yaml: ENOENT/
    );
  });
});

describe('sysmon.example.yaml', () => {
  it('is a valid configuration file', () => {
    const text = readFileSync(new URL('../sysmon.example.yaml', import.meta.url), 'utf8');
    const config = loadConfig({}, text);
    assert.equal(config.queues.tiers['email-sending'], 'high');
    assert.equal(config.queues.ledgerTable, 'public.job_ledger');
  });
});
