// data-testid values used by the component tests and the browser tests (tests/).
// The "data-testid " prefix follows Grafana's selector convention.
export const testIds = {
  appConfig: {
    container: 'data-testid ac-container',
    serviceUrl: 'data-testid ac-service-url',
    apiToken: 'data-testid ac-api-token',
    operatorToken: 'data-testid ac-operator-token',
    datasourceUid: 'data-testid ac-datasource-uid',
    datasourceState: 'data-testid ac-datasource-state',
    loadError: 'data-testid ac-load-error',
    submit: 'data-testid ac-submit-form',
    saveSuccess: 'data-testid ac-save-success',
    saveError: 'data-testid ac-save-error',
    testConnection: 'data-testid ac-test-connection',
    testResult: 'data-testid ac-test-result',
    testReadRoute: 'data-testid ac-test-read-route',
    testOperatorRoute: 'data-testid ac-test-operator-route',
  },
  home: {
    container: 'data-testid home-container',
    loading: 'data-testid home-loading',
    statusBadge: 'data-testid home-status-badge',
    version: 'data-testid home-version',
    lastChecked: 'data-testid home-last-checked',
    dependencies: 'data-testid home-dependencies',
    /** One row per dependency; use dependencyRow(name). */
    dependencyRow: (name: string) => `data-testid home-dependency-${name}`,
    dependencyStatus: (name: string) => `data-testid home-dependency-status-${name}`,
    dependencyLatency: (name: string) => `data-testid home-dependency-latency-${name}`,
    error: 'data-testid home-error',
    configLink: 'data-testid home-config-link',
    pollingPaused: 'data-testid home-polling-paused',
  },
  datasource: {
    configServiceUrl: 'data-testid ds-config-service-url',
    configApiToken: 'data-testid ds-config-api-token',
    configOperatorToken: 'data-testid ds-config-operator-token',
    queryTypeSelect: 'data-testid ds-query-type',
    queryTypeDescription: 'data-testid ds-query-type-description',
  },
};
