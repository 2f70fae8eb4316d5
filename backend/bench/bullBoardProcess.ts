// Child process: bull-board (@bull-board/api createBullBoard + @bull-board/express ExpressAdapter) over the same
// Redis and queues as the service, mounted the documented way at /admin/queues, one BullMQAdapter per queue with
// a BullMQ 6 Queue made with skipMetasUpdate (so it does not rewrite meta.version). Each Queue gets its own
// connection, as with `new Queue(name, { connection: {host, port} })` in a typical bull-board set-up.
import { once } from 'node:events';
import type { AddressInfo } from 'node:net';
import { childConfig, reportChildError, serveChildProtocol } from './childProtocol.ts';
import { countRedisWrites } from './redisWrites.ts';

export interface BullBoardChildConfig {
  redisHost: string;
  redisPort: number;
  prefix: string;
  queues: string[];
}

const BULL_BOARD_BASE_PATH = '/admin/queues';

const options = childConfig<BullBoardChildConfig>();
const counter = countRedisWrites(options.redisPort);

try {
  const { Queue } = await import('bullmq');
  const { createBullBoard } = await import('@bull-board/api');
  const { BullMQAdapter } = await import('@bull-board/api/bullMQAdapter');
  const { ExpressAdapter } = await import('@bull-board/express');
  const express = (await import('express')).default;

  const queues = options.queues.map(
    (name) =>
      new Queue(name, {
        prefix: options.prefix,
        connection: { host: options.redisHost, port: options.redisPort },
        skipMetasUpdate: true,
      })
  );
  for (const queue of queues) {
    queue.on('error', () => undefined);
  }
  const serverAdapter = new ExpressAdapter();
  serverAdapter.setBasePath(BULL_BOARD_BASE_PATH);
  // @bull-board/express 9.10.1 pins its own @bull-board/api 9.10.1 for types; the board itself (routes, handlers)
  // is the @bull-board/api imported here. Same interface at run time, hence the cast.
  createBullBoard({
    queues: queues.map((queue) => new BullMQAdapter(queue)),
    serverAdapter: serverAdapter as unknown as Parameters<typeof createBullBoard>[0]['serverAdapter'],
  });
  const app = express();
  app.use(BULL_BOARD_BASE_PATH, serverAdapter.getRouter());
  const server = app.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;
  serveChildProtocol(counter, async () => {
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
    await Promise.allSettled(queues.map((queue) => queue.close()));
  });
  process.send?.({ type: 'ready', url: `http://127.0.0.1:${port}${BULL_BOARD_BASE_PATH}` });
} catch (error) {
  reportChildError(error);
}
