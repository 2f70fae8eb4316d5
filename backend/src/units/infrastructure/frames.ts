// Frames of the infrastructure query types, from the contract's definitions.
import {
  FINDINGS_FRAME,
  IP_REPUTATION_FRAME,
  SERVICE_METRIC_FIELDS,
  SERVICE_METRICS_FRAME,
  SERVICE_STATE_CODES,
  SERVICE_STATE_LABELS,
  SERVICES_FRAME,
  type Finding,
  type ReputationEntry,
  type ServiceHistoryResponse,
  type ServiceMetricField,
  type ServiceStatusView,
  type ServiceTransition,
} from '@penguinmails/sysmon-contract';
import type { EventRow } from '../../query/dispatch.ts';
import { buildFrame, fieldConfig, frameFrom, type DataFrameJSON } from '../../query/frames.ts';

export function servicesFrame(services: readonly ServiceStatusView[], refId?: string): DataFrameJSON {
  return frameFrom(
    SERVICES_FRAME,
    services.map((view) => ({
      service: view.service,
      label: view.label,
      kind: view.kind,
      state: view.state,
      stateCode: SERVICE_STATE_CODES[view.state],
      since: view.since,
      latencyMs: view.lastCheck?.latencyMs ?? null,
      cause: view.cause,
      uptime24h: view.uptime.h24,
      uptime7d: view.uptime.d7,
      uptime30d: view.uptime.d30,
      checkedAt: view.lastCheck?.checkedAt ?? null,
    })),
    { refId, meta: { preferredVisualisationType: 'table' } }
  );
}

export function findingsFrame(findings: readonly Finding[], refId?: string): DataFrameJSON {
  return frameFrom(
    FINDINGS_FRAME,
    findings.map((finding) => ({
      severity: finding.severity,
      service: finding.service,
      title: finding.title,
      cause: finding.cause,
      firstSeen: finding.firstSeen,
      lastSeen: finding.lastSeen,
      logService: finding.logs?.service ?? '',
      logsFrom: finding.logs?.from ?? null,
    })),
    { refId, meta: { preferredVisualisationType: 'table' } }
  );
}

export function reputationFrame(entries: readonly ReputationEntry[], refId?: string): DataFrameJSON {
  return frameFrom(
    IP_REPUTATION_FRAME,
    entries.map((entry) => ({
      ip: entry.ip,
      zone: entry.zone,
      list: entry.zoneLabel,
      listKind: entry.zoneKind,
      state: entry.state,
      listed: entry.state === 'listed' ? 1 : entry.state === 'clean' ? 0 : null,
      meaning: entry.meanings.join('; '),
      reason: entry.state === 'unknown' ? (entry.error ?? '') : (entry.reason ?? ''),
      since: entry.since,
      checkedAt: entry.checkedAt,
      delistUrl: entry.delistUrl ?? '',
    })),
    { refId, meta: { preferredVisualisationType: 'table' } }
  );
}

/**
 * One time series per service (Grafana's "multi" shape), named after the service, with the unit and description of
 * the services field it charts.
 */
export function serviceMetricFrames(
  series: ServiceHistoryResponse['series'],
  field: ServiceMetricField,
  labels: ReadonlyMap<string, string>
): DataFrameJSON[] {
  const unit = SERVICE_METRIC_FIELDS.find((candidate) => candidate.value === field)?.unit;
  const charted = Object.values(SERVICES_FRAME.fields).find((candidate) => candidate.name === field);
  const { time, value } = SERVICE_METRICS_FRAME.fields;
  const valueAt = field === 'latency_ms' ? 1 : 2;
  return series.map((entry) => {
    const name = labels.get(entry.service) ?? entry.service;
    return buildFrame({
      name,
      meta: { type: SERVICE_METRICS_FRAME.type, typeVersion: SERVICE_METRICS_FRAME.typeVersion },
      fields: [
        { name: time.name, type: time.type, ...fieldConfig(time), values: entry.points.map((point) => point[0]) },
        {
          name,
          type: value.type,
          labels: { service: entry.service },
          ...fieldConfig({ unit, description: (charted ?? value).description }),
          values: entry.points.map((point) => point[valueAt]),
        },
      ],
    });
  });
}

/** A state change as an annotation: "SMTP: Operational → Degraded", the cause as text. */
export function serviceStateEvent(transition: ServiceTransition, labels: ReadonlyMap<string, string>): EventRow {
  return {
    time: transition.at,
    title: `${labels.get(transition.service) ?? transition.service}: ${SERVICE_STATE_LABELS[transition.from]} → ${SERVICE_STATE_LABELS[transition.to]}`,
    text: transition.cause,
    tags: ['service-state', transition.service, transition.to],
  };
}
