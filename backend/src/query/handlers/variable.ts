// queryType "variable": values for dashboard template variables, as a frame with `text` and `value` fields
// (what Grafana's metricFindQuery reads): queue names (optionally of one tier), or the three tiers.
import { TIERS, type SysmonQuery } from '@penguinmails/sysmon-contract';
import type { QueueOverview } from '../../queues/overview.ts';
import { frameFromRows, type DataFrameJSON } from '../frames.ts';

type VariableQuery = Extract<SysmonQuery, { queryType: 'variable' }>;

export function variableFrame(values: readonly string[], refId?: string): DataFrameJSON {
  return frameFromRows({
    name: 'values',
    refId,
    fields: [
      { name: 'text', type: 'string' },
      { name: 'value', type: 'string' },
    ],
    rows: values.map((value) => ({ text: value, value })),
  });
}

export function createVariableQueryHandler(overview: QueueOverview) {
  return async (query: VariableQuery): Promise<DataFrameJSON[]> => {
    if (query.variable === 'tier') {
      return [variableFrame([...TIERS], query.refId)];
    }
    const { queues } = await overview.list({ tier: query.tier });
    // The same name under two prefixes is one variable value.
    const names = [...new Set(queues.map((queue) => queue.name))].sort();
    return [variableFrame(names, query.refId)];
  };
}
