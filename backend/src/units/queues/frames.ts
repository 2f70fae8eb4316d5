// The queue vertical's frames, built from the contract's frame definitions (pure).
import {
  DRIFT_FRAME,
  LEDGER_JOBS_FRAME,
  LIVE_JOBS_FRAME,
  QUEUE_METRICS_FRAME,
  QUEUES_FRAME,
  VARIABLE_FRAME,
  type DriftReport,
  type JobSummary,
  type LedgerRow,
  type QueueHistoryResponse,
  type QueueSnapshot,
} from '@penguinmails/sysmon-contract';
import { buildFrame, fieldConfig, frameFrom, type DataFrameJSON } from '../../query/frames.ts';

const TABLE = { preferredVisualisationType: 'table' } as const;

/** One row per queue; a queue that could not be read has null numbers and its error (never zeros). */
export function queuesFrame(queues: readonly QueueSnapshot[], refId?: string): DataFrameJSON {
  const failed = queues.filter((queue) => queue.error);
  return frameFrom(
    QUEUES_FRAME,
    queues.map((queue) => {
      const known = <T>(value: T) => (queue.error ? null : value);
      return {
        queue: queue.name,
        tier: queue.tier,
        paused: known(queue.paused),
        waiting: known(queue.counts.waiting),
        prioritized: known(queue.counts.prioritized),
        active: known(queue.counts.active),
        delayed: known(queue.counts.delayed),
        waitingChildren: known(queue.counts.waitingChildren),
        failed: known(queue.counts.failed),
        completed: known(queue.counts.completed),
        depth: known(queue.depth),
        oldestWaitMs: known(queue.oldestWaitingAgeMs),
        workers: known(queue.workers),
        throughputPerMin: known(queue.throughputPerMin),
        failuresPerMin: known(queue.failuresPerMin),
        failureRate: known(queue.failureRate),
        drainEtaSeconds: known(queue.drainEtaSeconds),
        error: queue.error ?? '',
      };
    }),
    {
      refId,
      meta: {
        ...TABLE,
        ...(failed.length > 0
          ? {
              notices: [
                {
                  severity: 'warning',
                  text: `${failed.length} queue(s) could not be read: ${failed.map((q) => `${q.name}: ${q.error}`).join('; ')}`,
                },
              ],
            }
          : {}),
      },
    }
  );
}

export function liveJobsFrame(
  queue: string,
  jobs: readonly JobSummary[],
  total: number,
  refId?: string
): DataFrameJSON {
  return frameFrom(
    LIVE_JOBS_FRAME,
    jobs.map((job) => ({
      id: job.id,
      queue,
      name: job.name,
      state: job.state,
      priority: job.priority,
      attempts: job.attemptsMade,
      created: job.timestamp,
      processed: job.processedOn,
      finished: job.finishedOn,
      delayUntil: job.delayUntil,
      failedReason: job.failedReason,
      requestId: job.requestId,
      dataBytes: job.dataBytes,
    })),
    { refId, meta: { ...TABLE, custom: { total } } }
  );
}

export function ledgerRowsFrame(rows: readonly LedgerRow[], refId?: string, notices: string[] = []): DataFrameJSON {
  return frameFrom(
    LEDGER_JOBS_FRAME,
    rows.map((row) => ({
      id: row.id,
      queue: row.queue,
      name: row.name,
      status: row.status,
      priority: row.priority,
      attempts: row.attempts,
      requestId: row.requestId,
      lastError: row.lastError,
      created: row.createdAt,
      updated: row.updatedAt,
      started: row.startedAt,
      finished: row.finishedAt,
    })),
    {
      refId,
      meta: {
        ...TABLE,
        ...(notices.length > 0 ? { notices: notices.map((text) => ({ severity: 'info', text })) } : {}),
      },
    }
  );
}

export function driftFrame(report: DriftReport, refId?: string): DataFrameJSON {
  const checkedAt = Date.parse(report.checkedAt);
  return frameFrom(
    DRIFT_FRAME,
    report.kinds.map((kind) => ({
      kind: kind.kind,
      count: kind.count,
      oldestAgeMs: kind.oldestAgeMs,
      lowerBound: kind.lowerBound,
      examples: kind.examples.map((example) => `${example.queue}/${example.id}`).join(', '),
      checkedAt,
    })),
    { refId, meta: TABLE }
  );
}

export function variableFrame(values: readonly string[], refId?: string): DataFrameJSON {
  return frameFrom(
    VARIABLE_FRAME,
    values.map((value) => ({ text: value, value })),
    { refId }
  );
}

/**
 * One frame per series: time + a value field named after the series, with the unit and description of the queues
 * field it charts (the contract's definition of that field).
 */
export function queueMetricsFrames(history: QueueHistoryResponse): DataFrameJSON[] {
  const charted = Object.values(QUEUES_FRAME.fields).find((field) => field.name === history.field);
  const { time, value } = QUEUE_METRICS_FRAME.fields;
  return history.series.map((series) =>
    buildFrame({
      name: series.name,
      meta: { type: QUEUE_METRICS_FRAME.type, typeVersion: QUEUE_METRICS_FRAME.typeVersion },
      fields: [
        { name: time.name, type: time.type, ...fieldConfig(time), values: series.points.map(([at]) => at) },
        {
          name: series.name,
          type: value.type,
          ...fieldConfig(charted ?? value),
          values: series.points.map(([, point]) => point),
        },
      ],
    })
  );
}
