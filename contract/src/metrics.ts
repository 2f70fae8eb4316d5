// Every Prometheus metric the service exposes on /metrics, defined once: name, type, labels, what it means, where
// it comes from, how often it changes, how to read it, an example query and an example alert. The service builds its
// prom-client metrics from these definitions (backend/src/metrics/definitions.ts), alert rules (prometheus/rules.yml,
// provisioning/alerting/) use these names, and the glossary (glossary.ts: the Glossary page, docs/METRICS.md) shows
// them, so none can drift from the others.
import { shownAt, type AppPageLink } from './pages.ts';

export type MetricType = 'gauge' | 'counter' | 'histogram';

/** Where a metric's or a query field's values come from. */
export type MetricSource = 'bullmq' | 'ledger' | 'probes' | 'dnsbl' | 'log store' | 'audit log' | 'service';

/** Which part of the product a metric or field belongs to (the glossary groups by it). */
export type MetricArea = 'queues' | 'infrastructure' | 'reputation' | 'logs' | 'service';

/** An alert on a metric: the expression of a rule in prometheus/rules.yml when there is one, else a suggestion. */
export interface AlertExample {
  /**
   * The alert in prometheus/rules.yml (and as a Grafana-managed rule in provisioning/alerting/rules.yaml) whose
   * `expr` this is; tests/repo/glossary.test.ts checks they agree. Absent: a suggestion no rule ships with.
   */
  readonly rule?: string;
  readonly expr: string;
  /** How long the condition must hold (the rule's `for`). */
  readonly for?: string;
}

export interface MetricDefinition {
  /** The family name; for the prom-client defaults, the prefixes they share. */
  readonly name: string;
  /** `mixed`: a set of families of several types (the prom-client defaults). */
  readonly type: MetricType | 'mixed';
  /** One line: Prometheus' HELP text. */
  readonly help: string;
  /** The unit, when the name does not say it (seconds and bytes are in the names, as Prometheus wants). */
  readonly unit?: string;
  readonly labels: readonly string[];
  readonly area: MetricArea;
  readonly source: MetricSource;
  /** How often the value changes, and who publishes it. */
  readonly updates: string;
  /** How to read it (what a change means). */
  readonly reading?: string;
  /** Histogram buckets (seconds). */
  readonly buckets?: readonly number[];
  /** An example query. */
  readonly promql: string;
  readonly alert: AlertExample;
  /** Set when the family can be absent on a healthy service: when it is present, and why not always. */
  readonly presence?: string;
  /** The app page that shows the same number (the glossary links to it). */
  readonly shownAt?: AppPageLink;
  /** For the prom-client defaults: the name prefixes of their families. */
  readonly prefixes?: readonly string[];
  /** Families prom-client's collectDefaultMetrics() makes (not built from this definition). */
  readonly promClientDefaults?: true;
}

const define = <const D extends MetricDefinition>(definition: D) => definition;

/** Published only by the replica that leads the queue sampler, so replicas never double them. */
const QUEUE_LEADER = 'at every scrape from the 2 s shared queue snapshot; only the replica leading the sampler';
/** Published only by the replica that probes. */
const PROBER = 'at every check (every probe interval); only the replica that probes';
/** Counted by every replica for its own work. */
const PER_REQUEST = 'at every request; each replica counts its own';

/** prom-client's default latency buckets (seconds), which the service's own histograms use. */
const REQUEST_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10] as const;

const QUEUES = shownAt('queues', 'the queue table and the Queue board panel');
const INFRASTRUCTURE = shownAt('infrastructure', 'the service cards');

