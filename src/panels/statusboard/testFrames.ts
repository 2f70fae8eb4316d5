import { SERVICES_FRAME } from '@penguinmails/sysmon-contract';
import { contractFrame, type ContractRow } from '../../testUtils/contractFrame';

/** A `services` frame as the data source delivers it; a missing cause is empty, other missing cells null. */
export function servicesFrame(rows: Array<{ service: string } & ContractRow<typeof SERVICES_FRAME>>) {
  return contractFrame(SERVICES_FRAME, rows, { cause: '' });
}

export const NOW = Date.parse('2026-01-02T03:04:05.000Z');

/** The deployment's five services: SMTP degraded by a slow banner, the rest operational. */
export function demoFrame() {
  return servicesFrame([
    {
      service: 'smtp',
      label: 'SMTP',
      kind: 'smtp',
      state: 'degraded',
      since: NOW - 4 * 60_000,
      latencyMs: 4200,
      cause: 'banner took 4.2 s, threshold 1 s',
    },
    { service: 'api', label: 'API', kind: 'http', state: 'operational', since: NOW - 3600_000, latencyMs: 12 },
    { service: 'postgres', label: 'PostgreSQL', kind: 'postgres', state: 'operational', since: NOW, latencyMs: 1.5 },
    {
      service: 'redis',
      label: 'Redis',
      kind: 'redis',
      state: 'down',
      since: NOW - 60_000,
      latencyMs: null,
      cause: 'connect ECONNREFUSED 127.0.0.1:6379',
    },
    { service: 'workers', label: 'Workers', kind: 'workers', state: 'unknown', since: null, latencyMs: null },
  ]);
}
