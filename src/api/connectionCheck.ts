import { errorMessage } from './errors';
import type { SysmonClient } from './client';
import type { HealthResponse, WhoamiResponse } from '@penguinmails/sysmon-contract';

export type RouteCheck<T> = { ok: true; value: T } | { ok: false; error: string };

/** Result of testing both data source routes. */
export interface ConnectionCheck {
  /** /api/health through the read route (apiToken). */
  read: RouteCheck<HealthResponse>;
  /** /api/whoami through the operator route (operatorToken); ok only when the operator scope is present. */
  operator: RouteCheck<WhoamiResponse>;
  ok: boolean;
  /** One sentence for a data source test or an alert title. */
  summary: string;
}

async function settle<T>(promise: Promise<T>): Promise<RouteCheck<T>> {
  try {
    return { ok: true, value: await promise };
  } catch (err) {
    return { ok: false, error: errorMessage(err) };
  }
}

export function describeHealth(health: HealthResponse): string {
  const deps = health.dependencies.map((d) => `${d.name} ${d.status}`).join(', ');
  return `Service ${health.version} is ${health.status}${deps ? ` (${deps})` : ''}`;
}

/** Checks the read route and the operator route; never throws. */
export async function checkConnection(client: SysmonClient): Promise<ConnectionCheck> {
  const [read, whoami] = await Promise.all([settle(client.health()), settle(client.whoami('operator'))]);

  let operator: RouteCheck<WhoamiResponse> = whoami;
  if (whoami.ok && !whoami.value.scopes.includes('operator')) {
    operator = {
      ok: false,
      error: `The operator token is accepted but lacks the operator scope (scopes: ${whoami.value.scopes.join(', ') || 'none'})`,
    };
  }

  const parts = [
    read.ok ? `Read route OK: ${describeHealth(read.value)}.` : `Read route failed: ${read.error}.`,
    operator.ok ? 'Operator route OK: operator scope present.' : `Operator route failed: ${operator.error}.`,
  ];
  return { read, operator, ok: read.ok && operator.ok, summary: parts.join(' ') };
}
