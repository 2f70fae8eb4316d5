// The metrics glossary (the product spec's "reference guide for all available metrics, their sources, and update
// frequencies"): one entry per Prometheus metric (METRICS) and per query-result field (the frame definitions),
// built from those definitions and nothing else. The app's Glossary page and docs/METRICS.md
// (scripts/metrics-doc.mts) show it; QUERY_TYPE_FRAMES is also what the service's tests check emitted frames against.
import {
  DRIFT_FRAME,
  HEALTH_FRAME,
  LEDGER_JOBS_FRAME,
  LIVE_JOBS_FRAME,
  QUEUE_METRICS_FRAME,
  QUEUES_FRAME,
  VARIABLE_FRAME,
  type FieldDefinition,
  type FieldType,
  type FrameAbout,
} from './frames.ts';
import { EVENTS_FRAME, FINDINGS_FRAME, IP_REPUTATION_FRAME, SERVICE_METRICS_FRAME, SERVICES_FRAME } from './infra.ts';
import { LOG_LINES_FRAME, LOG_VOLUME_FRAME } from './logs.ts';
import {
  METRICS,
  type AlertExample,
  type MetricArea,
  type MetricDefinition,
  type MetricKey,
  type MetricSource,
  type MetricType,
} from './metrics.ts';
import type { AppPageLink } from './pages.ts';
import type { QueryType } from './queryModel.ts';
import { UNIT_NAMES } from './units.ts';

/** A frame definition as the glossary reads it (tables and time series alike). */
export interface GlossaryFrame {
  /** The frame's name on the wire; absent for time series, whose frames are named after their series. */
  readonly name?: string;
  readonly fields: Readonly<Record<string, FieldDefinition>>;
  readonly about: FrameAbout;
}

/**
 * The frames each query type answers with (`jobs`: live jobs without a search, ledger rows with one). Every query
 * type is listed, so a new one cannot go without definitions.
 */
export const QUERY_TYPE_FRAMES = {
  health: [HEALTH_FRAME],
  queues: [QUEUES_FRAME],
  queue_metrics: [QUEUE_METRICS_FRAME],
  jobs: [LIVE_JOBS_FRAME, LEDGER_JOBS_FRAME],
  drift: [DRIFT_FRAME],
  logs: [LOG_LINES_FRAME],
  log_volume: [LOG_VOLUME_FRAME],
  log_context: [LOG_LINES_FRAME],
  services: [SERVICES_FRAME],
  service_metrics: [SERVICE_METRICS_FRAME],
  findings: [FINDINGS_FRAME],
  ip_reputation: [IP_REPUTATION_FRAME],
  events: [EVENTS_FRAME],
  variable: [VARIABLE_FRAME],
} as const satisfies Record<QueryType, readonly GlossaryFrame[]>;

/** The areas the glossary groups by, in the order it shows them. */
export const GLOSSARY_AREAS: ReadonlyArray<{ area: MetricArea; label: string }> = [
  { area: 'queues', label: 'Queues' },
  { area: 'infrastructure', label: 'Infrastructure' },
  { area: 'reputation', label: 'Reputation' },
  { area: 'logs', label: 'Logs' },
  { area: 'service', label: 'The service itself' },
];

/** Where values come from, in words. */
export const SOURCE_LABELS: Readonly<Record<MetricSource, string>> = {
  bullmq: 'BullMQ in Redis',
  ledger: 'the job ledger (PostgreSQL)',
  probes: 'the probes',
  dnsbl: 'DNS block- and allowlists',
  'log store': 'the log store (ingest)',
  'audit log': 'the audit log',
  service: 'the monitoring service itself',
};

/** A query field that carries a metric's number (or a field's place in the query model). */
export interface FieldRef {
  readonly queryTypes: readonly QueryType[];
  /** The frame's key (FrameAbout.key). */
  readonly frame: string;
  /** The field's wire name. */
  readonly field: string;
}

interface EntryBase {
  /** Unique: `metric:<name>` or `field:<frame key>.<field name>`. */
  readonly id: string;
  readonly name: string;
  readonly area: MetricArea;
  /** What it means (a metric's HELP text, a field's description). */
  readonly meaning: string;
  /** The unit in words; absent when it has none (names, states, times). */
  readonly unit?: string;
  readonly source: MetricSource;
  /** How often it changes, and who publishes it. */
  readonly updates: string;
  readonly reading?: string;
  /** The app page that shows it; absent when none does. */
  readonly shownAt?: AppPageLink;
  /** Where it is used when no app page shows it. */
  readonly elsewhere?: string;
}

export interface MetricEntry extends EntryBase {
  readonly kind: 'metric';
  readonly type: MetricType | 'mixed';
  readonly labels: readonly string[];
  readonly promql: string;
  readonly alert: AlertExample;
  /** The query fields that carry the same number. */
  readonly carriedBy: readonly FieldRef[];
  readonly presence?: string;
  readonly buckets?: readonly number[];
  /** For prom-client's defaults: the name prefixes. */
  readonly prefixes?: readonly string[];
}