export const METRICS = {
  queueDepth: define({
    name: 'sysmon_queue_depth',
    type: 'gauge',
    help: 'Jobs a worker could start now (waiting + prioritized + delayed jobs already due), per queue',
    unit: 'jobs',
    labels: ['queue', 'tier'],
    area: 'queues',
    source: 'bullmq',
    updates: QUEUE_LEADER,
    reading: 'Rising while throughput holds means arrivals outpace the workers; a campaign launch shows as a step.',
    promql: 'max without (instance) (sysmon_queue_depth{tier="high"})',
    alert: {
      rule: 'SysmonQueueDepthHigh',
      expr: `max without (instance) (sysmon_queue_depth)
  > on (tier) group_left (severity) sysmon:threshold:queue_depth`,
      for: '10m',
    },
    shownAt: QUEUES,
  }),
  queueJobs: define({
    name: 'sysmon_queue_jobs',
    type: 'gauge',
    help: 'Jobs per BullMQ state (waiting, prioritized, active, delayed, waiting-children, failed, completed), per queue',
    unit: 'jobs',
    labels: ['queue', 'tier', 'state'],
    area: 'queues',
    source: 'bullmq',
    updates: QUEUE_LEADER,
    reading: 'failed and completed count what BullMQ retains (removeOnComplete/removeOnFail), not totals.',
    promql: 'max without (instance) (sysmon_queue_jobs{state="active"})',
    alert: { expr: 'max without (instance) (delta(sysmon_queue_jobs{state="failed"}[15m])) > 100', for: '5m' },
    shownAt: QUEUES,
  }),
  queueOldestWait: define({
    name: 'sysmon_queue_oldest_wait_seconds',
    type: 'gauge',
    help: 'How long the longest-waiting job of the queue has waited, by its own timestamp',
    labels: ['queue', 'tier'],
    area: 'queues',
    source: 'bullmq',
    updates: QUEUE_LEADER,
    reading: 'Rising while depth is flat means workers are stuck; 0 when nothing waits.',
    promql: 'max without (instance) (sysmon_queue_oldest_wait_seconds)',
    alert: {
      rule: 'SysmonQueueWaitHigh',
      expr: `max without (instance) (sysmon_queue_oldest_wait_seconds)
  > on (tier) group_left (severity) sysmon:threshold:queue_oldest_wait_seconds`,
      for: '5m',
    },
    shownAt: QUEUES,
  }),
  queueCompleted: define({
    name: 'sysmon_queue_completed_total',
    type: 'counter',
    help: 'Jobs completed by workers with BullMQ metrics enabled (BullMQ metrics:completed count), per queue',
    unit: 'jobs',
    labels: ['queue', 'tier'],
    area: 'queues',
    source: 'bullmq',
    updates: QUEUE_LEADER,
    reading: 'rate() over minutes is the throughput; absent when the workers do not record BullMQ metrics.',
    promql: 'max without (instance) (rate(sysmon_queue_completed_total[5m])) * 60',
    alert: {
      rule: 'SysmonQueueFailureRateHigh',
      expr: failureRateExpr(),
      for: '5m',
    },
    presence: 'Only for queues whose workers record BullMQ metrics (Worker option `metrics`); other queues have none.',
    shownAt: QUEUES,
  }),
  queueFailed: define({
    name: 'sysmon_queue_failed_total',
    type: 'counter',
    help: 'Jobs that failed for good (after their last attempt; BullMQ metrics:failed count), per queue',
    unit: 'jobs',
    labels: ['queue', 'tier'],
    area: 'queues',
    source: 'bullmq',
    updates: QUEUE_LEADER,
    reading: 'rate(failed) / rate(completed + failed) is the failure rate the alert rules use.',
    promql: `max without (instance) (rate(sysmon_queue_failed_total[10m]))
  / (max without (instance) (rate(sysmon_queue_completed_total[10m])) + max without (instance) (rate(sysmon_queue_failed_total[10m])))`,
    alert: {
      rule: 'SysmonQueueFailureRateHigh',
      expr: failureRateExpr(),
      for: '5m',
    },
    presence: 'Only for queues whose workers record BullMQ metrics (Worker option `metrics`); other queues have none.',
    shownAt: QUEUES,
  }),
  queueWorkers: define({
    name: 'sysmon_queue_workers',
    type: 'gauge',
    help: 'Live BullMQ workers connected to the queue (from CLIENT LIST, refreshed every 15 s)',
    unit: 'workers',
    labels: ['queue', 'tier'],
    area: 'queues',
    source: 'bullmq',
    updates: QUEUE_LEADER,
    reading: '0 with jobs waiting: nothing will process them.',
    promql: 'max without (instance) (sysmon_queue_workers)',
    alert: {
      expr: 'max without (instance) (sysmon_queue_workers) == 0 and max without (instance) (sysmon_queue_depth) > 0',
      for: '5m',
    },
    shownAt: QUEUES,
  }),
  queuePaused: define({
    name: 'sysmon_queue_paused',
    type: 'gauge',
    help: '1 when the queue is paused (BullMQ 5 paused list or BullMQ 6 meta flag), else 0',
    unit: '0 or 1',
    labels: ['queue', 'tier'],
    area: 'queues',
    source: 'bullmq',
    updates: QUEUE_LEADER,
    reading: 'A queue left paused for hours after maintenance holds its jobs back without failing any.',
    promql: 'max without (instance) (sysmon_queue_paused) == 1',
    alert: { expr: 'max without (instance) (sysmon_queue_paused) == 1', for: '2h' },
    shownAt: QUEUES,
  }),
  queuesReadable: define({
    name: 'sysmon_queues_readable',
    type: 'gauge',
    help: '1 when the last read of the queues from Redis succeeded, 0 when it failed (queue gauges are then absent)',
    unit: '0 or 1',
    labels: [],
    area: 'queues',
    source: 'bullmq',
    updates: QUEUE_LEADER,
    reading: 'A monitor that cannot see says so: 0 means the queue numbers are unknown, not zero.',
    promql: 'max without (instance) (sysmon_queues_readable)',
    alert: { rule: 'SysmonQueuesUnreadable', expr: 'max without (instance) (sysmon_queues_readable == 0)', for: '2m' },
    shownAt: shownAt('queues', 'the "no data" notice'),
  }),
  driftJobs: define({
    name: 'sysmon_drift_jobs',
    type: 'gauge',
    help: 'Jobs where Redis and the job ledger disagree, per drift kind (a lower bound when a window filled)',
    unit: 'jobs',
    labels: ['kind'],
    area: 'queues',
    source: 'ledger',
    updates: 'every minute (the drift check); only the replica leading the sampler',
    reading: 'ledger_without_job can be recovered from the Queues page; started_without_job needs a decision.',
    promql: 'max without (instance) (sysmon_drift_jobs{kind="ledger_without_job"})',
    alert: { rule: 'SysmonDriftPresent', expr: 'max without (instance) (sysmon_drift_jobs) > 0', for: '15m' },
    shownAt: shownAt('queues', 'the drift banner'),
  }),
  serviceStatus: define({
    name: 'sysmon_service_status',
    type: 'gauge',
    help: 'Service state: 0 operational, 1 degraded, 2 down, 3 unknown (the probe could not run)',
    unit: 'state code',
    labels: ['service'],
    area: 'infrastructure',
    source: 'probes',
    updates: PROBER,
    reading: 'Decided with hysteresis (status.downAfter, degradeAfter, recoverAfter): one slow check never flips it.',
    promql: 'max without (instance) (sysmon_service_status)',
    alert: { rule: 'SysmonServiceDown', expr: 'max without (instance) (sysmon_service_status == 2)', for: '0s' },
    presence: 'Only with probes configured (`probes:` in the config), on the replica that probes.',
    shownAt: INFRASTRUCTURE,
  }),
  probeLatency: define({
    name: 'sysmon_probe_latency_seconds',
    type: 'histogram',
    help: "Each check's headline latency (SMTP banner, HTTP request, TCP connect, PostgreSQL query, Redis PING)",
    labels: ['service'],
    area: 'infrastructure',
    source: 'probes',
    updates: PROBER,
    reading: 'A rising 95th percentile before any state change is the early warning of a slowing dependency.',
    buckets: REQUEST_BUCKETS,
    promql:
      'histogram_quantile(0.95, sum by (service, le) (max without (instance) (rate(sysmon_probe_latency_seconds_bucket[5m]))))',
    alert: {
      expr: 'histogram_quantile(0.95, sum by (service, le) (rate(sysmon_probe_latency_seconds_bucket[10m]))) > 1',
      for: '10m',
    },
    presence: 'Only with probes configured, on the replica that probes; a service appears with its first check.',
    shownAt: INFRASTRUCTURE,
  }),
  probeChecks: define({
    name: 'sysmon_probe_checks_total',
    type: 'counter',
    help: 'Checks run, by outcome: ok, soft (works, not well), hard (failed), unknown (could not run)',
    unit: 'checks',
    labels: ['service', 'outcome'],
    area: 'infrastructure',
    source: 'probes',
    updates: PROBER,
    reading: 'The share of non-ok checks shows flapping that the state (with its hysteresis) smooths away.',
    promql: `sum by (service) (rate(sysmon_probe_checks_total{outcome!="ok"}[15m]))
  / sum by (service) (rate(sysmon_probe_checks_total[15m]))`,
    alert: {
      expr: `sum by (service) (rate(sysmon_probe_checks_total{outcome!="ok"}[15m]))
  / sum by (service) (rate(sysmon_probe_checks_total[15m])) > 0.5`,
      for: '15m',
    },
    presence: 'Only with probes configured, on the replica that probes; an outcome appears with its first check.',
    shownAt: INFRASTRUCTURE,
  }),
  ipListed: define({
    name: 'sysmon_ip_listed',
    type: 'gauge',
    help: 'Sending IP on a DNS list: 1 listed, 0 not listed; absent while the list cannot be asked',
    unit: '0 or 1',
    labels: ['ip', 'zone', 'list_kind'],
    area: 'reputation',
    source: 'dnsbl',
    updates: 'every reputation pass (reputation.intervalMs); only the replica that checks',
    reading: 'list_kind="block": a listing hurts delivery; list_kind="allow" (DNSWL): a listing helps it.',
    promql: 'max without (instance) (sysmon_ip_listed{list_kind="block"})',
    alert: {
      rule: 'SysmonIpBlocklisted',
      expr: 'max without (instance) (sysmon_ip_listed{list_kind="block"} == 1)',
      for: '0s',
    },
    presence:
      'Only with sending IPs configured (`reputation.sendingIps`); a pair is absent while its list cannot be asked.',
    shownAt: shownAt('infrastructure', 'Sending IP reputation'),
  }),
  logLinesIngested: define({
    name: 'sysmon_log_lines_ingested_total',
    type: 'counter',
    help: 'Log lines stored by ingest, by service (first 200 seen, then "other") and level',
    unit: 'lines',
    labels: ['service', 'level'],
    area: 'logs',
    source: 'log store',
    updates: 'at every committed ingest batch; each replica counts what it stored',
    reading: 'rate() of level="error"|"fatal" per service is what the error-burst alert watches.',
    promql: 'sum without (instance, level) (rate(sysmon_log_lines_ingested_total{level=~"error|fatal"}[5m])) * 60',
    alert: {
      rule: 'SysmonErrorLogBurst',
      expr: `sum without (instance, level) (rate(sysmon_log_lines_ingested_total{level=~"error|fatal"}[5m])) * 60
  > on () group_left sysmon:threshold:error_log_lines_per_minute`,
      for: '2m',
    },
    presence: 'A service and level appear with their first stored line.',
    shownAt: shownAt('logs', 'the volume by level'),
  }),
  logLinesRejected: define({
    name: 'sysmon_log_lines_rejected_total',
    type: 'counter',
    help: 'Log lines (or Loki/OTLP entries) ingest could not store, by reason',
    unit: 'lines',
    labels: ['format', 'reason'],
    area: 'logs',
    source: 'log store',
    updates: 'at every ingest request that rejected entries; each replica counts its own',
    reading: 'Any rise means a shipper sends something that is not a log line (a JSON array, null, malformed entries).',
    promql: 'sum by (format, reason) (increase(sysmon_log_lines_rejected_total[1h]))',
    alert: { expr: 'sum without (instance) (rate(sysmon_log_lines_rejected_total[10m])) > 0', for: '10m' },
    presence: 'Only after ingest rejected an entry: a format and reason appear with their first reject.',
  }),
  logLinesTruncated: define({
    name: 'sysmon_log_lines_truncated_total',
    type: 'counter',
    help: 'Log lines stored cut to logs.maxLineBytes (or with an over-long identifier cut)',
    unit: 'lines',
    labels: [],
    area: 'logs',
    source: 'log store',
    updates: 'at every committed ingest batch; each replica counts its own',
    reading:
      'Lines are kept, cut, with a marker: a steady rate means a logger writes very long lines (payload dumps?).',
    promql: 'sum without (instance) (increase(sysmon_log_lines_truncated_total[1h]))',
    alert: { expr: 'sum without (instance) (rate(sysmon_log_lines_truncated_total[15m])) * 60 > 10', for: '15m' },
  }),
  httpRequests: define({
    name: 'sysmon_http_requests_total',
    type: 'counter',
    help: 'HTTP requests handled, by method, route pattern and status code',
    unit: 'requests',
    labels: ['method', 'route', 'status'],
    area: 'service',
    source: 'service',
    updates: PER_REQUEST,
    reading: 'The route is the pattern (`/api/queues/:queue`), never the raw URL; 5xx answers are the service failing.',
    promql: 'sum by (route, status) (rate(sysmon_http_requests_total[5m]))',
    alert: {
      expr: `sum(rate(sysmon_http_requests_total{status=~"5.."}[5m]))
  / sum(rate(sysmon_http_requests_total[5m])) > 0.05`,
      for: '10m',
    },
    presence: 'A method, route and status appear with their first request.',
  }),
  httpRequestDuration: define({
    name: 'sysmon_http_request_duration_seconds',
    type: 'histogram',
    help: 'HTTP request duration in seconds, by method, route pattern and status code',
    labels: ['method', 'route', 'status'],
    area: 'service',
    source: 'service',
    updates: PER_REQUEST,
    reading: 'POST /api/query is every Grafana panel: its 95th percentile is what dashboards wait for.',
    buckets: REQUEST_BUCKETS,
    promql: 'histogram_quantile(0.95, sum by (route, le) (rate(sysmon_http_request_duration_seconds_bucket[5m])))',
    alert: {
      expr: 'histogram_quantile(0.95, sum by (route, le) (rate(sysmon_http_request_duration_seconds_bucket[10m]))) > 2',
      for: '10m',
    },
    presence: 'A method, route and status appear with their first request.',
  }),
  queueSnapshotRead: define({
    name: 'sysmon_queue_snapshot_read_seconds',
    type: 'histogram',
    help: 'Duration of one read of every queue from Redis (one pipelined round trip shared by all viewers), by outcome',
    labels: ['outcome'],
    area: 'service',
    source: 'bullmq',
    updates: 'at every read of the queues (at most every 2 s while anyone looks); each replica times its own',
    reading:
      'What the monitor costs Redis: slower reads with more queues or a busy Redis; outcome="error" is a failed read.',
    buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
    promql: 'histogram_quantile(0.99, sum by (le) (rate(sysmon_queue_snapshot_read_seconds_bucket{outcome="ok"}[5m])))',
    alert: {
      expr: 'histogram_quantile(0.99, sum by (le) (rate(sysmon_queue_snapshot_read_seconds_bucket[10m]))) > 0.5',
      for: '10m',
    },
    presence: 'An outcome appears with its first read (none before anyone or anything read the queues).',
  }),
  processDefaults: define({
    name: 'process_*, nodejs_*',
    type: 'mixed',
    help: "prom-client's default metrics of the service's Node.js process: CPU, memory, file descriptors, event loop lag, garbage collection, heap",
    labels: [],
    area: 'service',
    source: 'service',
    updates: 'at every scrape; each replica reports its own process',
    reading: 'Event loop lag over 100 ms makes every answer slow; resident memory that only grows is a leak.',
    promql: 'rate(process_cpu_seconds_total[5m])',
    alert: { expr: 'max_over_time(nodejs_eventloop_lag_p99_seconds[5m]) > 0.5', for: '10m' },
    prefixes: ['process_', 'nodejs_'],
    promClientDefaults: true,
  }),
} as const satisfies Record<string, MetricDefinition>;

/** The SysmonQueueFailureRateHigh expression, on both of the counters it reads. */
function failureRateExpr(): string {
  return `(
  max without (instance) (rate(sysmon_queue_failed_total[10m]))
  /
  (
    max without (instance) (rate(sysmon_queue_completed_total[10m]))
    + max without (instance) (rate(sysmon_queue_failed_total[10m]))
  )
)
  > on (tier) group_left sysmon:threshold:queue_failure_ratio
and
  max without (instance) (increase(sysmon_queue_failed_total[10m]))
    >= on () group_left sysmon:threshold:queue_failed_jobs_min`;
}

export type MetricKey = keyof typeof METRICS;

/**
 * The definition of an exposed family, by its name as /metrics declares it in HELP and TYPE (`sysmon_queue_depth`,
 * `sysmon_probe_latency_seconds` for its `_bucket`/`_sum`/`_count` series, `process_cpu_seconds_total` by prefix).
 */
export function metricDefinitionOf(family: string): MetricDefinition | undefined {
  return Object.values(METRICS).find((definition: MetricDefinition) =>
    definition.prefixes ? definition.prefixes.some((prefix) => family.startsWith(prefix)) : definition.name === family
  );
}
