import React, { FormEvent, useCallback, useEffect, useState } from 'react';
import { css } from '@emotion/css';
import { AppPluginMeta, GrafanaTheme2, PluginConfigPageProps } from '@grafana/data';
import { Alert, Button, Field, FieldSet, Input, Stack, Text, useStyles2 } from '@grafana/ui';
import { createSysmonClientForDatasource } from '../../api/client';
import { checkConnection, ConnectionCheck } from '../../api/connectionCheck';
import { errorMessage } from '../../api/errors';
import { DEFAULT_DATASOURCE_UID } from '../../constants';
import { ServiceConnectionFields, type ServiceSecret } from '../ServiceConnectionFields/ServiceConnectionFields';
import type { AppSettings } from '../../types';
import { testIds } from '../testIds';
import { AppConfigForm, emptyForm, formFromDatasource, SysmonDataSourceSettings, validateForm } from './appConfigModel';
import { ConnectionCheckResult } from './ConnectionCheckResult';
import { loadDatasource, saveSettings } from './grafanaSettingsApi';

export interface AppConfigProps extends PluginConfigPageProps<AppPluginMeta<AppSettings>> {}

type Loaded =
  | { state: 'loading'; uid: string }
  | { state: 'loaded'; uid: string; datasource?: SysmonDataSourceSettings }
  | { state: 'error'; uid: string; message: string };

type Outcome = { ok: true; message: string } | { ok: false; message: string };

/**
 * App configuration: edits the data source the app uses (service URL, tokens), stores its uid in the
 * app settings, and tests both proxy routes.
 */
