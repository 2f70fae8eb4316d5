// queryType "drift": one table row per drift kind (count, oldest age, whether the count is a lower bound, examples).
import type { DriftReport } from '@penguinmails/sysmon-contract';
import { QueryError } from '../dispatch.ts';
import { frameFromRows, type DataFrameJSON } from '../frames.ts';

export function driftFrame(report: DriftReport, refId?: string): DataFrameJSON {
  const checkedAt = Date.parse(report.checkedAt);
  return frameFromRows({
    name: 'drift',
    refId,
    meta: { preferredVisualisationType: 'table' },
    fields: [
      { name: 'kind', type: 'string' },
      { name: 'count', type: 'number' },
      { name: 'oldest_age_ms', type: 'number', config: { unit: 'ms' } },
      { name: 'lower_bound', type: 'boolean' },
      { name: 'examples', type: 'string' },
      { name: 'checked_at', type: 'time' },
    ],
    rows: report.kinds.map((kind) => ({
      kind: kind.kind,
      count: kind.count,
      oldest_age_ms: kind.oldestAgeMs,
      lower_bound: kind.lowerBound,
      examples: kind.examples.map((example) => `${example.queue}/${example.id}`).join(', '),
      checked_at: checkedAt,
    })),
  });
}

export function createDriftQueryHandler(drift: { get(queue?: string): Promise<DriftReport | null> }) {
  return async (query: { refId: string; queue?: string }): Promise<DataFrameJSON[]> => {
    const report = await drift.get(query.queue);
    if (!report) {
      throw new QueryError(`queue: no queue named "${query.queue}"`, 404);
    }
    return [driftFrame(report, query.refId)];
  };
}
