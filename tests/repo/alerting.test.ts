// Alerting as configuration: no Grafana can run here, so the Grafana-managed alerting provisioning is checked against
// the structure Grafana's file provisioning reads (pkg/services/provisioning/alerting: rule groups, contact points,
// policies, templates), the Prometheus rules and the Alertmanager example with Prometheus' own tools, and both rule
// sets against the metric definitions (contract METRICS), the app's page URLs and each other's thresholds.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { parse as parseYaml } from 'yaml';
import { METRICS } from '@penguinmails/sysmon-contract';
import { PLUGIN_BASE_URL, ROUTES } from '../../src/constants.ts';
import { queuePageUrl } from '../../src/api/urls.ts';
import { FINDING_LOG_LEVELS, infrastructurePageUrl } from '../../src/utils/infraUrls.ts';
import { parseLogsView } from '../../src/utils/logsUrl.ts';

const root = path.resolve(import.meta.dirname, '../..');
const read = (file: string) => readFileSync(path.join(root, file), 'utf8');
const readYaml = (file: string) => parseYaml(read(file), { merge: true });

// ---------------------------------------------------------------------------------------------------------------
// Shapes (the fields Grafana's provisioning types declare; anything else is a typo Grafana would silently ignore)

interface GrafanaQuery {
  refId: string;
  queryType?: string;
  relativeTimeRange?: { from: number; to: number };
  datasourceUid: string;
  model: Record<string, unknown> & { refId?: string; type?: string; expression?: string; expr?: string };
}
interface GrafanaRule {
  uid: string;
  title: string;
  condition: string;
  data: GrafanaQuery[];
  noDataState?: string;
  execErrState?: string;
  for?: string;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
  isPaused?: boolean;
}
interface GrafanaGroup {
  orgId: number;
  name: string;
  folder: string;
  interval: string;
  rules: GrafanaRule[];
}
interface ContactPoint {
  orgId: number;
  name: string;
  receivers: Array<{ uid: string; type: string; settings: Record<string, unknown>; disableResolveMessage?: boolean }>;
}
interface Route {
  receiver?: string;
  group_by?: string[];
  object_matchers?: Array<[string, string, string]>;
  matchers?: string[];
  continue?: boolean;
  group_wait?: string;
  group_interval?: string;
  repeat_interval?: string;
  routes?: Route[];
}
interface PrometheusRule {
  alert?: string;
  record?: string;
  expr: string;
  for?: string;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
}

const RULE_KEYS = new Set([
  'uid',
  'title',
  'condition',
  'data',
  'dashboardUid',
  'panelId',
  'noDataState',
  'execErrState',
  'for',
  'keepFiringFor',
  'missing_series_evals_to_resolve',
  'annotations',
  'labels',
  'isPaused',
  'notification_settings',
  'record',
]);
const GROUP_KEYS = new Set(['orgId', 'name', 'folder', 'interval', 'rules']);
const QUERY_KEYS = new Set(['refId', 'queryType', 'relativeTimeRange', 'datasourceUid', 'model']);
const ROUTE_KEYS = new Set([
  'orgId',
  'receiver',
  'group_by',
  'object_matchers',
  'matchers',
  'mute_time_intervals',
  'active_time_intervals',
  'continue',
  'group_wait',
  'group_interval',
  'repeat_interval',
  'routes',
]);
const EXPRESSION_TYPES = new Set(['math', 'reduce', 'resample', 'classic_conditions', 'threshold']);
const NO_DATA_STATES = new Set(['NoData', 'Alerting', 'OK', 'KeepLast']);
const EXEC_ERR_STATES = new Set(['Error', 'Alerting', 'OK', 'KeepLast']);
const EVALUATOR_TYPES = new Set(['gt', 'lt', 'within_range', 'outside_range']);
/** Grafana's scheduler ticks every 10 s; a group's interval must be a multiple of it. */
const GRAFANA_BASE_INTERVAL_SECONDS = 10;

/** Prometheus' model.ParseDuration, which Grafana uses for interval, for and the policy timings. */
function durationSeconds(text: unknown): number {
  assert.equal(typeof text, 'string', `duration ${String(text)} is not a string`);
  const value = text as string;
  if (value === '0') {
    return 0;
  }
  const match = /^(?:(\d+)y)?(?:(\d+)w)?(?:(\d+)d)?(?:(\d+)h)?(?:(\d+)m)?(?:(\d+)s)?(?:(\d+)ms)?$/.exec(value);
  assert.ok(match && value !== '', `"${value}" is not a Prometheus duration`);
  const [y, w, d, h, m, s, ms] = match.slice(1).map((part) => Number(part ?? 0));
  return y! * 31_536_000 + w! * 604_800 + d! * 86_400 + h! * 3600 + m! * 60 + s! + ms! / 1000;
}

// ---------------------------------------------------------------------------------------------------------------
// The files

const alertingDir = path.join(root, 'provisioning/alerting');
const alertingFiles = readdirSync(alertingDir)
  .filter((file) => /\.ya?ml$/.test(file))
  .map((file) => ({ file, doc: readYaml(`provisioning/alerting/${file}`) }));
