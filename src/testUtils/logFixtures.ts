// Service answers for the log query types, built from the contract's frame definitions (LOG_LINES_FRAME,
// LOG_VOLUME_FRAME) the way the service builds them, so tests exercise the real wire shape.
import {
  LOG_LINES_FRAME,
  LOG_VOLUME_FRAME,
  type DataFrameJSON,
  type LogFrameCustom,
  type LogLevel,
  type LogLine,
  logLineLabels,
} from '@penguinmails/sysmon-contract';

let nextId = 1000;

/** A stored line with realistic defaults; ids increase like the store's. */
export function logLine(overrides: Partial<LogLine> = {}): LogLine {
  nextId += 1;
  return {
    id: String(nextId),
    ts: '2026-01-01T00:30:00.000Z',
    level: 'info',
    service: 'smtp',
    host: 'mx-1',
    message: 'delivered',
    requestId: 'req-1',
    traceId: null,
    spanId: null,
    errorType: null,
    stack: null,
    attrs: {},
    truncated: false,
    ...overrides,
  };
}

/** A logs (or log_context) answer: one log-lines frame, newest first as given. */
export function logLinesFrame(lines: LogLine[], refId: string, custom: Partial<LogFrameCustom> = {}): DataFrameJSON {
  const { fields } = LOG_LINES_FRAME;
  const newestId = lines.length > 0 ? lines[0].id : undefined;
  return {
    schema: {
      name: LOG_LINES_FRAME.name,
      refId,
      meta: {
        type: LOG_LINES_FRAME.type,
        typeVersion: LOG_LINES_FRAME.typeVersion,
        preferredVisualisationType: 'logs',
        custom: { searchWords: [], ...(newestId ? { newestId } : {}), ...custom },
      },
      fields: Object.values(fields).map((field) => ({ name: field.name, type: field.type })),
    },
    data: {
      values: [
        lines.map((line) => Date.parse(line.ts)),
        lines.map((line) => line.message),
        lines.map((line) => line.level),
        lines.map((line) => line.id),
        lines.map(logLineLabels),
      ],
    },
  };
}

/** A log_volume answer: one frame per level, a time field and a count field labelled {level}. */
export function logVolumeFrames(
  refId: string,
  countsByLevel: Partial<Record<LogLevel, number[]>>,
  startMs: number,
  stepMs: number
): DataFrameJSON[] {
  const { time, count } = LOG_VOLUME_FRAME.fields;
  return Object.entries(countsByLevel).map(([level, counts]) => ({
    schema: {
      refId,
      meta: { type: LOG_VOLUME_FRAME.type, typeVersion: LOG_VOLUME_FRAME.typeVersion },
      fields: [
        { name: time.name, type: time.type },
        { name: count.name, type: count.type, config: { unit: count.unit }, labels: { level } },
      ],
    },
    data: { values: [counts!.map((_, index) => startMs + index * stepMs), counts!] },
  }));
}
