import React from 'react';
import { Badge } from '@grafana/ui';
import type { HealthResponse } from '@penguinmails/sysmon-contract';
import { testIds } from '../../components/testIds';
import { summariseHealth } from './health';

export function HealthBadge({ health }: { health: HealthResponse }) {
  const summary = summariseHealth(health);
  return (
    <span data-testid={testIds.home.statusBadge} data-status={health.status}>
      <Badge
        color={summary.color}
        icon={summary.color === 'green' ? 'check-circle' : 'exclamation-triangle'}
        text={`${summary.label} · ${summary.upCount}/${summary.total} dependencies up`}
      />
    </span>
  );
}
