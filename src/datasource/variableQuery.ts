import { migrateQuery } from '@penguinmails/sysmon-contract';
import { QUERY_TYPE_REGISTRY } from './queryTypeRegistry';
import type { SysmonDataQuery, VariableKind } from './types';

const DEFAULT_REF_ID = 'variable';

/**
 * A dashboard variable's stored query as a `variable` query. Grafana may hand over a plain string (a variable
 * saved by hand or by an older version), which migrateQuery upgrades; whatever type a stored object names, a
 * variable's query is always the `variable` type, listing queue names unless it asks for tiers.
 */
export function toVariableQuery(
  query: SysmonDataQuery | string | undefined | null
): SysmonDataQuery & { variable: VariableKind } {
  const migrated: SysmonDataQuery = migrateQuery(query, DEFAULT_REF_ID);
  return {
    ...migrated,
    refId: migrated.refId || DEFAULT_REF_ID,
    queryType: 'variable',
    variable: migrated.variable ?? QUERY_TYPE_REGISTRY.variable.defaults.variable,
  };
}
