// Alerting end to end, with nothing simulated between the SMTP server and the pager: the real service (all units)
// probes the demo's SMTP sink every 2 s; a real Prometheus scrapes its /metrics every 5 s with the metrics token and
// evaluates prometheus/rules.yml (unchanged) every 5 s; a real Alertmanager runs deploy/alertmanager.yml with only its
// endpoints and secret files replaced, so its own Slack and PagerDuty integrations post to a local HTTP receiver the
// very payloads Slack (message attachments) and PagerDuty (Events API v2) would get. The SMTP sink goes down: the
// critical SysmonServiceDown must reach both receivers (goal < 60 s; asserted < 90 s on a shared machine); it comes
// back: both get the resolution. The measured latencies are printed (BENCHMARKS.md "Alert latency").
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { parse as parseYaml } from 'yaml';
import { DemoLogger, MemorySink } from '../src/demo/logging.ts';
import { SmtpSink } from '../src/demo/smtpSink.ts';
import { startServer, type RunningServer } from '../src/server.ts';
import { dropSchema, randomPrefix, randomSchema, testConfig, TOKENS, waitFor } from './helpers.ts';
import { startAlertmanager, startPrometheus, type RunningBinary } from './support/prometheus.ts';

const repo = path.resolve(import.meta.dirname, '../..');
const readYaml = (file: string) => parseYaml(readFileSync(path.join(repo, file), 'utf8'));

/**
 * Probe every 2 s (ALERTING_E2E_PROBE_INTERVAL_MS=15000 measures the probes' default interval instead); the status
 * engine's hysteresis as shipped (down after 3 failed checks, back after 2).
 */
const PROBE_INTERVAL_MS = Number(process.env.ALERTING_E2E_PROBE_INTERVAL_MS ?? 2_000);
const GRAFANA_URL = 'http://grafana.test:3000';
const ROUTING_KEY = 'e2e0routing0key0000000000000000a';
const FIRE_GOAL_MS = 60_000;
const FIRE_BOUND_MS = 90_000;

interface Received {
  at: number;
  kind: 'slack' | 'pagerduty';
  body: Record<string, unknown>;
}
interface SlackMessage {
  channel?: string;
  attachments: Array<{ title: string; title_link?: string; text: string; color?: string }>;
}
interface PagerDutyEvent {
  routing_key: string;
  event_action: 'trigger' | 'acknowledge' | 'resolve';
  dedup_key: string;
  payload?: { summary: string; severity: string; source: string; class?: string; component?: string };
  client?: string;
  client_url?: string;
  links?: Array<{ href: string; text: string }>;
}

