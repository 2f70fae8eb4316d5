import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { CheckResult, ReputationEntry } from '@penguinmails/sysmon-contract';
import { buildFindings, LOG_WINDOW_LEAD_MS } from './findings.ts';
import { applyCheck, initialStatus, type ServiceStatus } from './status.ts';

const RULES = { downAfter: 3, degradeAfter: 2, recoverAfter: 2, unknownAfter: 2 };
const T0 = Date.parse('2026-12-07T10:00:00Z');

function statusAfter(service: string, outcomes: Array<CheckResult['problems']>): ServiceStatus {
  let status = initialStatus(service);
  outcomes.forEach((problems, index) => {
    const outcome = problems.some((p) => p.severity === 'hard')
      ? 'hard'
      : problems.length > 0
        ? problems[0]!.severity
        : 'ok';
    status = applyCheck(
      status,
      {
        service,
        kind: 'smtp',
        outcome,
        latencyMs: 1,
        steps: [],
        problems,
        facts: {},
        checkedAt: new Date(T0 + index * 15_000).toISOString(),
      },
      RULES
    ).status;
  });
  return status;
}

const refused = [{ code: 'smtp_reply_4xx', severity: 'hard' as const, text: '421 4.7.0 Too many connections' }];
const slow = [{ code: 'slow_banner', severity: 'soft' as const, text: 'banner took 4.2 s, threshold 1 s' }];

function entry(overrides: Partial<ReputationEntry>): ReputationEntry {
  return {
    ip: '192.0.2.10',
    zone: 'zen.spamhaus.org',
    zoneLabel: 'Spamhaus ZEN',
    zoneKind: 'block',
    state: 'clean',
    codes: [],
    meanings: [],
    reason: null,
    error: null,
    checkedAt: '2026-12-07T11:00:00.000Z',
    since: null,
    delistUrl: null,
    ...overrides,
  };
}

