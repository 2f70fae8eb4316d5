// Child process: the real service (startServer from src/server.ts) over the fixture's prefix, with its Redis
// socket writes counted. Started by childProtocol.startChild from bench/queues.ts.
import { childConfig, reportChildError, serveChildProtocol, type ServiceChildConfig } from './childProtocol.ts';
import { countRedisWrites } from './redisWrites.ts';

const options = childConfig<ServiceChildConfig & { redisPort: number }>();
// Before the service opens any connection.
const counter = countRedisWrites(options.redisPort);

try {
  const { loadConfig } = await import('../src/config.ts');
  const { startServer } = await import('../src/server.ts');
  const server = await startServer(loadConfig(options.env, options.configYaml), { migrate: true });
  serveChildProtocol(counter, () => server.close());
  process.send?.({ type: 'ready', url: server.url });
} catch (error) {
  reportChildError(error);
}