const datasourceDocs = readdirSync(path.join(root, 'provisioning/datasources'))
  .filter((file) => /\.ya?ml$/.test(file))
  .map((file) => readYaml(`provisioning/datasources/${file}`));
const datasources: Array<{ uid: string; type: string; url?: string; name: string }> = datasourceDocs.flatMap(
  (doc) => doc.datasources ?? []
);
const groups: GrafanaGroup[] = alertingFiles.flatMap(({ doc }) => doc.groups ?? []);
const grafanaRules: GrafanaRule[] = groups.flatMap((group) => group.rules);
const contactPoints: ContactPoint[] = alertingFiles.flatMap(({ doc }) => doc.contactPoints ?? []);
const policies: Route[] = alertingFiles.flatMap(({ doc }) => doc.policies ?? []);
const templates: Array<{ name: string; template: string }> = alertingFiles.flatMap(({ doc }) => doc.templates ?? []);

const prometheusGroups: Array<{ name: string; rules: PrometheusRule[] }> = readYaml('prometheus/rules.yml').groups;
const prometheusRules = prometheusGroups.flatMap((group) => group.rules);
const prometheusAlerts = prometheusRules.filter((rule) => rule.alert);
const recordingRules = prometheusRules.filter((rule) => rule.record);
const compose = readYaml('docker-compose.yml');
const prometheusConfig = readYaml('deploy/prometheus.yml');

// ---------------------------------------------------------------------------------------------------------------
// PromQL: metric names and labels

const METRIC_DEFINITIONS = Object.values(METRICS);
const metricByName = new Map<string, (typeof METRIC_DEFINITIONS)[number]>();
for (const metric of METRIC_DEFINITIONS) {
  metricByName.set(metric.name, metric);
  if (metric.type === 'histogram') {
    for (const suffix of ['_bucket', '_sum', '_count']) {
      metricByName.set(`${metric.name}${suffix}`, metric);
    }
  }
}
/** Series Prometheus itself writes for alerting rules. */
const PROMETHEUS_SERIES = new Set(['ALERTS', 'ALERTS_FOR_STATE']);
/** Labels every scraped series has (target labels). */
const TARGET_LABELS = ['job', 'instance'];
const RECORDED = new Map(recordingRules.map((rule) => [rule.record!, Object.keys(rule.labels ?? {})]));
const PROMQL_KEYWORDS = new Set([
  'and',
  'or',
  'unless',
  'bool',
  'offset',
  'by',
  'without',
  'on',
  'ignoring',
  'group_left',
  'group_right',
  'inf',
  'nan',
]);

interface PromqlUse {
  metrics: string[];
  /** Label matchers per metric name. */
  matchers: Array<{ metric: string; label: string }>;
  /** Labels named in by/without/on/ignoring/group_left/group_right. */
  grouping: string[];
}

function parsePromql(expr: string): PromqlUse {
  const matchers: PromqlUse['matchers'] = [];
  for (const selector of expr.matchAll(/([a-zA-Z_:][\w:]*)?\s*\{([^}]*)\}/g)) {
    for (const matcher of selector[2]!.matchAll(/([a-zA-Z_]\w*)\s*(?:=~|!~|!=|=)\s*"(?:[^"\\]|\\.)*"/g)) {
      matchers.push({ metric: selector[1] ?? '', label: matcher[1]! });
    }
  }
  const grouping: string[] = [];
  let rest = expr
    .replace(/"(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*'/g, '""')
    .replace(/\{[^}]*\}/g, '')
    .replace(/\[[^\]]*\]/g, '')
    .replace(/\b(by|without|on|ignoring|group_left|group_right)\s*\(([^)]*)\)/g, (_all, keyword: string, list) => {
      grouping.push(
        ...String(list)
          .split(',')
          .map((label) => label.trim())
          .filter(Boolean)
      );
      return ` ${keyword} `;
    });
  // Function and aggregation calls are followed by "(", aggregations maybe after their by/without clause.
  rest = rest.replace(/(?<![\w.:])[a-zA-Z_:][\w:]*\s*(?:\b(?:by|without)\b\s*)?\(/g, '(');
  const metrics = Array.from(rest.matchAll(/(?<![\w.:])[a-zA-Z_:][\w:]*/g), (match) => match[0]).filter(
    (name) => !PROMQL_KEYWORDS.has(name.toLowerCase())
  );
  return { metrics, matchers, grouping };
}

/** Every label a series of `metric` may carry (its definition's labels or a recording rule's, plus target labels). */
function labelsOf(metric: string): string[] {
  const definition = metricByName.get(metric);
  if (definition) {
    const histogram = definition.type === 'histogram' && metric.endsWith('_bucket') ? ['le'] : [];
    return [...definition.labels, ...histogram, ...TARGET_LABELS];
  }
  return [...(RECORDED.get(metric) ?? []), ...TARGET_LABELS];
}

