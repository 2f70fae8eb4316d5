// The HTTP probe against a real HTTP server the test runs: healthy, slow, 503, body mismatch, a redirect, a server
// that never answers, a refused port, a name that does not resolve — and no socket left open after a check.
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { Socket } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { freePort } from '../../../test/faults.ts';
import { createTestCa } from '../../../test/probeCerts.ts';
import { codes, NO_DEPENDENCIES, settle } from '../../../test/probeSupport.ts';
import { probeSchema, type HttpProbeConfig } from '../probeConfig.ts';
import { runProbe } from './index.ts';

describe('HTTP probe', () => {
  let server: Server;
  let base: string;
  const sockets = new Set<Socket>();

  before(async () => {
    server = createServer((req, res) => {
      switch (req.url) {
        case '/healthz':
          res.end('{"status":"ok"}');
          break;
        case '/slow':
          setTimeout(() => res.end('ok'), 400);
          break;
        case '/unavailable':
          res.writeHead(503).end('maintenance');
          break;
        case '/moved':
          res.writeHead(302, { location: '/healthz' }).end();
          break;
        case '/private':
          res.writeHead(req.headers.authorization === `Basic ${btoa('admin:hunter2')}` ? 204 : 401).end();
          break;
        case '/hang':
          break; // never answers
        default:
          res.writeHead(404).end('not found');
      }
    });
    server.on('connection', (socket) => {
      sockets.add(socket);
      socket.on('close', () => sockets.delete(socket));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
  });
  after(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });

  const probe = (fields: Record<string, unknown>) =>
    probeSchema.parse({ name: 'api', kind: 'http', ...fields }) as HttpProbeConfig;

  it('a healthy endpoint is ok, with the status, the body matched and the whole request timed; no socket left', async () => {
    const result = await runProbe(probe({ url: `${base}/healthz`, bodyMatch: '"ok"' }), NO_DEPENDENCIES);
    assert.equal(result.outcome, 'ok', JSON.stringify(result.problems));
    assert.equal(result.facts.httpStatus, 200);
    assert.equal(result.facts.bodyBytes, 15);
    assert.ok(result.latencyMs !== null && result.latencyMs < 1_000);
    assert.deepEqual(
      result.steps.map((step) => [step.name, step.detail]),
      [
        ['request', 'HTTP 200'],
        ['body', '15 bytes'],
      ]
    );
    await settle();
    assert.equal(sockets.size, 0, 'the check left its connection open');
  });

  it('a status not accepted is hard and names the status and the URL', async () => {
    const result = await runProbe(probe({ url: `${base}/unavailable` }), NO_DEPENDENCIES);
    assert.equal(result.outcome, 'hard');
    assert.deepEqual(result.problems, [
      { code: 'http_status', severity: 'hard', text: `HTTP 503 from ${base}/unavailable (expected 2xx or 3xx)` },
    ]);
    assert.equal(result.facts.httpStatus, 503);
    // …unless it is the expected one.
    const expected = await runProbe(probe({ url: `${base}/unavailable`, expectStatus: [503] }), NO_DEPENDENCIES);
    assert.equal(expected.outcome, 'ok');
  });

  it('a redirect is not followed and counts as 3xx (accepted by default, not when a list says otherwise)', async () => {
    const accepted = await runProbe(probe({ url: `${base}/moved` }), NO_DEPENDENCIES);
    assert.equal(accepted.outcome, 'ok');
    assert.equal(accepted.facts.httpStatus, 302);
    const strict = await runProbe(probe({ url: `${base}/moved`, expectStatus: [200] }), NO_DEPENDENCIES);
    assert.deepEqual(codes(strict), ['http_status']);
    assert.match(strict.problems[0]!.text, /^HTTP 302 from .* \(expected 200\)$/);
  });

  it('a body without bodyMatch is hard', async () => {
    const result = await runProbe(probe({ url: `${base}/healthz`, bodyMatch: 'ready' }), NO_DEPENDENCIES);
    assert.equal(result.outcome, 'hard');
    assert.deepEqual(result.problems, [
      {
        code: 'body_mismatch',
        severity: 'hard',
        text: `the body of ${base}/healthz does not contain "ready" (15 bytes read)`,
      },
    ]);
  });

  it('slow but working is soft, with the time and the threshold', async () => {
    const result = await runProbe(probe({ url: `${base}/slow`, thresholds: { latencyMs: 200 } }), NO_DEPENDENCIES);
    assert.equal(result.outcome, 'soft');
    assert.deepEqual(codes(result), ['slow_response']);
    assert.match(result.problems[0]!.text, /^response took 4\d\d ms, threshold 200 ms$/);
    assert.ok(result.latencyMs! >= 400);
  });

  it('no answer within the budget is hard, within the budget, and the connection is closed', async () => {
    const started = Date.now();
    const result = await runProbe(probe({ url: `${base}/hang`, timeoutMs: 500 }), NO_DEPENDENCIES);
    const elapsed = Date.now() - started;
    assert.equal(result.outcome, 'hard');
    assert.deepEqual(result.problems, [
      { code: 'timeout', severity: 'hard', text: `no complete response from ${base}/hang within 500 ms` },
    ]);
    assert.ok(elapsed < 1_000, `took ${elapsed} ms`);
    await settle();
    assert.equal(sockets.size, 0, 'the check left its connection open');
  });

  it('a refused port is hard connect_failed', async () => {
    const url = `http://127.0.0.1:${await freePort()}/healthz`;
    const result = await runProbe(probe({ url }), NO_DEPENDENCIES);
    assert.equal(result.outcome, 'hard');
    assert.deepEqual(result.problems, [
      { code: 'connect_failed', severity: 'hard', text: `connection to ${url} refused (ECONNREFUSED)` },
    ]);
  });

  it('a host name that does not resolve is unknown', async () => {
    const result = await runProbe(probe({ url: 'http://nosuchhost.invalid/healthz' }), NO_DEPENDENCIES);
    assert.equal(result.outcome, 'unknown');
    assert.deepEqual(codes(result), ['dns_failure']);
    assert.match(result.problems[0]!.text, /^cannot resolve nosuchhost\.invalid \((ENOTFOUND|EAI_AGAIN)\)$/);
  });

  it('https with a certificate the request refuses is hard tls_failed, with the reason', async () => {
    const ca = createTestCa();
    const cert = ca.selfSigned(30);
    const secure = createHttpsServer({ key: cert.key, cert: cert.cert }, (_req, res) => res.end('ok'));
    await new Promise<void>((resolve) => secure.listen(0, '127.0.0.1', resolve));
    try {
      const url = `https://127.0.0.1:${(secure.address() as { port: number }).port}/healthz`;
      const result = await runProbe(probe({ url }), NO_DEPENDENCIES);
      assert.equal(result.outcome, 'hard');
      assert.deepEqual(result.problems, [
        {
          code: 'tls_failed',
          severity: 'hard',
          text: `the certificate of ${url} was refused (DEPTH_ZERO_SELF_SIGNED_CERT)`,
        },
      ]);
    } finally {
      secure.closeAllConnections();
      await new Promise((resolve) => secure.close(resolve));
      ca.destroy();
    }
  });

  it('credentials in the URL are sent as Basic authorization and never reach a text', async () => {
    const withCredentials = base.replace('http://', 'http://admin:hunter2@');
    const allowed = await runProbe(probe({ url: `${withCredentials}/private` }), NO_DEPENDENCIES);
    assert.equal(allowed.outcome, 'ok', JSON.stringify(allowed.problems));
    assert.equal(allowed.facts.httpStatus, 204);
    const refused = await runProbe(probe({ url: `${withCredentials}/unavailable` }), NO_DEPENDENCIES);
    assert.deepEqual(codes(refused), ['http_status']);
    assert.match(refused.problems[0]!.text, /^HTTP 503 from http:\/\/\*\*\*@127\.0\.0\.1/);
    assert.doesNotMatch(JSON.stringify([allowed, refused]), /hunter2/);
  });
});
