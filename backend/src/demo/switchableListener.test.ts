// The mode-driven listening socket on a plain TCP server, on a loopback port.
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:net';
import { describe, it } from 'node:test';
import { DemoLogger, MemorySink } from './logging.ts';
import { SwitchableListener, type SwitchableListenerOptions } from './switchableListener.ts';
import { tryConnect } from '../../test/helpers.ts';

const MODES = ['normal', 'slow', 'down'] as const;
type Mode = (typeof MODES)[number];

function listener(
  logs: MemorySink,
  overrides: Partial<SwitchableListenerOptions<Mode>> = {}
): SwitchableListener<Mode> {
  return new SwitchableListener<Mode>({
    name: 'test server',
    modeKind: 'test',
    modes: MODES,
    mode: 'normal',
    host: '127.0.0.1',
    port: 0,
    logger: new DemoLogger(logs, 'test'),
    ...overrides,
  });
}

function close(server: Server): Promise<void> {
  return new Promise((resolve) => server.close(() => resolve()));
}

describe('SwitchableListener', () => {
  it('closes the socket in down mode and listens again on the same port otherwise', async () => {
    const logs = new MemorySink();
    let downs = 0;
    const switchable = listener(logs, { onDown: () => (downs += 1) });
    const server = createServer((socket) => socket.end());
    const port = await switchable.start(server);
    try {
      assert.ok(port > 0);
      assert.equal(switchable.port, port);
      assert.equal(await tryConnect(port), 'connected');

      await switchable.setMode('down');
      assert.equal(switchable.mode, 'down');
      assert.equal(await tryConnect(port), 'ECONNREFUSED');
      assert.equal(downs, 1);

      await switchable.setMode('slow');
      assert.equal(switchable.port, port);
      assert.equal(await tryConnect(port), 'connected');
      const messages = logs.records.map((r) => r.message);
      assert.ok(messages.includes(`test server listening on 127.0.0.1:${port} in normal mode`));
      assert.ok(messages.includes('test server mode switched from normal to down'));
      assert.ok(messages.includes(`test server down: stopped listening on 127.0.0.1:${port}`));
      assert.ok(messages.includes(`test server listening again on 127.0.0.1:${port}`));
    } finally {
      assert.equal(await switchable.stop(), true);
      await close(server);
    }
  });

  it('binds even when starting down, so the port is kept for later', async () => {
    const logs = new MemorySink();
    const switchable = listener(logs, { mode: 'down', scheme: 'http' });
    const server = createServer((socket) => socket.end());
    const port = await switchable.start(server);
    try {
      assert.ok(port > 0);
      assert.equal(await tryConnect(port), 'ECONNREFUSED');
      assert.ok(
        logs.records.some((r) => r.message === `test server listening on http://127.0.0.1:${port} in down mode`)
      );
      await switchable.setMode('normal');
      assert.equal(await tryConnect(port), 'connected');
      await switchable.setMode('down');
    } finally {
      assert.equal(await switchable.stop(), false, 'not listening when stopped while down');
      await close(server);
    }
  });

  it('applies quick switches one after the other, ending where the last one says', async () => {
    const switchable = listener(new MemorySink());
    const server = createServer((socket) => socket.end());
    const port = await switchable.start(server);
    try {
      await Promise.all([
        switchable.setMode('down'),
        switchable.setMode('normal'),
        switchable.setMode('down'),
        switchable.setMode('slow'),
        switchable.setMode('down'),
      ]);
      assert.equal(switchable.mode, 'down');
      assert.equal(await tryConnect(port), 'ECONNREFUSED');
    } finally {
      await switchable.stop();
    }
  });

  it('reports a failed re-listen to its caller and starts afresh on the next switch', async () => {
    const logs = new MemorySink();
    const switchable = listener(logs);
    const server = createServer((socket) => socket.end());
    const port = await switchable.start(server);
    await switchable.setMode('down');
    // Someone else takes the port while it is down.
    const squatter = createServer((socket) => socket.end());
    await new Promise<void>((resolve) => squatter.listen(port, '127.0.0.1', resolve));
    try {
      await assert.rejects(switchable.setMode('normal'), /EADDRINUSE/);
      assert.ok(logs.records.some((r) => r.message === `test server could not listen again on 127.0.0.1:${port}`));
      await close(squatter);
      await switchable.setMode('slow');
      assert.equal(await tryConnect(port), 'connected');
    } finally {
      await switchable.stop();
      await close(server);
    }
  });

  it('rejects unknown modes at once', () => {
    const switchable = listener(new MemorySink());
    assert.throws(
      () => switchable.setMode('sideways' as never),
      /unknown test mode sideways; expected one of normal, slow, down/
    );
    assert.equal(switchable.mode, 'normal');
  });

  it('changes only the mode once stopped, leaving the socket to the caller', async () => {
    const switchable = listener(new MemorySink());
    const server = createServer((socket) => socket.end());
    const port = await switchable.start(server);
    const switching = switchable.setMode('down');
    assert.equal(await switchable.stop(), true, 'a switch not yet applied is skipped');
    await switching;
    assert.equal(switchable.stopping, true);
    assert.equal(switchable.mode, 'down');
    assert.equal(await tryConnect(port), 'connected');
    await close(server);
    await switchable.setMode('normal');
    assert.equal(switchable.mode, 'normal');
    assert.equal(await tryConnect(port), 'ECONNREFUSED');
  });
});
