// Every Prometheus metric the service exposes on /metrics, defined once: name, type, labels, what it means, where
// it comes from, how often it changes and how to read it. The service builds its prom-client metrics from these
// definitions, alert rules (prometheus/rules.yml, provisioning/alerting/) use these names, and the glossary shows
// them, so none can drift from the others.

export type MetricType = 'gauge' | 'counter' | 'histogram';

/** Where a metric's values come from. */
export type MetricSource = 'bullmq' | 'ledger' | 'probes' | 'dnsbl' | 'log store' | 'service';

/** Which part of the product a metric belongs to (the glossary groups by it). */
export type MetricArea = 'queues' | 'infrastructure' | 'reputation' | 'logs' | 'service';

export interface MetricDefinition {
  readonly name: string;
  readonly type: MetricType;
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
}

const define = <const D extends MetricDefinition>(definition: D) => definition;

/** Published only by the replica that leads the queue sampler, so replicas never double them. */
const QUEUE_LEADER = 'at every scrape from the 2 s shared queue snapshot; only the replica leading the sampler';
/** Published only by the replica that probes. */
const PROBER = 'at every check (every probe interval); only the replica that probes';

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
  }),
  queuePaused: define({
    name: 'sysmon_queue_paused',
    type: 'gauge',
    help: '1 when the queue is paused (BullMQ 5 paused list or BullMQ 6 meta flag), else 0',
    labels: ['queue', 'tier'],
    area: 'queues',
    source: 'bullmq',
    updates: QUEUE_LEADER,
  }),
  queuesReadable: define({
    name: 'sysmon_queues_readable',
    type: 'gauge',
    help: '1 when the last read of the queues from Redis succeeded, 0 when it failed (queue gauges are then absent)',
    labels: [],
    area: 'queues',
    source: 'bullmq',
    updates: QUEUE_LEADER,
    reading: 'A monitor that cannot see says so: 0 means the queue numbers are unknown, not zero.',
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
  }),
  serviceStatus: define({
    name: 'sysmon_service_status',
    type: 'gauge',
    help: 'Service state: 0 operational, 1 degraded, 2 down, 3 unknown (the probe could not run)',
    labels: ['service'],
    area: 'infrastructure',
    source: 'probes',
    updates: PROBER,
    reading: 'Decided with hysteresis (status.downAfter, degradeAfter, recoverAfter): one slow check never flips it.',
  }),
  probeLatency: define({
    name: 'sysmon_probe_latency_seconds',
    type: 'histogram',
    help: "Each check's headline latency (SMTP banner, HTTP request, TCP connect, PostgreSQL query, Redis PING)",
    labels: ['service'],
    area: 'infrastructure',
    source: 'probes',
    updates: PROBER,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
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
  }),
  ipListed: define({
    name: 'sysmon_ip_listed',
    type: 'gauge',
    help: 'Sending IP on a DNS list: 1 listed, 0 not listed; absent while the list cannot be asked',
    labels: ['ip', 'zone', 'list_kind'],
    area: 'reputation',
    source: 'dnsbl',
    updates: 'every reputation pass (reputation.intervalMs); only the replica that checks',
    reading: 'list_kind="block": a listing hurts delivery; list_kind="allow" (DNSWL): a listing helps it.',
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
  }),
} as const satisfies Record<string, MetricDefinition>;

export type MetricKey = keyof typeof METRICS;