function checkPromql(where: string, expr: string, annotations: Record<string, string> = {}, constant = false): void {
  const use = parsePromql(expr);
  assert.ok(constant || use.metrics.length > 0, `${where}: no metric in ${expr}`);
  for (const metric of use.metrics) {
    assert.ok(
      metricByName.has(metric) || RECORDED.has(metric) || PROMETHEUS_SERIES.has(metric),
      `${where}: ${metric} is neither defined in contract METRICS nor recorded in prometheus/rules.yml`
    );
  }
  for (const { metric, label } of use.matchers) {
    if (metric) {
      assert.ok(labelsOf(metric).includes(label), `${where}: ${metric} has no label ${label}`);
    }
  }
  const available = new Set(use.metrics.flatMap(labelsOf));
  for (const label of use.grouping) {
    assert.ok(available.has(label), `${where}: no metric of the rule has the label ${label} it groups or matches on`);
  }
  for (const [name, text] of Object.entries(annotations)) {
    for (const match of text.matchAll(/\$labels\.(\w+)/g)) {
      assert.ok(available.has(match[1]!), `${where}: annotation ${name} uses $labels.${match[1]}, not a label here`);
    }
    // Metric names inside annotation templates (Prometheus' `query` function).
    for (const match of text.matchAll(/\b(sysmon[_:][\w:]*|ALERTS(?:_FOR_STATE)?)\b/g)) {
      const metric = match[1]!;
      assert.ok(
        metricByName.has(metric) || RECORDED.has(metric) || PROMETHEUS_SERIES.has(metric),
        `${where}: annotation ${name} names ${metric}, which is not defined`
      );
    }
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Grafana provisioning structure

test('every alerting provisioning file is apiVersion 1 with known top-level sections', () => {
  const sections = new Set([
    'apiVersion',
    'groups',
    'deleteRules',
    'contactPoints',
    'deleteContactPoints',
    'policies',
    'resetPolicies',
    'templates',
    'deleteTemplates',
    'muteTimes',
    'deleteMuteTimes',
  ]);
  assert.ok(alertingFiles.length >= 4, 'rules, contact points, policies and templates');
  for (const { file, doc } of alertingFiles) {
    assert.equal(doc.apiVersion, 1, `${file}: apiVersion`);
    for (const key of Object.keys(doc)) {
      assert.ok(sections.has(key), `${file}: unknown section ${key}`);
    }
  }
  assert.ok(grafanaRules.length > 0 && contactPoints.length > 0 && policies.length === 1 && templates.length > 0);
});

test('the Prometheus data source the rules query is provisioned once, reaching compose Prometheus', () => {
  const prometheus = readYaml('provisioning/datasources/prometheus.yaml').datasources;
  assert.equal(prometheus.length, 1);
  const [source] = prometheus;
  assert.equal(source.type, 'prometheus');
  assert.equal(source.uid, 'prometheus');
  const url = new URL(source.url);
  assert.ok(compose.services[url.hostname], `${url.hostname} is a compose service`);
  assert.ok(compose.services.prometheus.ports.some((port: string) => port.endsWith(`:${url.port}`)));
  // Defined in this file only: a second definition elsewhere could drift from it.
  assert.equal(datasources.filter((entry) => entry.uid === source.uid).length, 1, 'one definition of the uid');
});

test('rule groups: org, name, folder, an interval Grafana can schedule, unique uids and titles', () => {
  const uids = new Set<string>();
  const titles = new Set<string>();
  for (const group of groups) {
    for (const key of Object.keys(group)) {
      assert.ok(GROUP_KEYS.has(key), `group ${group.name}: unknown key ${key}`);
    }
    assert.ok(Number.isInteger(group.orgId) && group.orgId >= 1, `${group.name}: orgId`);
    assert.ok(group.name?.trim() && group.folder?.trim(), 'a group needs a name and a folder');
    const interval = durationSeconds(group.interval);
    assert.ok(interval > 0 && interval % GRAFANA_BASE_INTERVAL_SECONDS === 0, `${group.name}: interval ${interval}`);
    assert.ok(group.rules.length > 0, `${group.name}: no rules`);
    for (const rule of group.rules) {
      for (const key of Object.keys(rule)) {
        assert.ok(RULE_KEYS.has(key), `${rule.uid}: unknown key ${key}`);
      }
      assert.match(rule.uid, /^[a-zA-Z0-9_-]{1,40}$/, 'uid: at most 40 letters, digits, - and _');
      assert.ok(!uids.has(rule.uid), `duplicate uid ${rule.uid}`);
      uids.add(rule.uid);
      assert.ok(rule.title?.trim(), `${rule.uid}: title`);
      const titleKey = `${group.folder}/${rule.title}`;
      assert.ok(!titles.has(titleKey), `duplicate title in the folder: ${rule.title}`);
      titles.add(titleKey);
    }
  }
});

test('every rule: datasources exist, refIds chain into the condition, states and durations parse', () => {
  const uids = new Set(datasources.map((source) => source.uid));
  for (const rule of grafanaRules) {
    const where = rule.uid;
    assert.ok(rule.data.length > 0, `${where}: no data`);
    const byRef = new Map<string, GrafanaQuery>();
    for (const query of rule.data) {
      for (const key of Object.keys(query)) {
        assert.ok(QUERY_KEYS.has(key), `${where}/${query.refId}: unknown key ${key}`);
      }
      assert.ok(query.refId && !byRef.has(query.refId), `${where}: refId ${query.refId} missing or repeated`);
      byRef.set(query.refId, query);
      assert.equal(query.model.refId ?? query.refId, query.refId, `${where}/${query.refId}: model.refId`);
      if (query.datasourceUid === '__expr__') {
        assert.ok(EXPRESSION_TYPES.has(query.model.type ?? ''), `${where}/${query.refId}: type ${query.model.type}`);
      } else {
        assert.ok(uids.has(query.datasourceUid), `${where}/${query.refId}: no data source ${query.datasourceUid}`);
        const range = query.relativeTimeRange;
        assert.ok(range && range.from > range.to && range.to >= 0, `${where}/${query.refId}: relativeTimeRange`);
        assert.ok(typeof query.model.expr === 'string' && query.model.expr.trim(), `${where}: PromQL expr`);
      }
    }
    // Inputs of every expression exist, and following them from the condition reaches a data-source query.
    const inputs = (query: GrafanaQuery): string[] => {
      if (query.datasourceUid !== '__expr__') {
        return [];
      }
      const model = query.model;
      if (model.type === 'math') {
        return Array.from(String(model.expression).matchAll(/\$\{?([A-Za-z]\w*)\}?/g), (match) => match[1]!);
      }
      if (model.type === 'classic_conditions') {
        return (model.conditions as Array<{ query: { params: string[] } }>).map((c) => c.query.params[0]!);
      }
      return [String(model.expression)];
    };
    const reaches = (refId: string, seen: string[]): boolean => {
      assert.ok(!seen.includes(refId), `${where}: refIds loop through ${[...seen, refId].join(' -> ')}`);
      const query = byRef.get(refId);
      assert.ok(query, `${where}: ${seen.at(-1) ?? 'condition'} refers to a missing refId ${refId}`);
      const next = inputs(query);
      return next.length === 0 || next.every((input) => reaches(input, [...seen, refId]));
    };
    assert.ok(reaches(rule.condition, []), `${where}: condition ${rule.condition}`);
    for (const query of rule.data) {
      if (query.model.type === 'threshold') {
        const conditions = query.model.conditions as Array<{ evaluator: { type: string; params: number[] } }>;
        assert.ok(EVALUATOR_TYPES.has(conditions[0]!.evaluator.type), `${where}: evaluator`);
        assert.ok(conditions[0]!.evaluator.params.every(Number.isFinite), `${where}: evaluator params`);
      }
      if (query.model.type === 'reduce') {
        assert.ok(['last', 'mean', 'min', 'max', 'sum', 'count'].includes(String(query.model.reducer)));
      }
    }
    assert.ok(NO_DATA_STATES.has(rule.noDataState ?? 'NoData'), `${where}: noDataState ${rule.noDataState}`);
    assert.ok(EXEC_ERR_STATES.has(rule.execErrState ?? 'Error'), `${where}: execErrState ${rule.execErrState}`);
    durationSeconds(rule.for ?? '0');
    // Provisioning expands $VAR in titles and labels (not in annotations or models): none may hold a `$`.
    assert.ok(!rule.title.includes('$'), `${where}: title would be expanded from the environment`);
    for (const value of Object.values(rule.labels ?? {})) {
      assert.ok(!value.includes('$'), `${where}: label ${value} would be expanded from the environment`);
    }
    assert.ok(['critical', 'warning'].includes(rule.labels?.severity ?? ''), `${where}: severity critical|warning`);
    assert.ok(rule.annotations?.summary && rule.annotations.description, `${where}: summary and description`);
  }
});

test('contact points: known types with their required settings, secrets from named environment variables', () => {
  const envNames = new Set<string>();
  for (const point of contactPoints) {
    assert.ok(point.name?.trim() && point.receivers.length > 0, 'a contact point needs a name and receivers');
    for (const receiver of point.receivers) {
      assert.match(receiver.uid, /^[a-zA-Z0-9_-]{1,40}$/);
      assert.ok(Object.keys(receiver.settings).length > 0, `${receiver.uid}: settings`);
      for (const [key, value] of Object.entries(receiver.settings)) {
        const text = String(value);
        // Settings are expanded from the environment: every `$` must be a variable reference, meant as one.
        for (const match of text.matchAll(/\$(\{(\w+)\}|\w+|.)/g)) {
          assert.ok(match[2], `${receiver.uid}.${key}: "${match[0]}" would be expanded; use \${NAME} or $$`);
          envNames.add(match[2]);
        }
      }
    }
  }
  const slack = contactPoints.flatMap((point) => point.receivers).find((receiver) => receiver.type === 'slack');
  const pagerduty = contactPoints.flatMap((point) => point.receivers).find((receiver) => receiver.type === 'pagerduty');
  assert.equal(slack?.settings.url, '${SLACK_WEBHOOK_URL}', 'Slack incoming webhook from the environment');
  assert.equal(
    pagerduty?.settings.integrationKey,
    '${PAGERDUTY_INTEGRATION_KEY}',
    'PagerDuty key from the environment'
  );
  // Compose passes every named variable to Grafana (non-empty: Grafana refuses a Slack or PagerDuty contact point
  // without a URL or key), and the README tells how to set them.
  const grafanaEnv = compose.services.grafana.environment;
  const readme = read('README.md');
  for (const name of envNames) {
    assert.ok(grafanaEnv[name], `compose does not pass ${name} to Grafana`);
    assert.match(String(grafanaEnv[name]), new RegExp(`^\\$\\{${name}:-.+\\}$`), `${name}: overridable, non-empty`);
    assert.ok(readme.includes(name), `README does not explain ${name}`);
  }
});

test('templates the contact points use are provisioned', () => {
  const defined = new Set(
    templates.flatMap((entry) => Array.from(entry.template.matchAll(/define "([^"]+)"/g), (m) => m[1]))
  );
  const used = contactPoints.flatMap((point) =>
    point.receivers.flatMap((receiver) =>
      Object.values(receiver.settings).flatMap((value) =>
        Array.from(String(value).matchAll(/template "([^"]+)"/g), (m) => m[1]!)
      )
    )
  );
  assert.ok(used.length > 0);
  for (const name of used) {
    assert.ok(defined.has(name), `template ${name} is not defined`);
  }
});

/** The receivers (with their group_wait) an alert with these labels reaches, as Grafana's Alertmanager routes. */
function routeAlert(node: Route, labels: Record<string, string>, inherited: { receiver?: string; wait?: string } = {}) {
  const here = { receiver: node.receiver ?? inherited.receiver, wait: node.group_wait ?? inherited.wait };
  const reached: Array<{ receiver: string; wait: string }> = [];
  for (const child of node.routes ?? []) {
    if (routeMatchers(child).every(([label, op, value]) => matches(labels[label] ?? '', op, value))) {
      reached.push(...routeAlert(child, labels, here));
      if (!child.continue) {
        break;
      }
    }
  }
  return reached.length > 0 ? reached : [{ receiver: here.receiver!, wait: here.wait ?? '30s' }];
}
function routeMatchers(route: Route): Array<[string, string, string]> {
  const parsed = (route.matchers ?? []).map((text) => {
    const match = /^\s*(\w+)\s*(=~|!~|!=|=)\s*"?([^"]*)"?\s*$/.exec(text);
    assert.ok(match, `matcher ${text}`);
    return [match[1]!, match[2]!, match[3]!] as [string, string, string];
  });
  return [...(route.object_matchers ?? []), ...parsed];
}
function matches(actual: string, op: string, value: string): boolean {
  const regex = () => new RegExp(`^(?:${value})$`).test(actual);
  return op === '=' ? actual === value : op === '!=' ? actual !== value : op === '=~' ? regex() : !regex();
}

test('the notification policy: receivers exist, routed labels are set by rules, critical pages fast', () => {
  const [policy] = policies as [Route];
  const receivers = new Set(contactPoints.map((point) => point.name));
  const ruleLabels = grafanaRules.map((rule) => rule.labels ?? {});
  const visit = (route: Route, depth: number) => {
    for (const key of Object.keys(route)) {
      assert.ok(ROUTE_KEYS.has(key), `policy: unknown key ${key}`);
    }
    if (depth === 0 || route.receiver) {
      assert.ok(receivers.has(route.receiver ?? ''), `policy receiver ${route.receiver} is not a contact point`);
    }
    for (const timing of [route.group_wait, route.group_interval, route.repeat_interval]) {
      if (timing !== undefined) {
        durationSeconds(timing);
      }
    }
    for (const [label, op, value] of routeMatchers(route)) {
      assert.ok(
        ruleLabels.some((labels) => matches(labels[label] ?? '', op, value) && label in labels),
        `the policy routes on ${label} ${op} ${value}, which no rule sets`
      );
    }
    route.routes?.forEach((child) => visit(child, depth + 1));
  };
  visit(policy, 0);
  const pagerduty = contactPoints.find((point) => point.receivers.some((r) => r.type === 'pagerduty'))!.name;
  const slack = contactPoints.find((point) => point.receivers.some((r) => r.type === 'slack'))!.name;
  const critical = routeAlert(policy, { severity: 'critical', alertname: 'Service down' });
  assert.deepEqual(critical.map((entry) => entry.receiver).sort(), [pagerduty, slack].sort());
  for (const entry of critical) {
    assert.ok(durationSeconds(entry.wait) <= 10, `critical waits ${entry.wait} at ${entry.receiver}`);
  }
  assert.deepEqual(
    routeAlert(policy, { severity: 'warning' }).map((entry) => entry.receiver),
    [slack]
  );
});

// ---------------------------------------------------------------------------------------------------------------
// Metrics, labels and thresholds: both rule sets

test('every metric and label the Grafana rules query is defined in the contract', () => {
  for (const rule of grafanaRules) {
    for (const query of rule.data.filter((entry) => entry.datasourceUid !== '__expr__')) {
      checkPromql(`${rule.uid}/${query.refId}`, String(query.model.expr), rule.annotations);
    }
  }
});

test('every metric and label the Prometheus rules use is defined in the contract', () => {
  for (const rule of prometheusRules) {
    checkPromql(rule.alert ?? rule.record!, rule.expr, rule.annotations, Boolean(rule.record));
    if (rule.alert) {
      durationSeconds(rule.for ?? '0');
      const severity = rule.labels?.severity ?? (rule.expr.includes('group_left (severity)') ? 'from thresholds' : '');
      assert.ok(severity, `${rule.alert}: a severity label (static or from the threshold series)`);
      assert.ok(rule.annotations?.summary && rule.annotations.description && rule.annotations.runbook_url);
    }
  }
  for (const record of recordingRules) {
    assert.match(record.record!, /^sysmon:threshold:\w+$/, 'recording rules hold thresholds only');
    assert.match(record.expr, /^vector\([\d.]+\)$/);
    assert.ok(['critical', 'warning', undefined].includes(record.labels?.severity));
  }
});

/** Prometheus threshold series: `sysmon:threshold:<name>` -> tier ('' when untiered) -> value and severity. */
function prometheusThresholds(): Map<string, Map<string, { value: number; severity?: string }>> {
  const thresholds = new Map<string, Map<string, { value: number; severity?: string }>>();
  for (const rule of recordingRules) {
    const name = rule.record!.replace('sysmon:threshold:', '');
    const byTier = thresholds.get(name) ?? new Map();
    byTier.set(rule.labels?.tier ?? '', {
      value: Number(/vector\(([\d.]+)\)/.exec(rule.expr)![1]),
      severity: rule.labels?.severity,
    });
    thresholds.set(name, byTier);
  }
  return thresholds;
}

/** Each Grafana rule's Prometheus twin, and the threshold series its C expression must equal. */
const TWINS: Array<{ uid: RegExp; alert: string; threshold?: string }> = [
  { uid: /^sysmon-service-down$/, alert: 'SysmonServiceDown' },
  { uid: /^sysmon-service-degraded$/, alert: 'SysmonServiceDegraded' },
  { uid: /^sysmon-service-unknown$/, alert: 'SysmonServiceUnknown' },
  { uid: /^sysmon-queue-wait-(\w+)$/, alert: 'SysmonQueueWaitHigh', threshold: 'queue_oldest_wait_seconds' },
  { uid: /^sysmon-queue-depth-(\w+)$/, alert: 'SysmonQueueDepthHigh', threshold: 'queue_depth' },
  { uid: /^sysmon-queue-failure-rate-(\w+)$/, alert: 'SysmonQueueFailureRateHigh', threshold: 'queue_failure_ratio' },
  { uid: /^sysmon-queues-unreadable$/, alert: 'SysmonQueuesUnreadable' },
  { uid: /^sysmon-queue-metrics-missing$/, alert: 'SysmonQueueMetricsMissing' },
  { uid: /^sysmon-drift-present$/, alert: 'SysmonDriftPresent' },
  { uid: /^sysmon-ip-blocklisted$/, alert: 'SysmonIpBlocklisted' },
  { uid: /^sysmon-error-log-burst$/, alert: 'SysmonErrorLogBurst', threshold: 'error_log_lines_per_minute' },
];

test('Grafana and Prometheus rules are the same alerts: thresholds, for and severity agree', () => {
  const thresholds = prometheusThresholds();
  const covered = new Set<string>();
  for (const rule of grafanaRules) {
    const twin = TWINS.find((entry) => entry.uid.test(rule.uid));
    assert.ok(twin, `${rule.uid} has no Prometheus twin listed`);
    const alert = prometheusAlerts.find((entry) => entry.alert === twin.alert);
    assert.ok(alert, `prometheus/rules.yml has no ${twin.alert}`);
    covered.add(twin.alert);
    assert.equal(durationSeconds(rule.for ?? '0'), durationSeconds(alert.for ?? '0'), `${rule.uid}: for`);
    const tier = twin.uid.exec(rule.uid)![1] ?? '';
    const threshold = rule.data.find((query) => query.model.type === 'threshold')!;
    const grafanaValue = (threshold.model.conditions as Array<{ evaluator: { params: number[] } }>)[0]!.evaluator
      .params[0];
    let severity = alert.labels?.severity;
    if (twin.threshold) {
      const expected = thresholds.get(twin.threshold)?.get(tier);
      assert.ok(expected, `no sysmon:threshold:${twin.threshold}${tier ? ` for tier ${tier}` : ''}`);
      assert.equal(grafanaValue, expected.value, `${rule.uid}: threshold differs from prometheus/rules.yml`);
      severity ??= expected.severity;
    }
    if (tier) {
      const expr = String(rule.data.find((query) => query.datasourceUid !== '__expr__')!.model.expr);
      assert.ok(expr.includes(`tier="${tier}"`), `${rule.uid}: queries tier ${tier} only`);
    }
    if (twin.alert === 'SysmonQueueFailureRateHigh') {
      const expr = String(rule.data[0]!.model.expr);
      const minimum = thresholds.get('queue_failed_jobs_min')!.get('')!.value;
      assert.match(expr, new RegExp(`>= ${minimum}$`), `${rule.uid}: at least ${minimum} failed jobs`);
    }
    assert.equal(rule.labels?.severity, severity, `${rule.uid}: severity`);
  }
  for (const alert of prometheusAlerts) {
    assert.ok(covered.has(alert.alert!), `${alert.alert} has no Grafana-managed twin`);
  }
  // Every tier has every queue threshold.
  for (const name of ['queue_oldest_wait_seconds', 'queue_depth', 'queue_failure_ratio']) {
    assert.deepEqual([...thresholds.get(name)!.keys()].sort(), ['high', 'low', 'normal']);
  }
});

// ---------------------------------------------------------------------------------------------------------------
// Links into the app

/** Checks that `link` (app-relative) is a page of the app, built the way the app builds it. */
function checkAppLink(where: string, link: string): void {
  const url = new URL(link, 'https://grafana.example');
  const relative = `${url.pathname}${url.search}`;
  assert.ok(url.pathname.startsWith(`${PLUGIN_BASE_URL}/`), `${where}: ${link} is not an app page`);
  const page = url.pathname.slice(PLUGIN_BASE_URL.length + 1);
  const queue = /^queues\/([^/]+)$/.exec(page);
  if (queue) {
    const state = url.searchParams.get('state') ?? undefined;
    assert.equal(relative, queuePageUrl(decodeURIComponent(queue[1]!), { state }), where);
  } else if (page === ROUTES.Infrastructure) {
    assert.equal(relative, infrastructurePageUrl(url.searchParams.get('service')), where);
  } else if (page === ROUTES.Logs) {
    const view = parseLogsView(url.searchParams);
    assert.equal(view.services.length, 1, `${where}: one service`);
    assert.deepEqual(view.levels, [...FINDING_LOG_LEVELS], `${where}: the findings' levels`);
    assert.match(view.from, /^(-?\d+|now-\d+[smhd])$/, `${where}: from`);
    assert.equal(view.to, 'now');
  } else {
    assert.ok([ROUTES.Home, ROUTES.Queues].includes(page as ROUTES), `${where}: ${page} is not a route`);
    assert.equal(url.search, '');
  }
}

test('Prometheus rule links, as promtool renders them in rules.test.yml, open the right app pages', () => {
  const unitTests = readYaml('prometheus/rules.test.yml').tests as Array<{
    alert_rule_test?: Array<{ exp_alerts?: Array<{ exp_annotations?: Record<string, string> }> }>;
  }>;
  const rendered = unitTests.flatMap((entry) =>
    (entry.alert_rule_test ?? []).flatMap((check) => (check.exp_alerts ?? []).map((alert) => alert.exp_annotations!))
  );
  const alertsWithLinks = new Set<string>();
  for (const annotations of rendered) {
    checkAppLink('runbook_url', annotations.runbook_url!);
    const inDescription = Array.from(annotations.description!.matchAll(/(\/a\/penguinmails-sysmon-app\/\S+)/g));
    assert.ok(inDescription.length > 0, `no link in ${annotations.description}`);
    inDescription.forEach((match) => checkAppLink('description', match[1]!));
    alertsWithLinks.add(annotations.summary!);
  }
  // One rendered example per alert at least.
  assert.ok(rendered.length >= prometheusAlerts.length, `${rendered.length} rendered alerts`);
  const logs = rendered.find((annotations) => annotations.runbook_url!.includes('/logs?'))!;
  const view = parseLogsView(new URL(logs.runbook_url!, 'https://g.example').searchParams);
  assert.deepEqual(view.services, ['smtp-sink'], 'the error burst links its own log service');
  assert.match(view.from, /^-?\d+$/, 'from: epoch ms, 5 minutes before the burst');
});

test('Grafana rule links open the right app pages from Grafana’s external URL', () => {
  const samples: Record<string, string> = { queue: 'email-sending', service: 'smtp-sink', kind: 'ledger_without_job' };
  const goUrlQuery = (value: string) => new URLSearchParams({ v: value }).toString().slice(2);
  for (const rule of grafanaRules) {
    for (const [name, text] of Object.entries(rule.annotations ?? {})) {
      const rendered = text
        .replaceAll('{{ reReplaceAll "/$" "" externalURL }}', 'https://grafana.example')
        .replace(/\{\{ urlquery \$labels\.(\w+) \}\}/g, (_all, label: string) => goUrlQuery(samples[label]!));
      const links = Array.from(rendered.matchAll(/(https:\/\/grafana\.example\S*)/g), (match) => match[1]!);
      if (name === 'runbook_url') {
        assert.equal(links.length, 1, `${rule.uid}: runbook_url is one absolute link`);
        assert.equal(links[0], rendered);
      }
      if (name === 'description') {
        assert.ok(links.length > 0, `${rule.uid}: the description links to the app`);
      }
      for (const link of links) {
        assert.ok(!link.includes('{{'), `${rule.uid}: ${link} keeps a template`);
        checkAppLink(rule.uid, link.replace('https://grafana.example', ''));
      }
    }
  }
});

// ---------------------------------------------------------------------------------------------------------------
// Prometheus' and Alertmanager's own checks

const INSTALL_HINT =
  'is not installed: the alerting checks use Prometheus and Alertmanager (Debian packages). Install them with ' +
  '`DEBIAN_FRONTEND=noninteractive apt-get install -y prometheus prometheus-alertmanager` (.ci/run does).';

function run(tool: string, args: string[]): string {
  const result = spawnSync(tool, args, { cwd: root, encoding: 'utf8', timeout: 60_000 });
  if (result.error && (result.error as NodeJS.ErrnoException).code === 'ENOENT') {
    assert.fail(`${tool} ${INSTALL_HINT}`);
  }
  const output = `${result.stdout}${result.stderr}`;
  assert.equal(result.status, 0, `${tool} ${args.join(' ')} failed:\n${output}`);
  return output;
}

test('promtool check rules prometheus/rules.yml', () => {
  assert.match(run('promtool', ['check', 'rules', 'prometheus/rules.yml']), /SUCCESS/);
});

test('promtool test rules: every alert fires and stays quiet where it should (prometheus/rules.test.yml)', () => {
  assert.match(run('promtool', ['test', 'rules', 'prometheus/rules.test.yml']), /SUCCESS/);
  const tested = read('prometheus/rules.test.yml');
  for (const alert of prometheusAlerts) {
    assert.match(tested, new RegExp(`alertname: ${alert.alert}\\b`), `${alert.alert} has no unit test`);
  }
});

test('amtool check-config deploy/alertmanager.yml, and its routes: critical to PagerDuty and Slack', () => {
  assert.match(run('amtool', ['check-config', 'deploy/alertmanager.yml']), /SUCCESS/);
  const routes = (labels: string[]) =>
    run('amtool', ['config', 'routes', 'test', '--config.file=deploy/alertmanager.yml', ...labels])
      .split('\n')
      .filter((line) => line && !line.startsWith('Warning'))
      .join('');
  assert.equal(routes(['severity=critical', 'alertname=SysmonServiceDown']), 'pagerduty,slack');
  assert.equal(routes(['severity=warning', 'alertname=SysmonServiceDegraded']), 'slack');
  const config = readYaml('deploy/alertmanager.yml');
  const critical = (config.route.routes as Route[]).filter((route) => route.matchers?.includes('severity="critical"'));
  assert.ok(
    critical.every((route) => durationSeconds(route.group_wait) <= 10),
    'critical: a short group_wait'
  );
  // Secrets are read from files (Alertmanager does not expand environment variables).
  assert.ok(
    config.receivers.some(
      (r: { slack_configs?: Array<{ api_url_file?: string }> }) => r.slack_configs?.[0]?.api_url_file
    )
  );
  assert.ok(
    config.receivers.some(
      (r: { pagerduty_configs?: Array<{ routing_key_file?: string }> }) => r.pagerduty_configs?.[0]?.routing_key_file
    )
  );
});

test('compose: Prometheus loads the rules and links to Grafana; Grafana gets the alerting provisioning', () => {
  const volumes: string[] = compose.services.prometheus.volumes;
  const configMount = volumes.find((volume) => volume.startsWith('./deploy/prometheus.yml:'))!.split(':')[1]!;
  for (const ruleFile of prometheusConfig.rule_files as string[]) {
    const inContainer = path.posix.resolve(path.posix.dirname(configMount), ruleFile);
    assert.ok(volumes.includes(`./prometheus/rules.yml:${inContainer}:ro`), `${inContainer} is mounted`);
  }
  assert.ok(durationSeconds(prometheusConfig.global.evaluation_interval) <= 15, 'rules evaluated often');
  const grafanaUrl: string = prometheusConfig.global.external_labels.grafana_url;
  assert.match(grafanaUrl, /^https?:\/\/[^/]+(\/.*[^/])?$/, 'grafana_url without a trailing slash');
  assert.ok(compose.services.grafana.ports.some((port: string) => grafanaUrl.endsWith(`:${port.split(':')[0]}`)));
  assert.ok(
    compose.services.grafana.volumes.includes('./provisioning:/etc/grafana/provisioning:ro'),
    'provisioning/alerting reaches Grafana'
  );
  assert.ok(prometheusConfig.scrape_configs.some((job: { scrape_interval?: string }) => job.scrape_interval === '5s'));
});
