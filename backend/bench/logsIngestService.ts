// Child process of bench/logsIngest.ts: the real service (startServer, the HTTP app, auth, the ingest routes over
// the PostgreSQL log store) with only the log ingest routes mounted, so the load generator never shares its event
// loop. The log migrations are applied by the parent before it starts.
import { childConfig, reportChildError, serveChildProtocol, type ServiceChildConfig } from './childProtocol.ts';

const options = childConfig<ServiceChildConfig>();

try {
  const { loadConfig } = await import('../src/config.ts');
  const { startServer } = await import('../src/server.ts');
  const { createPostgresLogStore } = await import('../src/logs/postgres/index.ts');
  const { createIngestMetrics } = await import('../src/logs/ingest/metrics.ts');
  const { logIngestRoutes } = await import('../src/units/logs/routes.ts');
  const server = await startServer(loadConfig(options.env, options.configYaml), {
    units: [
      {
        name: 'logs-ingest-bench',
        start: ({ config, pool }) => {
          const metrics = createIngestMetrics();
          const store = createPostgresLogStore({ pool, schema: config.schema });
          return { routes: logIngestRoutes({ store, config, metrics }), metrics: metrics.metrics };
        },
      },
    ],
  });
  serveChildProtocol({ writes: 0, localPorts: [] }, () => server.close());
  process.send?.({ type: 'ready', url: server.url });
} catch (error) {
  reportChildError(error);
}