describe('findings', () => {
  it('none while every service is operational and every IP clean', () => {
    // One slow check does not make the service degraded, so it is no finding either.
    const services = [{ status: statusAfter('smtp', [[], slow]), label: 'SMTP', logService: 'smtp-sink' }];
    assert.equal(services[0]!.status.state, 'operational');
    assert.deepEqual(buildFindings(services, [entry({})]), []);
  });

  it('a down service is critical, with the cause, first seen and its logs window', () => {
    const status = statusAfter('smtp', [[], refused, refused, refused, refused, refused]);
    const [finding] = buildFindings([{ status, label: 'SMTP', logService: 'smtp-sink' }], []);
    assert.deepEqual(finding, {
      id: 'smtp:smtp_reply_4xx',
      source: 'probe',
      service: 'smtp',
      severity: 'critical',
      code: 'smtp_reply_4xx',
      title: 'SMTP is down',
      cause: '421 4.7.0 Too many connections (5 of the last 6 checks)',
      firstSeen: new Date(T0 + 15_000).toISOString(),
      lastSeen: new Date(T0 + 5 * 15_000).toISOString(),
      logs: { service: 'smtp-sink', from: T0 + 15_000 - LOG_WINDOW_LEAD_MS, to: null },
    });
  });

  it('degraded is a warning; a service without logs links none; most severe first', () => {
    const degraded = statusAfter('api', [[], slow, slow]);
    const down = statusAfter('smtp', [[], refused, refused, refused]);
    const findings = buildFindings(
      [
        { status: degraded, label: 'API', logService: null },
        { status: down, label: 'SMTP', logService: 'smtp-sink' },
      ],
      [
        entry({
          state: 'listed',
          codes: ['127.0.0.2'],
          meanings: ['SBL: spam source'],
          reason: 'https://check.spamhaus.org/sbl/query/SBL1',
          since: '2026-12-06T00:00:00.000Z',
        }),
      ]
    );
    assert.deepEqual(
      findings.map((f) => [f.severity, f.title, f.logs === null]),
      [
        ['critical', 'SMTP is down', false],
        ['warning', '192.0.2.10 is listed on Spamhaus ZEN', true],
        ['warning', 'API is degraded', true],
      ]
    );
    assert.equal(findings[1]!.cause, 'Spamhaus ZEN: SBL: spam source (https://check.spamhaus.org/sbl/query/SBL1)');
    assert.equal(findings[1]!.firstSeen, '2026-12-06T00:00:00.000Z');
  });

  it('one check finding a problem on two queues makes two findings, each with its own first-seen time', () => {
    const noWorkers = (queue: string) => ({
      code: 'no_workers',
      severity: 'hard' as const,
      text: `${queue} has 0 workers (needs 1)`,
      subject: queue,
    });
    const status = statusAfter('workers', [
      [noWorkers('email-sending')],
      [noWorkers('email-sending'), noWorkers('reports-low')],
      [noWorkers('email-sending'), noWorkers('reports-low')],
      [noWorkers('email-sending'), noWorkers('reports-low')],
    ]);
    const findings = buildFindings([{ status, label: 'Workers', logService: null }], []);
    assert.deepEqual(
      findings.map((finding) => [finding.id, finding.firstSeen, finding.cause]),
      [
        [
          'workers:no_workers:email-sending',
          new Date(T0).toISOString(),
          'email-sending has 0 workers (needs 1) (4 of the last 4 checks)',
        ],
        [
          'workers:no_workers:reports-low',
          new Date(T0 + 15_000).toISOString(),
          'reports-low has 0 workers (needs 1) (3 of the last 4 checks)',
        ],
      ]
    );
  });

  it('one finding per listed IP naming every blocklist, one per list that could not be asked', () => {
    const listed = (ip: string, zone: string, zoneLabel: string, since: string) =>
      entry({ ip, zone, zoneLabel, state: 'listed', codes: ['127.0.0.2'], meanings: ['listed'], since });
    const refused = (ip: string) =>
      entry({ ip, zone: 'zen.spamhaus.org', state: 'unknown', error: 'Spamhaus refused the query: public resolver' });
    const findings = buildFindings(
      [],
      [
        listed('192.0.2.10', 'bl.spamcop.net', 'SpamCop', '2026-12-05T00:00:00.000Z'),
        listed('192.0.2.10', 'psbl.surriel.com', 'PSBL', '2026-12-06T00:00:00.000Z'),
        listed('192.0.2.10', 'b.barracudacentral.org', 'Barracuda', '2026-12-06T00:00:00.000Z'),
        listed('192.0.2.11', 'bl.spamcop.net', 'SpamCop', '2026-12-06T12:00:00.000Z'),
        refused('192.0.2.10'),
        refused('192.0.2.11'),
        refused('192.0.2.12'),
      ]
    );
    assert.deepEqual(
      findings.map((f) => [f.id, f.title, f.firstSeen]),
      [
        ['reputation:192.0.2.10', '192.0.2.10 is listed on SpamCop, PSBL and Barracuda', '2026-12-05T00:00:00.000Z'],
        ['reputation:192.0.2.11', '192.0.2.11 is listed on SpamCop', '2026-12-06T12:00:00.000Z'],
        [
          'reputation-unknown:zen.spamhaus.org',
          'Spamhaus ZEN could not be asked about 3 IPs',
          '2026-12-07T11:00:00.000Z',
        ],
      ]
    );
    assert.equal(findings[0]!.cause, 'SpamCop: listed; PSBL: listed; Barracuda: listed');
    assert.equal(findings[2]!.cause, 'Spamhaus refused the query: public resolver');
  });

  it('an unknown zone answer is an info finding, never silence; an allowlisting is none', () => {
    const findings = buildFindings(
      [],
      [
        entry({ state: 'unknown', error: 'Spamhaus refused the query: public/open resolver (127.255.255.254)' }),
        entry({
          zone: 'list.dnswl.org',
          zoneLabel: 'DNSWL',
          zoneKind: 'allow',
          state: 'listed',
          codes: ['127.0.15.2'],
        }),
      ]
    );
    assert.deepEqual(
      findings.map((f) => [f.severity, f.code, f.cause]),
      [['info', 'reputation_unknown', 'Spamhaus refused the query: public/open resolver (127.255.255.254)']]
    );
  });
});
