// The TCP probe against a listening socket of the test's own, a refused port and a name that does not resolve.
import assert from 'node:assert/strict';
import { lookup } from 'node:dns/promises';
import { createServer, type Server, type Socket } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { freePort } from '../../../test/faults.ts';
import { codes, NO_DEPENDENCIES, settle, stepNames } from '../../../test/probeSupport.ts';
import { probeSchema, type TcpProbeConfig } from '../probeConfig.ts';
import { runProbe } from './index.ts';

describe('TCP probe', () => {
  let server: Server;
  let port: number;
  const sockets = new Set<Socket>();
  before(async () => {
    server = createServer((socket) => {
      sockets.add(socket);
      socket.on('close', () => sockets.delete(socket));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    port = (server.address() as { port: number }).port;
  });
  after(() => new Promise<void>((resolve) => server.close(() => resolve())));

  const probe = (fields: Record<string, unknown>) =>
    probeSchema.parse({ name: 'tcp', kind: 'tcp', host: '127.0.0.1', ...fields }) as TcpProbeConfig;

  it('a listening port is ok, the connect time is the headline, and the connection is closed', async () => {
    const result = await runProbe(probe({ port }), NO_DEPENDENCIES);
    assert.equal(result.outcome, 'ok');
    assert.deepEqual(stepNames(result), ['connect']);
    assert.ok(result.latencyMs !== null && result.latencyMs < 500);
    await settle();
    assert.equal(sockets.size, 0, 'the check left its connection open');
  });

  it('by name: resolved first, then connected to the address found', async () => {
    const { address } = await lookup('localhost');
    const named = createServer((socket) => socket.destroy());
    await new Promise<void>((resolve) => named.listen(0, address, resolve));
    try {
      const namedPort = (named.address() as { port: number }).port;
      const result = await runProbe(probe({ host: 'localhost', port: namedPort }), NO_DEPENDENCIES);
      assert.equal(result.outcome, 'ok', JSON.stringify(result.problems));
      assert.deepEqual(stepNames(result), ['resolve', 'connect']);
      assert.equal(result.facts.address, address);
    } finally {
      await new Promise((resolve) => named.close(resolve));
    }
  });

  it('a refused port is hard', async () => {
    const closed = await freePort();
    const result = await runProbe(probe({ port: closed }), NO_DEPENDENCIES);
    assert.equal(result.outcome, 'hard');
    assert.deepEqual(result.problems, [
      { code: 'connect_failed', severity: 'hard', text: `connection to 127.0.0.1:${closed} refused (ECONNREFUSED)` },
    ]);
  });

  it('a name that does not resolve is unknown', async () => {
    const result = await runProbe(probe({ host: 'nosuchhost.invalid', port: 80 }), NO_DEPENDENCIES);
    assert.equal(result.outcome, 'unknown');
    assert.deepEqual(codes(result), ['dns_failure']);
  });
});
