// GET /api/queues/history query parameters → a history request (defaults relative to now, range checks).
import { QUEUE_METRIC_FIELDS, TIERS, type QueueMetricField, type Tier } from '@penguinmails/sysmon-contract';
import { z } from 'zod';
import { DEFAULT_SAMPLER_RETENTION_DAYS } from '../../config.ts';
import { integer, invalidParameter, optionalParam, parseParams, timeParam } from '../../http/params.ts';
import { DEFAULT_MAX_POINTS, DEFAULT_RANGE_MS, MAX_POINTS_LIMIT, type HistoryRequest } from '../../queues/history.ts';

const DAY_MS = 24 * 60 * 60 * 1000;
const FIELD_NAMES = QUEUE_METRIC_FIELDS.map((field) => field.value);
const QUEUE_NAME_PROBLEM = 'expected a BullMQ queue name (no ":" or NUL, at most 500 characters)';

// Strict: an unknown parameter is a mistake (a typo would silently fall back to a default), named in the 400.
const historyParams = z.strictObject({
  field: optionalParam(
    z.enum(FIELD_NAMES as [QueueMetricField, ...QueueMetricField[]], {
      error: `expected one of ${FIELD_NAMES.join(', ')}`,
    })
  ),
  from: optionalParam(timeParam()),
  to: optionalParam(timeParam()),
  groupBy: optionalParam(z.enum(['queue', 'tier'], { error: 'expected queue or tier' })),
  queue: optionalParam(
    z
      .string()
      .max(500, { error: QUEUE_NAME_PROBLEM })
      .refine((name) => !name.includes(':') && !name.includes('\u0000'), { error: QUEUE_NAME_PROBLEM })
  ),
  tier: optionalParam(z.enum(TIERS, { error: `expected one of ${TIERS.join(', ')}` })),
  maxPoints: optionalParam(integer(2, MAX_POINTS_LIMIT)),
});

export interface HistoryLimits {
  /** sampler.retentionDays: the longest range asked for (default DEFAULT_SAMPLER_RETENTION_DAYS). */
  retentionDays?: number;
}

/**
 * Validates the query parameters (400 `invalid_parameter`, `invalid parameter <name>: <problem>`). Defaults:
 * field=depth, to=now, from=to-1h, groupBy=queue, maxPoints=300. `from` must not be after `to`, nor more than
 * retentionDays before it.
 */
export function parseHistoryParams(
  query: unknown,
  now: number = Date.now(),
  limits: HistoryLimits = {}
): HistoryRequest {
  const params = parseParams(historyParams, query, 'query');
  const to = params.to ?? new Date(now);
  const from = params.from ?? new Date(to.getTime() - DEFAULT_RANGE_MS);
  if (from.getTime() > to.getTime()) {
    throw invalidParameter('from', 'must not be after to');
  }
  const retentionDays = limits.retentionDays ?? DEFAULT_SAMPLER_RETENTION_DAYS;
  if (to.getTime() - from.getTime() > retentionDays * DAY_MS) {
    throw invalidParameter(
      'from',
      `must be at most ${retentionDays} days before to (sampler.retentionDays: older samples are not kept)`
    );
  }
  return {
    field: params.field ?? 'depth',
    from,
    to,
    groupBy: params.groupBy ?? 'queue',
    maxPoints: params.maxPoints ?? DEFAULT_MAX_POINTS,
    ...(params.queue !== undefined ? { queue: params.queue } : {}),
    ...(params.tier !== undefined ? { tier: params.tier as Tier } : {}),
  };
}
