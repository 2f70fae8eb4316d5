// DataFrameJSON answers of the service's log query types, built from the contract's frame definitions (field
// names, types, meta) the way the service writes them, for page tests that go through the real client.
import type { DataFrameJSON } from '@grafana/data';
import {
  LOG_LINES_FRAME,
  LOG_VOLUME_FRAME,
  VARIABLE_FRAME,
  type LogFrameCustom,
  type LogLevel,
} from '@penguinmails/sysmon-contract';

export interface FixtureLine {
  id: string;
  /** Epoch ms. */
  ts: number;
  level: LogLevel;
  message: string;
  labels?: Record<string, unknown>;
}

const L = LOG_LINES_FRAME.fields;

/** A log-lines frame (newest first as given) with its meta.custom cursors. */
export function logLinesFrame(lines: FixtureLine[], custom: Partial<LogFrameCustom> = {}): DataFrameJSON {
  return {
    schema: {
      name: LOG_LINES_FRAME.name,
      meta: {
        type: LOG_LINES_FRAME.type as never,
        typeVersion: LOG_LINES_FRAME.typeVersion,
        preferredVisualisationType: 'logs',
        custom: { searchWords: [], newestId: lines[0]?.id, ...custom },
      },
      fields: [
        { name: L.timestamp.name, type: L.timestamp.type as never },
        { name: L.body.name, type: L.body.type as never },
        { name: L.severity.name, type: L.severity.type as never },
        { name: L.id.name, type: L.id.type as never },
        { name: L.labels.name, type: L.labels.type as never },
      ],
    },
    data: {
      values: [
        lines.map((line) => line.ts),
        lines.map((line) => line.message),
        lines.map((line) => line.level),
        lines.map((line) => line.id),
        lines.map((line) => ({ service: 'api', ...line.labels })),
      ],
    },
  };
}

/** One volume frame per level: a time field and a count field labelled {level}. */
export function logVolumeFrames(times: number[], countsByLevel: Partial<Record<LogLevel, number[]>>): DataFrameJSON[] {
  return Object.entries(countsByLevel).map(([level, counts]) => ({
    schema: {
      name: level,
      meta: { type: LOG_VOLUME_FRAME.type as never, typeVersion: LOG_VOLUME_FRAME.typeVersion },
      fields: [
        { name: LOG_VOLUME_FRAME.fields.time.name, type: 'time' as never },
        { name: LOG_VOLUME_FRAME.fields.count.name, type: 'number' as never, labels: { level } },
      ],
    },
    data: { values: [times, counts ?? []] },
  }));
}

/** The `variable` answer: text/value frame. */
export function variableFrame(values: string[]): DataFrameJSON {
  return {
    schema: {
      name: VARIABLE_FRAME.name,
      fields: [
        { name: VARIABLE_FRAME.fields.text.name, type: 'string' as never },
        { name: VARIABLE_FRAME.fields.value.name, type: 'string' as never },
      ],
    },
    data: { values: [values, values] },
  };
}

/** `count` lines, newest first, ids counting down from `newestId`, one second apart. */
export function fixtureLines(
  count: number,
  newestId = 100_000,
  newestTs = Date.UTC(2026, 0, 2, 3, 4, 5)
): FixtureLine[] {
  return Array.from({ length: count }, (_, index) => ({
    id: String(newestId - index),
    ts: newestTs - index * 1000,
    level: (['info', 'info', 'warn', 'error', 'debug'] as const)[index % 5],
    message: `line ${newestId - index}`,
    labels: { service: index % 2 === 0 ? 'api' : 'smtp', request_id: `req-${(newestId - index) % 7}` },
  }));
}
