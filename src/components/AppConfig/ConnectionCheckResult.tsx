import React from 'react';
import { Alert, Stack, Text } from '@grafana/ui';
import { type ConnectionCheck, describeHealth } from '../../api/connectionCheck';
import { testIds } from '../testIds';

/** Outcome of "Test connection": one line per proxy route. */
export function ConnectionCheckResult({ check }: { check: ConnectionCheck }) {
  return (
    <Alert
      severity={check.ok ? 'success' : 'error'}
      title={check.ok ? 'Connection OK' : 'Connection test failed'}
      data-testid={testIds.appConfig.testResult}
      data-ok={String(check.ok)}
    >
      <Stack direction="column" gap={0.5}>
        <span data-testid={testIds.appConfig.testReadRoute} data-ok={String(check.read.ok)}>
          <Text>
            Read route (/api/health):{' '}
            {check.read.ok ? `OK. ${describeHealth(check.read.value)}.` : `Failed. ${check.read.error}`}
          </Text>
        </span>
        <span data-testid={testIds.appConfig.testOperatorRoute} data-ok={String(check.operator.ok)}>
          <Text>
            Operator route (/api/whoami):{' '}
            {check.operator.ok
              ? `OK. Scopes: ${check.operator.value.scopes.join(', ')}; user ${check.operator.value.user}.`
              : `Failed. ${check.operator.error}`}
          </Text>
        </span>
      </Stack>
    </Alert>
  );
}
