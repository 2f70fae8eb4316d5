// What one tile says, as text: built once per render so that the text the board measures (tileLayout.ts) is the
// text the tile draws.
import { formattedValueToString, type FormattedValue } from '@grafana/data';
import { QUEUES_FRAME, type FieldDefinition } from '@penguinmails/sysmon-contract';
import { NO_DATA } from '../../utils/format';
import type { QueueFormats, QueueRow } from './queueFrame';
import type { Level, TileLevels } from './thresholds';

export type TileMetricKey = 'depth' | 'oldest_wait' | 'failure_rate' | 'throughput';

/** The `queues` field each big number shows: its label's tooltip is the field's meaning. */
export const TILE_FIELDS: Readonly<Record<TileMetricKey, FieldDefinition>> = {
  depth: QUEUES_FRAME.fields.depth,
  oldest_wait: QUEUES_FRAME.fields.oldestWaitMs,
  failure_rate: QUEUES_FRAME.fields.failureRate,
  throughput: QUEUES_FRAME.fields.throughputPerMin,
};

export interface TileMetric {
  key: TileMetricKey;
  label: string;
  value: FormattedValue;
  level: Level;
}

export interface TileContent {
  queue: string;
  /** Tier and "paused", in the order the header shows them. */
  badges: TileBadge[];
  level: Level;
  /** The four big numbers, in reading order (two rows of two); none when the queue has no data. */
  metrics: TileMetric[];
  /** The small line under the numbers: active jobs, workers, drain ETA; empty when the queue has no data. */
  details: string;
  /** Set when the service could not read the queue: the tile says "no data" and why, in place of its numbers. */
  noData?: { text: string; reason: string };
}

export interface TileBadge {
  kind: 'tier' | 'paused';
  text: string;
}

/** The tile of one queue: its numbers formatted by the frame's fields and coloured by the thresholds. */
export function tileContent(row: QueueRow, levels: TileLevels, format: QueueFormats): TileContent {
  const badges: TileBadge[] = [];
  if (row.tier) {
    badges.push({ kind: 'tier', text: row.tier });
  }
  if (row.paused) {
    badges.push({ kind: 'paused', text: 'paused' });
  }
  if (row.error !== null) {
    // Its numbers are unknown (null on the wire): say so, never draw zeros or dashes that could pass for numbers.
    return {
      queue: row.queue,
      badges,
      level: levels.tile,
      metrics: [],
      details: '',
      noData: { text: NO_DATA, reason: row.error },
    };
  }
  const text = (value: FormattedValue) => formattedValueToString(value);
  return {
    queue: row.queue,
    badges,
    level: levels.tile,
    metrics: [
      { key: 'depth', label: 'depth', value: format.depth(row.depth), level: levels.depth },
      {
        key: 'oldest_wait',
        label: 'oldest wait',
        value: format.oldestWaitMs(row.oldestWaitMs),
        level: levels.oldestWait,
      },
      { key: 'failure_rate', label: 'failures', value: format.failureRate(row.failureRate), level: levels.failureRate },
      { key: 'throughput', label: 'throughput', value: format.throughputPerMin(row.throughputPerMin), level: 'none' },
    ],
    details: `active ${text(format.active(row.active))} · workers ${text(format.workers(row.workers))} · ${drainText(row, format)}`,
  };
}

// Wide but realistic numbers ("88.8 K", "59.9 mins", "0.0666%", "8.88K jobs/min" in the contract's units): the
// board picks its grid for these, so tiles stay where they are while the numbers change.
const WIDEST_VALUES: Record<TileMetricKey, (format: QueueFormats) => FormattedValue> = {
  depth: (format) => format.depth(88_800),
  oldest_wait: (format) => format.oldestWaitMs(59.9 * 60_000),
  failure_rate: (format) => format.failureRate(0.000666),
  throughput: (format) => format.throughputPerMin(8_880),
};

/** The tile with each number replaced by a wide one of its kind (same name, badges and labels). */
export function widestTileContent(content: TileContent, format: QueueFormats): TileContent {
  return {
    ...content,
    metrics: content.metrics.map((metric) => ({ ...metric, value: WIDEST_VALUES[metric.key](format) })),
  };
}

/** Same wording as the Queues page: an empty queue is "empty", one without an ETA is "not draining". */
function drainText(row: QueueRow, format: QueueFormats): string {
  if (row.depth === 0) {
    return 'empty';
  }
  return row.drainEtaSeconds === null
    ? 'not draining'
    : `drains in ${formattedValueToString(format.drainEtaSeconds(row.drainEtaSeconds))}`;
}
