import type { SysmonDataQuery } from './types';

const DEFAULT_REF_ID = 'variable';

/**
 * A dashboard variable's stored query as a `variable` query. Grafana may hand over a plain string (a variable
 * saved by hand or by an older version): "tier"/"tiers" lists tiers, anything else queue names.
 */
export function toVariableQuery(query: SysmonDataQuery | string | undefined | null): SysmonDataQuery {
  if (typeof query === 'string' || query === undefined || query === null) {
    const text = (query ?? '').trim().toLowerCase();
    return { refId: DEFAULT_REF_ID, queryType: 'variable', variable: text.startsWith('tier') ? 'tier' : 'queue' };
  }
  return {
    ...query,
    refId: query.refId || DEFAULT_REF_ID,
    queryType: 'variable',
    variable: query.variable === 'tier' ? 'tier' : 'queue',
  };
}
