// Prometheus metrics. One registry per app instance so tests can build several apps in one process. The HTTP
// metrics are built from their contract definitions (METRICS.httpRequests, httpRequestDuration); the process_* and
// nodejs_* families are prom-client's defaults (METRICS.processDefaults describes them).
import { Registry, collectDefaultMetrics, type Counter, type Histogram } from 'prom-client';
import { counterOf, histogramOf, type LabelOf } from './definitions.ts';

export interface Metrics {
  registry: Registry;
  httpRequests: Counter<LabelOf<'httpRequests'>>;
  httpDuration: Histogram<LabelOf<'httpRequestDuration'>>;
}

export function createMetrics(): Metrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  const httpRequests = counterOf('httpRequests');
  const httpDuration = histogramOf('httpRequestDuration');
  registry.registerMetric(httpRequests);
  registry.registerMetric(httpDuration);
  return { registry, httpRequests, httpDuration };
}
