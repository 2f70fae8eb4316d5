// The infrastructure vertical end to end: two replicas of the real service on one schema probe a real SMTP server
// (smtp-server) and a real HTTP server; one replica probes, both serve the same state; a slow banner turns SMTP
// degraded with its cause and back; the query types and the history answer; bad parameters are 400s.
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import pg from 'pg';
import { SMTPServer } from 'smtp-server';
import type { InfrastructureResponse, QueryResponse, ServiceHistoryResponse } from '@penguinmails/sysmon-contract';
import { quoteIdent } from '../src/db/sql.ts';
import { startServer, type RunningServer } from '../src/server.ts';
import { infrastructureUnit } from '../src/units/infrastructure/index.ts';
import { serviceUnit } from '../src/units/service.ts';
import { bearer, dropSchema, randomSchema, TEST_DATABASE_URL, testConfig, TOKENS, waitFor } from './helpers.ts';

describe('infrastructure API (real SMTP and HTTP targets, two replicas)', () => {
  const schema = randomSchema();
  let smtpDelayMs = 0;
  let httpStatus = 200;
  let smtp: SMTPServer;
  let http: Server;
  let replicas: RunningServer[] = [];
  let db: pg.Client;

  const get = async <T>(replica: RunningServer, path: string) => {
    const response = await fetch(`${replica.url}${path}`, { headers: bearer(TOKENS.api) });
    return { status: response.status, body: (await response.json()) as T };
  };
  const infrastructure = async (replica = replicas[0]!) =>
    (await get<InfrastructureResponse>(replica, '/api/infrastructure')).body;
  const service = async (name: string, replica = replicas[0]!) =>
    (await infrastructure(replica)).services.find((view) => view.service === name)!;

  before(async () => {
    smtp = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS', 'AUTH'],
      logger: false,
      onConnect: (_session, callback) => setTimeout(() => callback(), smtpDelayMs),
    });
    await new Promise<void>((resolve) => smtp.listen(0, '127.0.0.1', resolve));
    http = createServer((_request, response) => {
      response.writeHead(httpStatus, { 'content-type': 'application/json' });
      response.end(JSON.stringify({ status: httpStatus === 200 ? 'ok' : 'error' }));
    });
    await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
    const smtpPort = (smtp.server.address() as AddressInfo).port;
    const httpPort = (http.address() as AddressInfo).port;
    const probes = `probes:
  - { name: smtp, label: SMTP, kind: smtp, host: 127.0.0.1, port: ${smtpPort}, starttls: off, intervalMs: 1000, timeoutMs: 900, logService: smtp-sink, thresholds: { latencyMs: 250 } }
  - { name: api, label: API, kind: http, url: "http://127.0.0.1:${httpPort}/healthz", intervalMs: 1000, timeoutMs: 900, bodyMatch: ok }
status: { downAfter: 3, degradeAfter: 2, recoverAfter: 2, unknownAfter: 2 }
`;
    const config = testConfig(schema, {}, probes);
    const units = () => [serviceUnit, infrastructureUnit()];
    replicas = [await startServer(config, { migrate: true, units: units() })];
    replicas.push(await startServer(config, { units: units() }));
    db = new pg.Client({ connectionString: TEST_DATABASE_URL });
    await db.connect();
  });

  after(async () => {
    await Promise.allSettled(replicas.map((replica) => replica.close()));
    await db?.end();
    await new Promise<void>((resolve) => smtp.close(() => resolve()));
    http.closeAllConnections();
    await new Promise<void>((resolve) => http.close(() => resolve()));
    await dropSchema(schema);
  });

  it('both replicas serve the same operational state from the checks of one of them', async () => {
    await waitFor('both services operational on both replicas', async () => {
      const views = await Promise.all(replicas.map((replica) => infrastructure(replica)));
      return views.every((view) => view.services.every((entry) => entry.state === 'operational'));
    });
    const since = Date.now();
    await new Promise((resolve) => setTimeout(resolve, 5_000));
    const { rows } = await db.query<{ at: Date }>(
      `SELECT checked_at AS at FROM ${quoteIdent(schema)}.service_checks
        WHERE service = 'smtp' AND checked_at >= $1 ORDER BY checked_at`,
      [new Date(since)]
    );
    // One replica probing: checks at least an interval (1 s) apart. Two probing would interleave theirs.
    assert.ok(rows.length >= 2, `${rows.length} smtp checks in 5 s`);
    const gaps = rows.slice(1).map((row, index) => row.at.getTime() - rows[index]!.at.getTime());
    assert.ok(Math.min(...gaps) >= 900, `gaps between checks: ${gaps.join(', ')} ms`);
    const [first, second] = await Promise.all(replicas.map((replica) => service('smtp', replica)));
    assert.equal(first!.lastCheck?.checkedAt !== undefined, true);
    assert.deepEqual(
      [first!.state, first!.since],
      [second!.state, second!.since],
      'the second replica serves the stored state'
    );
    assert.equal(first!.label, 'SMTP');
    // No sending IPs here: the reputation is zeros in the polled state and no entries on its own route.
    assert.deepEqual((await infrastructure()).reputation, {
      checkedAt: null,
      entries: 0,
      listed: 0,
      allowlisted: 0,
      unknown: 0,
    });
    assert.deepEqual((await get(replicas[0]!, '/api/reputation')).body, { checkedAt: null, entries: [] });
    assert.ok((first!.lastCheck?.latencyMs ?? Infinity) < 250);
  });

  it('a slow banner makes SMTP degraded with the cause and a finding linking to its logs, then it recovers', async () => {
    smtpDelayMs = 500;
    const degraded = await waitFor('SMTP degraded', async () => {
      const view = await service('smtp');
      return view.state === 'degraded' ? view : undefined;
    });
    assert.match(degraded.cause, /^banner took \d+ ms, threshold 250 ms \(\d+ of the last \d+ checks\)$/);
    const { findings } = await infrastructure();
    const finding = findings.find((entry) => entry.service === 'smtp');
    assert.equal(finding?.title, 'SMTP is degraded');
    assert.equal(finding?.severity, 'warning');
    assert.equal(finding?.logs?.service, 'smtp-sink');
    assert.ok(finding!.logs!.from < Date.parse(finding!.firstSeen));

    smtpDelayMs = 0;
    await waitFor('SMTP operational again', async () => (await service('smtp')).state === 'operational');
    assert.equal((await infrastructure()).findings.length, 0);
  });

  it('an HTTP 503 makes the API down after three failures; the state changes are events and history', async () => {
    httpStatus = 503;
    const down = await waitFor('API down', async () => {
      const view = await service('api');
      return view.state === 'down' ? view : undefined;
    });
    assert.match(down.cause, /503/);
    httpStatus = 200;
    // The replica that does not probe serves what the prober stored, re-read every second.
    await waitFor('API operational again on both replicas', async () =>
      (await Promise.all(replicas.map((replica) => service('api', replica)))).every(
        (view) => view.state === 'operational'
      )
    );

    const history = await get<ServiceHistoryResponse>(
      replicas[1]!,
      '/api/infrastructure/history?service=api&maxPoints=10'
    );
    assert.equal(history.status, 200);
    assert.deepEqual(
      history.body.transitions.map((transition) => transition.to),
      ['operational', 'degraded', 'down', 'operational']
    );
    assert.equal(history.body.series.length, 1);
    assert.ok(
      history.body.series[0]!.points.some((point) => point[2] === 2),
      'a bucket saw the API down'
    );

    const response = await fetch(`${replicas[1]!.url}/api/query`, {
      method: 'POST',
      headers: { ...bearer(TOKENS.api), 'content-type': 'application/json' },
      body: JSON.stringify({
        range: { from: new Date(Date.now() - 3_600_000).toISOString(), to: new Date().toISOString() },
        queries: [
          { refId: 'S', queryType: 'services' },
          { refId: 'F', queryType: 'findings' },
          { refId: 'M', queryType: 'service_metrics', metric: 'state_code', service: 'api' },
          { refId: 'E', queryType: 'events', service: 'api' },
          { refId: 'V', queryType: 'variable', variable: 'infra_service' },
          { refId: 'R', queryType: 'ip_reputation' },
        ],
      }),
    });
    const { results } = (await response.json()) as QueryResponse;
    const column = (refId: string, field: string) => {
      const frame = results[refId]!.frames[0]!;
      const index = frame.schema.fields.findIndex((candidate) => candidate.name === field);
      assert.ok(index >= 0, `${refId} has ${field}`);
      return frame.data.values[index]!;
    };
    assert.deepEqual(column('S', 'service'), ['smtp', 'api']);
    assert.deepEqual(column('S', 'state_code'), [0, 0]);
    assert.deepEqual(column('V', 'value'), ['smtp', 'api']);
    assert.ok((column('M', 'API') as number[]).includes(2));
    assert.deepEqual(column('E', 'title'), [
      'API: Unknown → Operational',
      'API: Operational → Degraded',
      'API: Degraded → Down',
      'API: Down → Operational',
    ]);
    assert.deepEqual(results.F!.frames[0]!.data.values[0], []);
    assert.deepEqual(results.R!.frames[0]!.data.values[0], [], 'no sending IPs configured: no rows');
  });

  it('bad history parameters are 400s naming the parameter', async () => {
    for (const [query, parameter] of [
      ['from=yesterday', 'from'],
      ['maxPoints=1', 'maxPoints'],
      ['from=2026-01-01T00:00:00Z&to=2025-01-01T00:00:00Z', 'from'],
      ['from=2000-01-01T00:00:00Z', 'from'],
      ['servce=smtp', 'servce'],
    ] as const) {
      const { status, body } = await get<{ error: { message: string } }>(
        replicas[0]!,
        `/api/infrastructure/history?${query}`
      );
      assert.equal(status, 400, query);
      assert.match(body.error.message, new RegExp(`^invalid parameter ${parameter}`), query);
    }
  });
});
