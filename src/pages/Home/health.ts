import type { BadgeColor } from '@grafana/ui';
import type { ServiceRequestError } from '../../api/errors';
import type { DependencyHealth, HealthResponse } from '@penguinmails/sysmon-contract';

export interface HealthSummary {
  label: string;
  color: BadgeColor;
  upCount: number;
  total: number;
}

/** Overall badge for a health answer: OK only when the service says ok and every dependency is up. */
export function summariseHealth(health: HealthResponse): HealthSummary {
  const total = health.dependencies.length;
  const upCount = health.dependencies.filter((d) => d.status === 'up').length;
  if (health.status === 'ok' && upCount === total) {
    return { label: 'OK', color: 'green', upCount, total };
  }
  if (upCount === 0 && total > 0) {
    return { label: 'All dependencies down', color: 'red', upCount, total };
  }
  return { label: 'Degraded', color: 'orange', upCount, total };
}

export function dependencyColor(dependency: DependencyHealth): BadgeColor {
  return dependency.status === 'up' ? 'green' : 'red';
}

/** "1.2 ms", "< 0.1 ms", "1.5 s"; an invalid number reads "n/a". */
export function formatLatency(ms: number): string {
  if (!Number.isFinite(ms) || ms < 0) {
    return 'n/a';
  }
  if (ms < 0.1) {
    return '< 0.1 ms';
  }
  if (ms < 10) {
    return `${ms.toFixed(1)} ms`;
  }
  if (ms < 1000) {
    return `${Math.round(ms)} ms`;
  }
  return `${(ms / 1000).toFixed(1)} s`;
}

/** "12 s ago", "3 min ago"; a future or unparsable time reads "just now" / the raw text. */
export function formatAge(iso: string, now: Date): string {
  const at = Date.parse(iso);
  if (Number.isNaN(at)) {
    return iso;
  }
  const seconds = Math.floor((now.getTime() - at) / 1000);
  if (seconds < 2) {
    return 'just now';
  }
  if (seconds < 60) {
    return `${seconds} s ago`;
  }
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) {
    return `${minutes} min ago`;
  }
  return `${Math.floor(minutes / 60)} h ago`;
}

export type HealthErrorKind = 'not-configured' | 'unauthorized' | 'unreachable' | 'error';

export interface HealthErrorView {
  kind: HealthErrorKind;
  title: string;
  hint: string;
}

/** What went wrong calling /api/health, phrased for the person looking at the home page. */
export function describeHealthError(error: ServiceRequestError, datasourceUid: string): HealthErrorView {
  // A 404 without a service error code comes from Grafana: the data source does not exist.
  if (error.status === 404 && !error.code) {
    return {
      kind: 'not-configured',
      title: 'The data source is not configured',
      hint: `Grafana has no data source with uid "${datasourceUid}". Create it on the configuration page.`,
    };
  }
  if (error.status === 401 || error.status === 403) {
    return {
      kind: 'unauthorized',
      title: 'The service refused the API token',
      hint: 'Check the API token of the data source on the configuration page.',
    };
  }
  if (error.status === 0 || error.status === 502 || error.status === 503 || error.status === 504) {
    return {
      kind: 'unreachable',
      title: 'The monitoring service is unreachable',
      hint: 'Check that the service is running and that the service URL on the configuration page is right.',
    };
  }
  return {
    kind: 'error',
    title: 'The health check failed',
    hint: 'See the message below; the configuration page can test the connection.',
  };
}
