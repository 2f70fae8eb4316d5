// One line describing a query, for Explore's query history and a collapsed query row.
import { QUERY_TYPES } from '@penguinmails/sysmon-contract';
import type { SysmonDataQuery } from '../types';

const labelOf = (queryType: string | undefined) =>
  QUERY_TYPES.find((type) => type.value === queryType)?.label ?? queryType ?? 'Query';

const listed = (name: string, values: readonly string[] | undefined) =>
  values && values.length > 0 ? `${name}: ${values.join(', ')}` : undefined;

/** e.g. `Logs: service:smtp timeout · levels: error, fatal · limit 100`. */
export function queryDisplayText(query: SysmonDataQuery): string {
  const parts: Array<string | undefined> = [];
  switch (query.queryType) {
    case 'logs':
    case 'log_volume':
      parts.push(
        query.search?.trim() || 'every line',
        listed('levels', query.levels),
        listed('services', query.services)
      );
      if (query.queryType === 'logs' && query.limit !== undefined) {
        parts.push(`limit ${query.limit}`);
      }
      break;
    case 'log_context':
      parts.push(
        `${query.direction ?? 'backward'} of line ${query.id ?? '?'}`,
        query.limit ? `limit ${query.limit}` : undefined
      );
      break;
    case 'variable':
      parts.push(query.variable);
      break;
    default:
      parts.push(
        query.queue ? `queue ${query.queue}` : undefined,
        query.tier ? `tier ${query.tier}` : undefined,
        query.search
      );
  }
  const details = parts.filter(Boolean).join(' · ');
  return details ? `${labelOf(query.queryType)}: ${details}` : labelOf(query.queryType);
}
