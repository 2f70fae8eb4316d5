// Explore's log volume histogram: the volume of a `logs` query is a `log_volume` query with the same filters.
import { DataQueryRequest, SupplementaryQueryOptions, SupplementaryQueryType } from '@grafana/data';
import type { SysmonDataQuery } from '../types';

/**
 * Explore's queryLogsVolume strips this prefix from a volume frame's refId to find the logs query it belongs to
 * (the same convention as Grafana's own Loki data source).
 */
export const LOG_VOLUME_REF_ID_PREFIX = 'log-volume-';
// A request id of its own: the data proxy cancels an in-flight request when another one reuses its id.
const LOG_VOLUME_REQUEST_SUFFIX = '_log_volume';

export const SUPPORTED_SUPPLEMENTARY_QUERY_TYPES = [SupplementaryQueryType.LogsVolume];

/** The log_volume query of a visible logs query (same search, levels and services); undefined for any other. */
export function logVolumeQueryOf(
  options: SupplementaryQueryOptions,
  query: SysmonDataQuery
): SysmonDataQuery | undefined {
  if (options.type !== SupplementaryQueryType.LogsVolume || query.queryType !== 'logs' || query.hide) {
    return undefined;
  }
  const { search, levels, services, datasource } = query;
  return {
    refId: `${LOG_VOLUME_REF_ID_PREFIX}${query.refId}`,
    queryType: 'log_volume',
    ...(datasource ? { datasource } : {}),
    ...(search ? { search } : {}),
    ...(levels?.length ? { levels } : {}),
    ...(services?.length ? { services } : {}),
  };
}

/** The request Explore runs for the volume histogram; undefined when no query of the request has a volume. */
export function logVolumeRequestOf(
  type: SupplementaryQueryType,
  request: DataQueryRequest<SysmonDataQuery>
): DataQueryRequest<SysmonDataQuery> | undefined {
  const targets = request.targets
    .map((query) => logVolumeQueryOf({ type }, query))
    .filter((query): query is SysmonDataQuery => query !== undefined);
  if (targets.length === 0) {
    return undefined;
  }
  const requestId = request.requestId.endsWith(LOG_VOLUME_REQUEST_SUFFIX)
    ? request.requestId
    : `${request.requestId}${LOG_VOLUME_REQUEST_SUFFIX}`;
  return { ...request, requestId, targets, liveStreaming: false };
}
