import type { HealthResponse } from '../api/types';

export function healthyResponse(overrides: Partial<HealthResponse> = {}): HealthResponse {
  return {
    status: 'ok',
    version: '0.1.0',
    checkedAt: '2026-01-02T03:04:05.000Z',
    dependencies: [
      { name: 'postgres', status: 'up', latencyMs: 1.24 },
      { name: 'redis', status: 'up', latencyMs: 0.4 },
    ],
    ...overrides,
  };
}

export function degradedResponse(): HealthResponse {
  return healthyResponse({
    status: 'degraded',
    dependencies: [
      { name: 'postgres', status: 'up', latencyMs: 2 },
      { name: 'redis', status: 'down', latencyMs: 1000, error: 'connect ECONNREFUSED 127.0.0.1:6379' },
    ],
  });
}