describe('alerting end to end (service, Prometheus, Alertmanager, Slack and PagerDuty receivers)', () => {
  const schema = randomSchema();
  const received: Received[] = [];
  const smtpLogs = new MemorySink();
  let receiver: Server;
  let sink: SmtpSink;
  let service: RunningServer | undefined;
  let prometheus: RunningBinary | undefined;
  let alertmanager: RunningBinary | undefined;
  let firedAt = 0;

  const slackMessages = () =>
    received
      .filter((entry) => entry.kind === 'slack')
      .map((entry) => ({ ...entry, body: entry.body as unknown as SlackMessage }));
  const pagerDutyEvents = () =>
    received
      .filter((entry) => entry.kind === 'pagerduty')
      .map((entry) => ({ ...entry, body: entry.body as unknown as PagerDutyEvent }));
  const isServiceDown = (message: SlackMessage) => message.attachments[0]!.title.includes('SysmonServiceDown');

  /** What each part holds, for a failure message. */
  async function diagnostics(): Promise<string> {
    const get = async (url: string) => {
      try {
        return JSON.stringify(await (await fetch(url)).json()).slice(0, 3_000);
      } catch (error) {
        return String(error);
      }
    };
    return [
      `received: ${JSON.stringify(received).slice(0, 3_000)}`,
      prometheus && `prometheus alerts: ${await get(`${prometheus.url}/api/v1/alerts`)}`,
      prometheus && `prometheus targets: ${await get(`${prometheus.url}/api/v1/targets?state=active`)}`,
      alertmanager && `alertmanager alerts: ${await get(`${alertmanager.url}/api/v2/alerts`)}`,
      prometheus && `prometheus log:\n${prometheus.logTail()}`,
      alertmanager && `alertmanager log:\n${alertmanager.logTail()}`,
    ]
      .filter(Boolean)
      .join('\n');
  }

  async function waitWithDiagnostics<T>(what: string, probe: () => Promise<T | undefined | false>, timeoutMs: number) {
    try {
      return await waitFor(what, probe, timeoutMs);
    } catch (error) {
      throw new Error(`${(error as Error).message}\n${await diagnostics()}`);
    }
  }

  async function promQuery(expr: string): Promise<Array<{ metric: Record<string, string>; value: [number, string] }>> {
    const response = await fetch(`${prometheus!.url}/api/v1/query?query=${encodeURIComponent(expr)}`);
    const body = (await response.json()) as {
      data: { result: Array<{ metric: Record<string, string>; value: [number, string] }> };
    };
    return body.data.result;
  }

  before(async () => {
    // The Slack and PagerDuty endpoints: record every POST and answer as those services do.
    receiver = createServer((request, response) => {
      const chunks: Buffer[] = [];
      request.on('data', (chunk: Buffer) => chunks.push(chunk));
      request.on('end', () => {
        const at = Date.now();
        const kind = request.url?.startsWith('/pagerduty') ? 'pagerduty' : 'slack';
        try {
          received.push({ at, kind, body: JSON.parse(Buffer.concat(chunks).toString('utf8')) });
        } catch {
          received.push({ at, kind, body: { unparsable: Buffer.concat(chunks).toString('utf8') } });
        }
        if (kind === 'pagerduty') {
          response.writeHead(202, { 'content-type': 'application/json' });
          response.end(JSON.stringify({ status: 'success', message: 'Event processed' }));
        } else {
          response.writeHead(200, { 'content-type': 'text/plain' });
          response.end('ok');
        }
      });
    });
    await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
    const receiverUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}`;

    // The demo's SMTP server, switchable to down (listening socket closed: connections refused).
    sink = new SmtpSink({
      host: '127.0.0.1',
      port: 0,
      mode: 'normal',
      slowBannerMs: 1_000,
      refuseCode: 421,
      tempFailRate: 0,
      logger: new DemoLogger(smtpLogs, 'smtp-sink'),
    });
    const smtpPort = await sink.start();

    // The service, every unit, probing the sink; its own queue prefix (no queues) and schema.
    const extra = `  prefixes: [${randomPrefix('alert')}]
probes:
  - { name: smtp, label: SMTP, kind: smtp, host: 127.0.0.1, port: ${smtpPort}, starttls: off, intervalMs: ${PROBE_INTERVAL_MS}, timeoutMs: 1500, logService: smtp-sink }
status: { downAfter: 3, degradeAfter: 2, recoverAfter: 2, unknownAfter: 2 }
`;
    service = await startServer(testConfig(schema, {}, extra), { migrate: true });
    const target = new URL(service.url).host;

    // Alertmanager: deploy/alertmanager.yml as shipped, but for where it posts and the secret files it reads.
    const amConfig = readYaml('deploy/alertmanager.yml');
    alertmanager = await startAlertmanager(
      (dir) => {
        amConfig.global.pagerduty_url = `${receiverUrl}/pagerduty`;
        for (const entry of amConfig.receivers as Array<Record<string, Array<Record<string, unknown>>>>) {
          for (const slack of entry.slack_configs ?? []) {
            assert.ok(slack.api_url_file, 'the example reads the Slack webhook URL from a file');
            slack.api_url_file = path.join(dir, 'slack_webhook_url');
          }
          for (const pagerduty of entry.pagerduty_configs ?? []) {
            assert.ok(pagerduty.routing_key_file, 'the example reads the PagerDuty routing key from a file');
            pagerduty.routing_key_file = path.join(dir, 'pagerduty_routing_key');
          }
        }
        return amConfig;
      },
      { slack_webhook_url: `${receiverUrl}/slack/services/T000/B000/XXXX`, pagerduty_routing_key: ROUTING_KEY }
    );

    // Prometheus: deploy/prometheus.yml's global settings and rule files (prometheus/rules.yml, unchanged), scraping
    // the test's service with the metrics token and sending to the test's Alertmanager.
    const deployed = readYaml('deploy/prometheus.yml');
    assert.deepEqual(deployed.rule_files, ['rules.yml'], 'compose mounts prometheus/rules.yml beside the config');
    prometheus = await startPrometheus(
      {
        global: {
          ...deployed.global,
          scrape_interval: '5s',
          evaluation_interval: '5s',
          external_labels: { grafana_url: GRAFANA_URL },
        },
        rule_files: [path.join(repo, 'prometheus/rules.yml')],
        alerting: {
          alertmanagers: [{ static_configs: [{ targets: [new URL(alertmanager.url).host] }] }],
        },
        scrape_configs: [
          {
            job_name: 'sysmon',
            scrape_interval: '5s',
            authorization: { type: 'Bearer', credentials_file: 'metrics_token' },
            static_configs: [{ targets: [target] }],
          },
        ],
      },
      { metrics_token: TOKENS.metrics }
    );
  });

  after(async () => {
    await Promise.allSettled([prometheus?.stop(), alertmanager?.stop()]);
    await service?.close();
    await sink?.stop();
    receiver?.closeAllConnections();
    await new Promise<void>((resolve) => (receiver ? receiver.close(() => resolve()) : resolve()));
    await dropSchema(schema);
  });

  it(
    'Prometheus scrapes the service with the token, loads the rules, and sees SMTP operational',
    { timeout: 90_000 },
    async () => {
      await waitWithDiagnostics(
        'the rules loaded',
        async () => {
          const response = await fetch(`${prometheus!.url}/api/v1/rules`);
          const body = (await response.json()) as { data: { groups: Array<{ rules: Array<{ name: string }> }> } };
          return body.data.groups.some((group) => group.rules.some((rule) => rule.name === 'SysmonServiceDown'));
        },
        20_000
      );
      const operational = await waitWithDiagnostics(
        'sysmon_service_status{service="smtp"} == 0 in Prometheus',
        async () => {
          const result = await promQuery('sysmon_service_status{service="smtp"}');
          return result.length === 1 && result[0]!.value[1] === '0' ? result : undefined;
        },
        45_000
      );
      assert.equal(operational[0]!.metric.job, 'sysmon');
      assert.equal((await promQuery('up{job="sysmon"}'))[0]?.value[1], '1', 'scraped with the metrics token');
      assert.equal(received.length, 0, `nothing notified yet: ${JSON.stringify(received)}`);
    }
  );

  it(
    'the SMTP server goes down: the critical alert reaches Slack and PagerDuty within a minute',
    { timeout: 300_000 },
    async () => {
      firedAt = Date.now();
      await sink.setMode('down');
      const slack = await waitWithDiagnostics(
        'the Slack message',
        async () =>
          slackMessages().find(
            (entry) => isServiceDown(entry.body) && entry.body.attachments[0]!.title.includes('FIRING')
          ),
        FIRE_BOUND_MS + 30_000
      );
      const page = await waitWithDiagnostics(
        'the PagerDuty trigger',
        async () => pagerDutyEvents().find((entry) => entry.body.event_action === 'trigger'),
        FIRE_BOUND_MS + 30_000
      );
      const slackMs = slack.at - firedAt;
      const pageMs = page.at - firedAt;
      console.log(
        `alert latency (SMTP down -> notification): Slack ${(slackMs / 1000).toFixed(1)} s, PagerDuty ${(pageMs / 1000).toFixed(1)} s ` +
          `(probe every ${PROBE_INTERVAL_MS / 1000} s, down after 3 failed checks; scrape and evaluation every 5 s; ` +
          `group_wait 5 s; goal < ${FIRE_GOAL_MS / 1000} s)`
      );
      assert.ok(slackMs < FIRE_BOUND_MS, `Slack after ${slackMs} ms`);
      assert.ok(pageMs < FIRE_BOUND_MS, `PagerDuty after ${pageMs} ms`);

      // Slack: the message Alertmanager's Slack integration posts, from our template.
      const attachment = slack.body.attachments[0]!;
      assert.equal(slack.body.channel, '#penguinmails-alerts');
      assert.equal(attachment.title, '[FIRING:1] SysmonServiceDown (critical)');
      assert.equal(attachment.color, 'danger');
      const infrastructureCard = `${GRAFANA_URL}/a/penguinmails-sysmon-app/infrastructure?service=smtp`;
      assert.equal(attachment.title_link, infrastructureCard);
      assert.match(attachment.text, /^\*Service smtp is down\*\n/);
      assert.ok(attachment.text.includes(infrastructureCard), attachment.text);

      // PagerDuty: an Events API v2 trigger with our routing key, severity and a link to the card.
      const event = page.body;
      assert.equal(event.routing_key, ROUTING_KEY);
      assert.equal(event.event_action, 'trigger');
      assert.ok(event.dedup_key, 'a dedup_key, so the resolve closes the same incident');
      assert.equal(event.payload?.severity, 'critical');
      assert.equal(event.payload?.summary, 'Service smtp is down');
      assert.equal(event.payload?.class, 'SysmonServiceDown');
      assert.equal(event.payload?.component, 'smtp');
      assert.equal(event.client, 'PenguinMails System Monitoring');
      assert.deepEqual(event.links, [{ href: infrastructureCard, text: 'Open in PenguinMails System Monitoring' }]);
      // Only the critical alert pages.
      for (const entry of pagerDutyEvents()) {
        assert.equal(entry.body.payload?.class ?? 'SysmonServiceDown', 'SysmonServiceDown');
      }
    }
  );

  it('the SMTP server comes back: both receivers get the resolution', { timeout: 330_000 }, async () => {
    assert.ok(firedAt > 0, 'the alert fired first');
    const restoredAt = Date.now();
    await sink.setMode('normal');
    const trigger = pagerDutyEvents().find((entry) => entry.body.event_action === 'trigger')!;
    // When Prometheus sees the service up again (the alert leaves its list and is sent resolved to Alertmanager).
    const inactive = waitWithDiagnostics(
      'SysmonServiceDown no longer active in Prometheus',
      async () => {
        const response = await fetch(`${prometheus!.url}/api/v1/alerts`);
        const body = (await response.json()) as { data: { alerts: Array<{ labels: Record<string, string> }> } };
        return body.data.alerts.every((alert) => alert.labels.alertname !== 'SysmonServiceDown') ? Date.now() : 0;
      },
      60_000
    );
    // Resolutions go out at the group's next group_interval (1 m for critical), so up to a minute more.
    const resolve = await waitWithDiagnostics(
      'the PagerDuty resolve',
      async () => pagerDutyEvents().find((entry) => entry.body.event_action === 'resolve'),
      150_000
    );
    const slack = await waitWithDiagnostics(
      'the Slack resolved message',
      async () =>
        slackMessages().find(
          (entry) => isServiceDown(entry.body) && entry.body.attachments[0]!.title.startsWith('[RESOLVED]')
        ),
      150_000
    );
    const inactiveAt = await inactive;
    console.log(
      `resolve latency (SMTP back -> notification): Slack ${((slack.at - restoredAt) / 1000).toFixed(1)} s, ` +
        `PagerDuty ${((resolve.at - restoredAt) / 1000).toFixed(1)} s; resolved in Prometheus after ` +
        `${((inactiveAt - restoredAt) / 1000).toFixed(1)} s (recover after 2 clean checks), then sent at the ` +
        `group's next group_interval (1 m after the firing notification)`
    );
    assert.equal(resolve.body.routing_key, ROUTING_KEY);
    assert.equal(resolve.body.dedup_key, trigger.body.dedup_key, 'resolves the incident it opened');
    assert.equal(slack.body.attachments[0]!.title, '[RESOLVED] SysmonServiceDown (critical)');
    assert.equal(slack.body.attachments[0]!.color, 'good');
    assert.match(slack.body.attachments[0]!.text, /^\*Resolved: Service smtp is down\*/);
  });
});