const AppConfig = ({ plugin }: AppConfigProps) => {
  const styles = useStyles2(getStyles);
  const initialUid = plugin.meta.jsonData?.datasourceUid || DEFAULT_DATASOURCE_UID;

  const [form, setForm] = useState<AppConfigForm>(() => emptyForm(initialUid));
  const [loaded, setLoaded] = useState<Loaded>({ state: 'loading', uid: initialUid });
  const [showErrors, setShowErrors] = useState(false);
  const [saving, setSaving] = useState(false);
  const [saveOutcome, setSaveOutcome] = useState<Outcome>();
  const [testing, setTesting] = useState(false);
  const [check, setCheck] = useState<ConnectionCheck>();

  // Sets state only when the request answers; callers mark the uid as loading first when needed.
  const load = useCallback(
    (uid: string) =>
      loadDatasource(uid).then(
        (datasource) => {
          setLoaded({ state: 'loaded', uid, datasource });
          // A missing data source keeps what the user typed; an existing one shows its stored settings.
          setForm((current) =>
            datasource
              ? formFromDatasource(uid, datasource)
              : { ...current, datasourceUid: uid, configured: emptyForm(uid).configured }
          );
        },
        (err) => setLoaded({ state: 'error', uid, message: errorMessage(err) })
      ),
    []
  );

  useEffect(() => {
    load(initialUid);
  }, [initialUid, load]);

  const errors = validateForm(form);
  const hasErrors = Object.keys(errors).length > 0;

  const onFormChange = (changes: Partial<AppConfigForm>) => {
    setForm((current) => ({ ...current, ...changes }));
    setSaveOutcome(undefined);
  };

  const onSecretReset = (secret: ServiceSecret) => {
    setForm((current) => ({ ...current, [secret]: '', configured: { ...current.configured, [secret]: false } }));
    setSaveOutcome(undefined);
  };

  const onUidBlur = () => {
    if (form.datasourceUid !== loaded.uid && !errors.datasourceUid) {
      setLoaded({ state: 'loading', uid: form.datasourceUid });
      load(form.datasourceUid);
    }
  };

  const onSubmit = async (event: FormEvent) => {
    event.preventDefault();
    setShowErrors(true);
    if (hasErrors || saving) {
      return;
    }
    setSaving(true);
    setSaveOutcome(undefined);
    try {
      const existing =
        loaded.state === 'loaded' && loaded.uid === form.datasourceUid
          ? loaded.datasource
          : await loadDatasource(form.datasourceUid);
      const stored = await saveSettings(form, existing);
      setLoaded({ state: 'loaded', uid: form.datasourceUid, datasource: stored });
      if (stored) {
        setForm(formFromDatasource(form.datasourceUid, stored));
      }
      const uidChanged = form.datasourceUid !== initialUid;
      setSaveOutcome({
        ok: true,
        message: uidChanged
          ? 'Settings saved. Reload the page so the app pages use the new data source.'
          : 'Settings saved.',
      });
    } catch (err) {
      setSaveOutcome({ ok: false, message: errorMessage(err) });
    } finally {
      setSaving(false);
    }
  };

  const onTestConnection = async () => {
    setTesting(true);
    setCheck(undefined);
    try {
      setCheck(await checkConnection(createSysmonClientForDatasource(form.datasourceUid)));
    } finally {
      setTesting(false);
    }
  };

  return (
    <form onSubmit={onSubmit} className={styles.form} data-testid={testIds.appConfig.container} noValidate>
      <FieldSet label="Monitoring service">
        <Field
          label="Data source uid"
          description="The PenguinMails Sysmon data source the app pages call. Saving creates it when it does not exist."
          invalid={showErrors && Boolean(errors.datasourceUid)}
          error={errors.datasourceUid}
        >
          <Input
            id="ac-datasource-uid"
            width={60}
            data-testid={testIds.appConfig.datasourceUid}
            value={form.datasourceUid}
            onChange={(event) => onFormChange({ datasourceUid: event.currentTarget.value.trim() })}
            onBlur={onUidBlur}
          />
        </Field>
        <div
          className={styles.datasourceState}
          data-testid={testIds.appConfig.datasourceState}
          data-state={loaded.state}
        >
          <DatasourceState loaded={loaded} />
        </div>

        <ServiceConnectionFields
          serviceUrl={form.serviceUrl}
          secrets={form}
          configured={form.configured}
          onServiceUrlChange={(serviceUrl) => onFormChange({ serviceUrl })}
          onSecretChange={(secret, value) => onFormChange({ [secret]: value })}
          onSecretReset={onSecretReset}
          serviceUrlError={showErrors ? errors.serviceUrl : undefined}
          ids={{ serviceUrl: 'ac-service-url', apiToken: 'ac-api-token', operatorToken: 'ac-operator-token' }}
          testIds={{
            serviceUrl: testIds.appConfig.serviceUrl,
            apiToken: testIds.appConfig.apiToken,
            operatorToken: testIds.appConfig.operatorToken,
          }}
        />

        <Stack gap={2}>
          <Button
            type="submit"
            icon={saving ? 'spinner' : undefined}
            disabled={saving || loaded.state === 'loading'}
            data-testid={testIds.appConfig.submit}
          >
            Save settings
          </Button>
          <Button
            type="button"
            variant="secondary"
            icon={testing ? 'spinner' : 'heart-rate'}
            disabled={testing}
            onClick={onTestConnection}
            data-testid={testIds.appConfig.testConnection}
          >
            Test connection
          </Button>
        </Stack>
        <Text color="secondary" variant="bodySmall">
          Test connection checks the saved settings through Grafana&apos;s data source proxy.
        </Text>
      </FieldSet>

      {saveOutcome?.ok && (
        <Alert severity="success" title={saveOutcome.message} data-testid={testIds.appConfig.saveSuccess} />
      )}
      {saveOutcome && !saveOutcome.ok && (
        <Alert severity="error" title="Saving failed" data-testid={testIds.appConfig.saveError}>
          {saveOutcome.message}
        </Alert>
      )}
      {check && <ConnectionCheckResult check={check} />}
    </form>
  );
};

function DatasourceState({ loaded }: { loaded: Loaded }) {
  switch (loaded.state) {
    case 'loading':
      return <Text color="secondary">Loading data source {loaded.uid}…</Text>;
    case 'error':
      return (
        <Alert severity="error" title="Could not load the data source" data-testid={testIds.appConfig.loadError}>
          {loaded.message}
        </Alert>
      );
    case 'loaded':
      return loaded.datasource ? (
        <Text color="secondary">
          Editing data source &quot;{loaded.datasource.name}&quot; ({loaded.uid}).
        </Text>
      ) : (
        <Text color="warning">No data source with uid {loaded.uid} yet: saving creates it.</Text>
      );
  }
}

export default AppConfig;

const getStyles = (theme: GrafanaTheme2) => ({
  form: css({
    maxWidth: theme.breakpoints.values.md,
  }),
  datasourceState: css({
    marginTop: theme.spacing(-1),
    marginBottom: theme.spacing(2),
  }),
});
