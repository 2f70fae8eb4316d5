// queryType "health": one table frame with a row per dependency.
import type { HealthReport } from '../../health/dependencies.ts';
import { frameFromRows, type DataFrameJSON } from '../frames.ts';

export function healthFrame(report: HealthReport, refId?: string): DataFrameJSON {
  const checkedAt = Date.parse(report.checkedAt);
  return frameFromRows({
    name: 'health',
    refId,
    meta: { preferredVisualisationType: 'table' },
    fields: [
      { name: 'dependency', type: 'string' },
      { name: 'status', type: 'string' },
      { name: 'latency_ms', type: 'number', config: { unit: 'ms' } },
      { name: 'error', type: 'string' },
      { name: 'checked_at', type: 'time' },
    ],
    rows: report.dependencies.map((dependency) => ({
      dependency: dependency.name,
      status: dependency.status,
      latency_ms: dependency.latencyMs,
      error: dependency.error ?? '',
      checked_at: checkedAt,
    })),
  });
}

export function createHealthQueryHandler(check: () => Promise<HealthReport>) {
  return async (query: { refId: string }): Promise<DataFrameJSON[]> => [healthFrame(await check(), query.refId)];
}
