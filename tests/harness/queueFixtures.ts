/**
 * What the queue workload (queueWorkload.ts, a child process of the global setup) puts into Redis and the
 * ledger, shared by the workload and the specs. Names only: every count a spec checks is read back from
 * BullMQ or the service at check time.
 */

/** The demo platform's queues (backend/src/demo/catalog.ts) and the tier the service must give them. */
export const DEMO_QUEUES = [
  { name: 'email-sending', tier: 'high' },
  { name: 'warmup-processing', tier: 'normal' },
  { name: 'analytics-aggregation', tier: 'low' },
] as const;

/** A low-tier queue (tier from the `-low` suffix) with waiting jobs and no workers: the one specs pause. */
export const PAUSABLE_QUEUE = 'report-exports-low';
export const PAUSABLE_WAITING = 12;

/** A normal-tier queue whose jobs all failed in a real BullMQ worker (stack traces, job logs, ledger rows). */
export const FAILED_QUEUE = 'invoice-charges';
export const FAILED_JOBS = 60;

export interface QueueWorkloadInfo {
  prefix: string;
  ledgerTable: string;
  /** Job ids of FAILED_QUEUE with the request_id each carries (in data and in its ledger row). */
  failedJobs: Array<{ id: string; requestId: string }>;
}

/** Environment variable through which the global setup hands QueueWorkloadInfo (JSON) to the specs. */
export const QUEUE_WORKLOAD_ENV = 'SYSMON_E2E_QUEUE_WORKLOAD';