export interface FieldEntry extends EntryBase, FieldRef {
  readonly kind: 'field';
  /** The column type on the wire. */
  readonly type: FieldType;
  /** Grafana's unit id (the field config's `unit`). */
  readonly grafanaUnit?: string;
  /** The PromQL name of the metric that carries the same number. */
  readonly metric?: string;
  /** True when the field is named after its series on the wire (time series). */
  readonly namedAfterSeries?: boolean;
}

export type GlossaryEntry = MetricEntry | FieldEntry;

/** Every frame the query types answer with, once, with the query types that answer with it. */
function framesWithQueryTypes(): Array<{ frame: GlossaryFrame; queryTypes: QueryType[] }> {
  const found = new Map<GlossaryFrame, QueryType[]>();
  for (const [queryType, frames] of Object.entries(QUERY_TYPE_FRAMES) as Array<[QueryType, readonly GlossaryFrame[]]>) {
    for (const frame of frames) {
      found.set(frame, [...(found.get(frame) ?? []), queryType]);
    }
  }
  return [...found].map(([frame, queryTypes]) => ({ frame, queryTypes }));
}

/** A Prometheus unit from the name's suffix (seconds and bytes are in the names, as Prometheus wants). */
function metricUnit(definition: MetricDefinition): string | undefined {
  if (definition.unit) {
    return definition.unit;
  }
  return /_seconds(_|$)/.test(definition.name) ? 'seconds' : /_bytes(_|$)/.test(definition.name) ? 'bytes' : undefined;
}

function fieldEntry(frame: GlossaryFrame, queryTypes: QueryType[], definition: FieldDefinition): FieldEntry {
  const { about } = frame;
  return {
    id: `field:${about.key}.${definition.name}`,
    kind: 'field',
    name: definition.name,
    area: about.area,
    meaning: definition.description,
    ...(definition.unit ? { unit: UNIT_NAMES[definition.unit], grafanaUnit: definition.unit } : {}),
    type: definition.type,
    source: definition.source ?? about.source,
    updates: definition.updates ?? about.updates,
    ...(definition.reading ? { reading: definition.reading } : {}),
    queryTypes,
    frame: about.key,
    field: definition.name,
    ...(definition.metric ? { metric: METRICS[definition.metric].name } : {}),
    ...(definition.namedAfterSeries ? { namedAfterSeries: true } : {}),
    ...(about.shownAt ? { shownAt: about.shownAt } : {}),
    ...(about.elsewhere ? { elsewhere: about.elsewhere } : {}),
  };
}

function metricEntry(key: MetricKey, carriedBy: FieldRef[]): MetricEntry {
  const definition: MetricDefinition = METRICS[key];
  const unit = metricUnit(definition);
  return {
    id: `metric:${definition.name}`,
    kind: 'metric',
    name: definition.name,
    area: definition.area,
    meaning: definition.help,
    ...(unit ? { unit } : {}),
    type: definition.type,
    labels: definition.labels,
    source: definition.source,
    updates: definition.updates,
    ...(definition.reading ? { reading: definition.reading } : {}),
    promql: definition.promql,
    alert: definition.alert,
    carriedBy,
    ...(definition.presence ? { presence: definition.presence } : {}),
    ...(definition.buckets ? { buckets: definition.buckets } : {}),
    ...(definition.prefixes ? { prefixes: definition.prefixes } : {}),
    ...(definition.shownAt
      ? { shownAt: definition.shownAt }
      : { elsewhere: definition.promClientDefaults ? 'Prometheus (prom-client’s defaults)' : 'Prometheus only' }),
  };
}

function buildGlossary(): GlossaryEntry[] {
  const fields: FieldEntry[] = [];
  for (const { frame, queryTypes } of framesWithQueryTypes()) {
    for (const definition of Object.values(frame.fields)) {
      fields.push(fieldEntry(frame, queryTypes, definition));
    }
  }
  const metrics = (Object.keys(METRICS) as MetricKey[]).map((key) =>
    metricEntry(
      key,
      fields
        .filter((entry) => entry.metric === METRICS[key].name)
        .map(({ queryTypes, frame, field }) => ({ queryTypes, frame, field }))
    )
  );
  const order = new Map(GLOSSARY_AREAS.map(({ area }, index) => [area, index]));
  // By area, metrics before fields, each in definition order (a stable sort keeps it).
  return [...metrics, ...fields].sort(
    (a, b) => order.get(a.area)! - order.get(b.area)! || Number(a.kind === 'field') - Number(b.kind === 'field')
  );
}

/** Every metric and every query field, grouped by area (GLOSSARY_AREAS' order), metrics first in each. */
export const GLOSSARY: readonly GlossaryEntry[] = buildGlossary();

/** The glossary entry of a frame field (for a page's tooltip or link), by its frame definition and field key. */
export function fieldEntryId(frame: { about: FrameAbout }, definition: FieldDefinition): string {
  return `field:${frame.about.key}.${definition.name}`;
}
