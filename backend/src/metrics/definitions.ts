// prom-client metrics built from the contract's definitions (contract/src/metrics.ts: METRICS): name, help, label
// names and buckets come from there and are never restated, so /metrics, the alert rules and the glossary agree.
// Every metric is created with `registers: []`: units return them and server.ts registers them on /metrics.
import { METRICS, type MetricKey, type MetricType } from '@penguinmails/sysmon-contract';
import { Counter, Gauge, Histogram } from 'prom-client';

/** The keys of METRICS whose definition has the given type. */
export type MetricKeyOf<T extends MetricType> = {
  [K in MetricKey]: (typeof METRICS)[K]['type'] extends T ? K : never;
}[MetricKey];

/** The label names of a definition, as a union of string literals (never for a metric without labels). */
export type LabelOf<K extends MetricKey> = (typeof METRICS)[K]['labels'][number];

/** Called at every scrape before the values are read (prom-client's `collect`); must not throw. */
export type Collect<M> = (this: M) => void | Promise<void>;

function base<K extends MetricKey>(key: K) {
  const definition = METRICS[key];
  // TypeScript cannot correlate METRICS[K]['labels'] with LabelOf<K> through a generic index: same type.
  const labelNames = definition.labels as ReadonlyArray<LabelOf<K>>;
  return { name: definition.name, help: definition.help, labelNames, registers: [] };
}

export function gaugeOf<K extends MetricKeyOf<'gauge'>>(key: K, collect?: Collect<Gauge<LabelOf<K>>>) {
  return new Gauge<LabelOf<K>>({ ...base(key), ...(collect ? { collect } : {}) });
}

export function counterOf<K extends MetricKeyOf<'counter'>>(key: K, collect?: Collect<Counter<LabelOf<K>>>) {
  return new Counter<LabelOf<K>>({ ...base(key), ...(collect ? { collect } : {}) });
}

export function histogramOf<K extends MetricKeyOf<'histogram'>>(key: K) {
  const definition: { buckets?: readonly number[] } = METRICS[key];
  return new Histogram<LabelOf<K>>({
    ...base(key),
    ...(definition.buckets ? { buckets: [...definition.buckets] } : {}),
  });
}
