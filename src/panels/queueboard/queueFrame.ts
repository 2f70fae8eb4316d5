// Reads the `queues` query frame (field names fixed by the issue-3 contract) into one row per queue.
import { DataFrame, Field, FieldType, formattedValueToString, getDisplayProcessor, GrafanaTheme2 } from '@grafana/data';
import {
  formatDuration,
  formatPercent,
  formatPerMinute,
  formatShortCount,
  formatWithUnit,
  UNKNOWN,
} from '../../utils/format';

export interface QueueRow {
  queue: string;
  tier: string | null;
  paused: boolean;
  depth: number | null;
  active: number | null;
  oldestWaitMs: number | null;
  workers: number | null;
  throughputPerMin: number | null;
  failuresPerMin: number | null;
  /** 0..1 */
  failureRate: number | null;
  drainEtaSeconds: number | null;
}

/** The frame of a `queues` query among the panel's frames: named "queues", else the first with queue and depth. */
export function findQueuesFrame(frames: DataFrame[]): DataFrame | undefined {
  const hasFields = (frame: DataFrame) =>
    frame.fields.some((f) => f.name === 'queue') && frame.fields.some((f) => f.name === 'depth');
  return frames.find((frame) => frame.name === 'queues' && hasFields(frame)) ?? frames.find(hasFields);
}

const numberAt = (field: Field | undefined, row: number): number | null => {
  const value = field?.values[row];
  if (value === null || value === undefined || value === '') {
    return null;
  }
  const number = Number(value);
  return Number.isFinite(number) ? number : null;
};

const booleanAt = (field: Field | undefined, row: number): boolean => {
  const value = field?.values[row];
  return value === true || value === 'true' || value === 1;
};

/** One row per queue with a name; missing fields and nulls stay null ("unknown", never 0). */
export function toQueueRows(frame: DataFrame): QueueRow[] {
  const field = (name: string) => frame.fields.find((f) => f.name === name);
  const queue = field('queue');
  const tier = field('tier');
  const paused = field('paused');
  const depth = field('depth');
  const active = field('active');
  const oldestWait = field('oldest_wait_ms');
  const workers = field('workers');
  const throughput = field('throughput_per_min');
  const failures = field('failures_per_min');
  const failureRate = field('failure_rate');
  const drainEta = field('drain_eta_s');
  const rows: QueueRow[] = [];
  for (let row = 0; row < frame.length; row++) {
    const name = queue?.values[row];
    if (name === null || name === undefined || name === '') {
      continue;
    }
    const tierValue = tier?.values[row];
    rows.push({
      queue: String(name),
      tier: tierValue ? String(tierValue) : null,
      paused: booleanAt(paused, row),
      depth: numberAt(depth, row),
      active: numberAt(active, row),
      oldestWaitMs: numberAt(oldestWait, row),
      workers: numberAt(workers, row),
      throughputPerMin: numberAt(throughput, row),
      failuresPerMin: numberAt(failures, row),
      failureRate: numberAt(failureRate, row),
      drainEtaSeconds: numberAt(drainEta, row),
    });
  }
  return rows;
}

type Format = (value: number | null) => string;

/** The tile numbers and their frame fields, with the unit and shared helper used when the frame lacks them. */
const DISPLAYED = {
  depth: { field: 'depth', unit: 'short', fallback: formatShortCount },
  active: { field: 'active', unit: 'short', fallback: formatShortCount },
  workers: { field: 'workers', unit: 'short', fallback: formatShortCount },
  oldestWaitMs: { field: 'oldest_wait_ms', unit: 'ms', fallback: (ms) => formatDuration(ms) },
  failureRate: { field: 'failure_rate', unit: 'percentunit', fallback: formatPercent },
  throughputPerMin: { field: 'throughput_per_min', unit: 'cpm', fallback: formatPerMinute },
  drainEtaSeconds: { field: 'drain_eta_s', unit: 's', fallback: (s) => formatWithUnit('s', s) },
} satisfies Record<string, { field: string; unit: string; fallback: Format }>;

export type QueueFormats = Record<keyof typeof DISPLAYED, Format>;

/**
 * How the tile shows each number: through the frame field's display, so the unit the data source sets (and any
 * unit or decimals chosen in the panel's field config) applies; a field without a unit gets the metric's usual one,
 * a missing field the shared helper. Unknown (null) stays an em dash.
 */
export function queueFormats(frame: DataFrame | undefined, theme: GrafanaTheme2): QueueFormats {
  const formats = {} as QueueFormats;
  for (const [key, { field: name, unit, fallback }] of Object.entries(DISPLAYED)) {
    const field = frame?.fields.find((f) => f.name === name);
    let format: Format = fallback;
    if (field) {
      const display =
        field.display && field.config.unit
          ? field.display
          : getDisplayProcessor({
              field: { type: FieldType.number, config: { ...field.config, unit: field.config.unit || unit } },
              theme,
            });
      format = (value) => (value === null ? UNKNOWN : formattedValueToString(display(value)));
    }
    formats[key as keyof QueueFormats] = format;
  }
  return formats;
}
