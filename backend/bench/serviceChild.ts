// Child process of the benches that load the whole service (bench/infra.ts, bench/metrics.ts, bench/soak.ts): the real service
// (startServer with every unit, migrations applied), so the load generator never shares its event loop and the
// service's memory is its own.
import { childConfig, reportChildError, serveChildProtocol, type ServiceChildConfig } from './childProtocol.ts';

const options = childConfig<ServiceChildConfig>();

try {
  const { loadConfig } = await import('../src/config.ts');
  const { startServer } = await import('../src/server.ts');
  const server = await startServer(loadConfig(options.env, options.configYaml), { migrate: true });
  serveChildProtocol({ writes: 0, localPorts: [] }, () => server.close());
  process.send?.({ type: 'ready', url: server.url });
} catch (error) {
  reportChildError(error);
}
