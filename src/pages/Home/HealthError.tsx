import React from 'react';
import { Alert, LinkButton, Stack, Text } from '@grafana/ui';
import type { ServiceRequestError } from '../../api/errors';
import { testIds } from '../../components/testIds';
import { PLUGIN_CONFIG_URL } from '../../constants';
import { describeHealthError } from './health';

export function HealthError({ error, datasourceUid }: { error: ServiceRequestError; datasourceUid: string }) {
  const view = describeHealthError(error, datasourceUid);
  return (
    <Alert severity="error" title={view.title} data-testid={testIds.home.error} data-kind={view.kind}>
      <Stack direction="column" gap={1} alignItems="flex-start">
        <Text>{view.hint}</Text>
        <Text variant="code">{error.message}</Text>
        <LinkButton
          href={PLUGIN_CONFIG_URL}
          icon="cog"
          variant="secondary"
          size="sm"
          data-testid={testIds.home.configLink}
        >
          Open configuration
        </LinkButton>
      </Stack>
    </Alert>
  );
}
