// Links into the Infrastructure page and from a finding to its logs. Shared: the home overview, the Infrastructure
// page and its findings list link with these.
import type { Finding } from '@penguinmails/sysmon-contract';
import { PLUGIN_BASE_URL, ROUTES } from '../constants';
import { logsPageUrl } from './logsUrl';

/** The URL parameter that holds the selected service (its history is open). */
export const SERVICE_PARAM = 'service';

/** App URL of the Infrastructure page, with one service's history open when `service` is given. */
export function infrastructurePageUrl(service?: string | null): string {
  const query = service ? `?${new URLSearchParams({ [SERVICE_PARAM]: service })}` : '';
  return `${PLUGIN_BASE_URL}/${ROUTES.Infrastructure}${query}`;
}

/** A finding's log search: its service's warnings and worse over the finding's window (up to now while active). */
export const FINDING_LOG_LEVELS = ['warn', 'error', 'fatal'] as const;

/** The Logs page for a finding, or undefined when the finding has no log service to search. */
export function findingLogsUrl(finding: Pick<Finding, 'logs'>): string | undefined {
  const logs = finding.logs;
  if (!logs || !logs.service || !Number.isFinite(logs.from)) {
    return undefined;
  }
  return logsPageUrl({
    services: [logs.service],
    levels: [...FINDING_LOG_LEVELS],
    from: String(logs.from),
    to: logs.to === null || !Number.isFinite(logs.to) ? 'now' : String(logs.to),
  });
}
