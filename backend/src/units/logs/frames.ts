// The log vertical's frames (pure): Grafana's data plane log-lines frame for `logs` and `log_context`, and one
// time series per level for `log_volume` (what Explore's volume histogram reads).
import {
  LOG_LEVELS,
  LOG_LINES_FRAME,
  LOG_VOLUME_FRAME,
  type LogFrameCustom,
  type LogLevel,
  type LogLine,
  logLineLabels,
} from '@penguinmails/sysmon-contract';
import { buildFrame, fieldConfig, frameFrom, type DataFrameJSON } from '../../query/frames.ts';
import type { LogVolumeBucket } from '../../logs/store.ts';

export function logLinesFrame(lines: readonly LogLine[], custom: LogFrameCustom, refId?: string): DataFrameJSON {
  return frameFrom(
    LOG_LINES_FRAME,
    lines.map((line) => ({
      timestamp: line.ts,
      body: line.message,
      severity: line.level,
      id: line.id,
      labels: logLineLabels(line),
    })),
    {
      refId,
      meta: {
        type: LOG_LINES_FRAME.type,
        typeVersion: LOG_LINES_FRAME.typeVersion,
        preferredVisualisationType: 'logs',
        custom: { ...custom },
      },
    }
  );
}

/** Bucket starts from `from` to `to` (aligned to the epoch like date_bin), every `intervalMs`. */
export function bucketStarts(from: Date, to: Date, intervalMs: number): number[] {
  const starts: number[] = [];
  for (let at = Math.floor(from.getTime() / intervalMs) * intervalMs; at <= to.getTime(); at += intervalMs) {
    starts.push(at);
  }
  return starts;
}

/** One frame per level with lines, every bucket of the range present (zero when empty), levels by severity. */
export function logVolumeFrames(
  buckets: readonly LogVolumeBucket[],
  range: { from: Date; to: Date },
  intervalMs: number
): DataFrameJSON[] {
  const starts = bucketStarts(range.from, range.to, intervalMs);
  const { time, count } = LOG_VOLUME_FRAME.fields;
  const index = new Map(starts.map((start, position) => [start, position]));
  const counts = new Map<LogLevel, number[]>();
  for (const bucket of buckets) {
    const position = index.get(bucket.time.getTime());
    if (position === undefined) {
      continue;
    }
    let series = counts.get(bucket.level);
    if (!series) {
      series = starts.map(() => 0);
      counts.set(bucket.level, series);
    }
    series[position]! += bucket.count;
  }
  return LOG_LEVELS.filter((level) => counts.has(level)).map((level) =>
    buildFrame({
      name: level,
      meta: { type: LOG_VOLUME_FRAME.type, typeVersion: LOG_VOLUME_FRAME.typeVersion },
      fields: [
        { name: time.name, type: time.type, ...fieldConfig(time), values: starts },
        {
          name: count.name,
          type: count.type,
          labels: { level },
          config: { displayName: level, unit: count.unit, description: count.description },
          values: counts.get(level)!,
        },
      ],
    })
  );
}
