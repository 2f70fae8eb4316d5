// Prometheus counters of ingest, built from their contract definitions (METRICS.logLinesIngested, logLinesRejected,
// logLinesTruncated) with registers: [] — the logs unit returns them and server.ts registers them on /metrics.
// Label values are bounded: levels are the fixed LOG_LEVELS, reject reasons the fixed codes,
// and services the first MAX_SERVICE_LABELS seen (any later one counts as "other").
import type { LogLevel } from '@penguinmails/sysmon-contract';
import type { Metric } from 'prom-client';
import { counterOf } from '../../metrics/definitions.ts';
import type { ParsedBatch, RejectCode } from './batch.ts';

export const MAX_SERVICE_LABELS = 200;
export const OTHER_SERVICE = 'other';

export interface IngestMetrics {
  /** Counts a committed batch. */
  record(format: IngestFormat, batch: ParsedBatch): void;
  metrics: Metric[];
}

export type IngestFormat = 'ndjson' | 'loki' | 'otlp';

export function createIngestMetrics(): IngestMetrics {
  const ingested = counterOf('logLinesIngested');
  const rejected = counterOf('logLinesRejected');
  const truncated = counterOf('logLinesTruncated');
  const services = new Set<string>();
  const serviceLabel = (service: string) => {
    if (services.has(service)) {
      return service;
    }
    if (services.size < MAX_SERVICE_LABELS) {
      services.add(service);
      return service;
    }
    return OTHER_SERVICE;
  };
  return {
    record(format, batch) {
      const counts = new Map<string, { service: string; level: LogLevel; count: number }>();
      let cut = 0;
      for (const record of batch.records) {
        const key = `${record.service}\u0000${record.level}`;
        const entry = counts.get(key);
        if (entry) {
          entry.count += 1;
        } else {
          counts.set(key, { service: record.service, level: record.level, count: 1 });
        }
        cut += record.truncated ? 1 : 0;
      }
      for (const { service, level, count } of counts.values()) {
        ingested.inc({ service: serviceLabel(service), level }, count);
      }
      const reasons = new Map<RejectCode, number>();
      for (const reject of batch.rejects) {
        reasons.set(reject.code, (reasons.get(reject.code) ?? 0) + 1);
      }
      for (const [reason, count] of reasons) {
        rejected.inc({ format, reason }, count);
      }
      if (cut > 0) {
        truncated.inc(cut);
      }
    },
    metrics: [ingested, rejected, truncated],
  };
}
