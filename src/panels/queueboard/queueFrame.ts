// Reads the `queues` query frame (the contract's QUEUES_FRAME: field names and units) into one row per queue.
import { DataFrame, Field, FieldType, FormattedValue, getDisplayProcessor, GrafanaTheme2 } from '@grafana/data';
import { QUEUES_FRAME } from '@penguinmails/sysmon-contract';
import { UNKNOWN } from '../../utils/format';

type QueuesField = keyof typeof QUEUES_FRAME.fields;

const fieldOf = (frame: DataFrame, key: QueuesField): Field | undefined =>
  frame.fields.find((f) => f.name === QUEUES_FRAME.fields[key].name);

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
  /** Why the service could not read this queue (its numbers are then null); null when it could. */
  error: string | null;
}

/** The frame of a `queues` query among the panel's frames: named "queues", else the first with queue and depth. */
export function findQueuesFrame(frames: DataFrame[]): DataFrame | undefined {
  const hasFields = (frame: DataFrame) =>
    fieldOf(frame, 'queue') !== undefined && fieldOf(frame, 'depth') !== undefined;
  return frames.find((frame) => frame.name === QUEUES_FRAME.name && hasFields(frame)) ?? frames.find(hasFields);
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
  const field = (key: QueuesField) => fieldOf(frame, key);
  const queue = field('queue');
  const tier = field('tier');
  const paused = field('paused');
  const depth = field('depth');
  const active = field('active');
  const oldestWait = field('oldestWaitMs');
  const workers = field('workers');
  const throughput = field('throughputPerMin');
  const failures = field('failuresPerMin');
  const failureRate = field('failureRate');
  const drainEta = field('drainEtaSeconds');
  const error = field('error');
  const rows: QueueRow[] = [];
  for (let row = 0; row < frame.length; row++) {
    const name = queue?.values[row];
    if (name === null || name === undefined || name === '') {
      continue;
    }
    const tierValue = tier?.values[row];
    const errorValue = error?.values[row];
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
      error: errorValue ? String(errorValue) : null,
    });
  }
  return rows;
}

/** A number as Grafana formats it, in parts: the tile draws the unit (suffix) smaller, as the stat panel does. */
export type QueueFormat = (value: number | null) => FormattedValue;

/** The numbers a tile shows, each a QUEUES_FRAME field. */
const DISPLAYED = [
  'depth',
  'active',
  'workers',
  'oldestWaitMs',
  'failureRate',
  'throughputPerMin',
  'drainEtaSeconds',
] as const satisfies readonly QueuesField[];

export type QueueFormats = Record<(typeof DISPLAYED)[number], QueueFormat>;

const UNKNOWN_VALUE: FormattedValue = { text: UNKNOWN };

/**
 * How the tile shows each number: through the frame field's display, so the unit the data source sets (and any
 * unit or decimals chosen in the panel's field config) applies; a field without a unit, or a missing field, gets
 * the contract's unit for it. Unknown (null) stays an em dash.
 */
export function queueFormats(frame: DataFrame | undefined, theme: GrafanaTheme2): QueueFormats {
  const formats = {} as QueueFormats;
  for (const key of DISPLAYED) {
    const field = frame && fieldOf(frame, key);
    const config = field?.config ?? {};
    const display =
      field?.display && config.unit
        ? field.display
        : getDisplayProcessor({
            field: {
              type: FieldType.number,
              config: { ...config, unit: config.unit || QUEUES_FRAME.fields[key].unit },
            },
            theme,
          });
    formats[key] = (value) => {
      if (value === null) {
        return UNKNOWN_VALUE;
      }
      const { prefix, text, suffix } = display(value);
      return { prefix, text, suffix };
    };
  }
  return formats;
}
