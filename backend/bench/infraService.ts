// Child process of bench/infra.ts: the real service (startServer with every unit) probing the bench's targets and
// checking its sending IPs against rbldnsd, so the load generator never shares its event loop.
import { childConfig, reportChildError, serveChildProtocol } from './childProtocol.ts';

export interface InfraServiceChildConfig {
  env: Record<string, string>;
  configYaml: string;
}

const options = childConfig<InfraServiceChildConfig>();

try {
  const { loadConfig } = await import('../src/config.ts');
  const { startServer } = await import('../src/server.ts');
  const server = await startServer(loadConfig(options.env, options.configYaml), { migrate: true });
  serveChildProtocol({ writes: 0, localPorts: [] }, () => server.close());
  process.send?.({ type: 'ready', url: server.url });
} catch (error) {
  reportChildError(error);
}
