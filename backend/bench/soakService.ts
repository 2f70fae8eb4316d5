// Child process of bench/soak.ts: the real service (startServer with every unit, migrations applied), so the load
// generator never shares its event loop and its memory is the service's own.
import { childConfig, reportChildError, serveChildProtocol } from './childProtocol.ts';

export interface SoakServiceChildConfig {
  env: Record<string, string>;
  configYaml: string;
}

const options = childConfig<SoakServiceChildConfig>();

try {
  const { loadConfig } = await import('../src/config.ts');
  const { startServer } = await import('../src/server.ts');
  const server = await startServer(loadConfig(options.env, options.configYaml), { migrate: true });
  serveChildProtocol({ writes: 0, localPorts: [] }, () => server.close());
  process.send?.({ type: 'ready', url: server.url });
} catch (error) {
  reportChildError(error);
}
