// Child process of bench/soak.ts: the demo workload with the defaults of `sysmon demo` (producers, workers, the SMTP
// sink and platform API on the given ports), shipping its log lines to the service's ingest endpoint.
import { childConfig, reportChildError, serveChildProtocol } from './childProtocol.ts';

export interface SoakDemoChildConfig {
  databaseUrl: string;
  redisUrl: string;
  ledgerTable: string;
  prefix: string;
  smtpPort: number;
  apiPort: number;
  serviceUrl: string;
  ingestToken: string;
}

const options = childConfig<SoakDemoChildConfig>();

try {
  const { createPool } = await import('../src/db/pool.ts');
  const { startDemo } = await import('../src/demo/demo.ts');
  const { createIngestSink } = await import('../src/demo/ingestSink.ts');
  const { parseDemoArgs } = await import('../src/demo/options.ts');
  const demoOptions = parseDemoArgs(
    ['--smtp-port', String(options.smtpPort), '--api-port', String(options.apiPort)],
    {}
  );
  const pool = createPool(options.databaseUrl, { max: 5, applicationName: 'sysmon-soak-demo' });
  const shipping = createIngestSink({ url: options.serviceUrl, token: options.ingestToken });
  const demo = await startDemo({
    redisUrl: options.redisUrl,
    pool,
    ledgerTable: options.ledgerTable,
    prefix: options.prefix,
    rates: demoOptions.rates,
    concurrency: demoOptions.concurrency,
    mix: demoOptions.mix,
    simulation: demoOptions.simulation,
    campaign: demoOptions.campaign,
    chunkSize: demoOptions.chunkSize,
    smtp: demoOptions.smtp,
    api: demoOptions.api,
    control: false,
    logLevel: demoOptions.logLevel,
    logSink: shipping,
  });
  serveChildProtocol({ writes: 0, localPorts: [] }, async () => {
    await demo.stop();
    await shipping.flush();
    await pool.end();
  });
  process.send?.({ type: 'ready', url: '' });
} catch (error) {
  reportChildError(error);
}
