// queryType "queue_metrics": a snapshot field over the dashboard range from queue_samples, one time-series frame
// per queue or tier (fields `time` and a value field named after the series, unit from QUEUE_METRIC_FIELDS).
import type pg from 'pg';
import { QUEUE_METRIC_FIELDS } from '@penguinmails/sysmon-contract';
import type { QueueHistoryResponse } from '@penguinmails/sysmon-contract';
import {
  DEFAULT_MAX_POINTS,
  DEFAULT_RANGE_MS,
  MAX_POINTS_LIMIT,
  queryQueueHistory,
  type HistoryRequest,
} from '../../queues/history.ts';
import type { QueryContext, QueryHandlers } from '../dispatch.ts';
import { buildFrame, type DataFrameJSON } from '../frames.ts';

type QueueMetricsQuery = Parameters<QueryHandlers['queue_metrics']>[0];

export function queueMetricsFrames(history: QueueHistoryResponse): DataFrameJSON[] {
  const unit = QUEUE_METRIC_FIELDS.find((field) => field.value === history.field)?.unit;
  return history.series.map((series) =>
    buildFrame({
      name: series.name,
      // One series per frame: Grafana's "multi" time-series data plane shape.
      meta: { type: 'timeseries-multi', typeVersion: [0, 1] },
      fields: [
        { name: 'time', type: 'time', values: series.points.map(([time]) => time) },
        {
          name: series.name,
          type: 'number',
          ...(unit ? { config: { unit } } : {}),
          values: series.points.map(([, value]) => value),
        },
      ],
    })
  );
}

/** The history request a queue_metrics query asks for in this dashboard context. */
export function historyRequestFor(query: QueueMetricsQuery, context: QueryContext, now = Date.now()): HistoryRequest {
  const to = context.range?.to ?? new Date(now);
  const from = context.range?.from ?? new Date(to.getTime() - DEFAULT_RANGE_MS);
  const maxPoints = Math.min(MAX_POINTS_LIMIT, Math.max(2, Math.floor(context.maxDataPoints ?? DEFAULT_MAX_POINTS)));
  return {
    field: query.field,
    from,
    to,
    groupBy: query.groupBy,
    maxPoints,
    ...(context.intervalMs !== undefined ? { minBucketMs: context.intervalMs } : {}),
    ...(query.queue !== undefined ? { queue: query.queue } : {}),
    ...(query.tier !== undefined ? { tier: query.tier } : {}),
  };
}

export function createQueueMetricsQueryHandler(deps: { pool: Pick<pg.Pool, 'connect'>; schema: string }) {
  return async (query: QueueMetricsQuery, context: QueryContext): Promise<DataFrameJSON[]> => {
    const history = await queryQueueHistory(deps.pool, deps.schema, historyRequestFor(query, context));
    return queueMetricsFrames(history);
  };
}
