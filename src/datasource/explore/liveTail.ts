// Live tail (Explore's "Live" mode, request.liveStreaming): poll the `logs` query with the `after` cursor and
// stream a bounded, newest-first buffer of rows. Each response carries the same key and the whole buffer, so
// Explore replaces what it shows instead of appending duplicates; every row keeps its stored id.
import { defer, Observable, timer } from 'rxjs';
import { exhaustMap, filter, map } from 'rxjs/operators';
import {
  createDataFrame,
  DataFrame,
  DataQueryError,
  DataQueryResponse,
  DataFrameType,
  Field,
  FieldType,
  LoadingState,
} from '@grafana/data';
import { LOG_LINES_FRAME, logsQuerySchema, type LogFrameCustom } from '@penguinmails/sysmon-contract';
import type { SysmonDataQuery } from '../types';

/** How often the tail asks for new lines. */
export const LIVE_TAIL_INTERVAL_MS = 1000;

/** One poll: the query (with `after` once a cursor is known) → the service's answer for it. */
export type RunTailQuery = (query: SysmonDataQuery) => Observable<DataQueryResponse>;

export interface LiveTailOptions {
  /** The interpolated `logs` query; its limit bounds both each poll and the buffer. */
  query: SysmonDataQuery;
  run: RunTailQuery;
  intervalMs?: number;
}

const FIELDS = LOG_LINES_FRAME.fields;
const DEFAULT_LIMIT = logsQuerySchema.shape.limit.parse(undefined);
const ID = FIELDS.id.name;

/** The rows kept so far, newest first, and where to continue from. */
export interface TailBuffer {
  /** The newest frame the service sent: its fields' names, types, config and meta are reused. */
  template?: DataFrame;
  /** Values per field name, newest first. */
  columns: Map<string, unknown[]>;
  ids: Set<string>;
  cursor?: string;
  changed: boolean;
  error?: DataQueryError;
}

export const emptyBuffer = (): TailBuffer => ({ columns: new Map(), ids: new Set(), changed: true });

/** Ids are decimal strings of a bigint without leading zeros: a longer one is larger, else compare as text. */
const isNewerId = (a: string, b: string) => (a.length === b.length ? a > b : a.length > b.length);

function newestIdOf(frame: DataFrame): string | undefined {
  const custom = frame.meta?.custom as Partial<LogFrameCustom> | undefined;
  if (custom?.newestId) {
    return custom.newestId;
  }
  // Without the cursor in meta, the largest id of the frame (ids increase in arrival order).
  const ids = frame.fields.find((field) => field.name === ID)?.values ?? [];
  return ids.reduce<string | undefined>((max, id) => {
    const text = String(id);
    return max === undefined || isNewerId(text, max) ? text : max;
  }, undefined);
}

/** Puts a poll's new rows (newest first) in front of the buffer, skips rows already held, keeps `size` rows. */
export function mergeIntoBuffer(buffer: TailBuffer, frames: DataFrame[], size: number): TailBuffer {
  const frame = frames.find((candidate) => candidate.fields.some((field) => field.name === ID));
  if (!frame) {
    // Re-sent only to clear an error the last poll reported.
    return { ...buffer, changed: buffer.error !== undefined, error: undefined };
  }
  const idValues = frame.fields.find((field) => field.name === ID)!.values;
  const fresh: number[] = [];
  for (let row = 0; row < frame.length; row++) {
    const id = String(idValues[row]);
    if (!buffer.ids.has(id)) {
      fresh.push(row);
    }
  }
  const cursor = newestIdOf(frame) ?? buffer.cursor;
  if (fresh.length === 0 && buffer.template) {
    return { ...buffer, cursor, changed: buffer.error !== undefined, error: undefined };
  }
  const columns = new Map<string, unknown[]>();
  for (const field of frame.fields) {
    const kept = buffer.columns.get(field.name) ?? new Array(buffer.ids.size).fill(null);
    columns.set(field.name, [...fresh.map((row) => field.values[row]), ...kept].slice(0, size));
  }
  const ids = new Set((columns.get(ID) ?? []).map(String));
  return { template: frame, columns, ids, cursor, changed: true, error: undefined };
}

/** The buffer as one log-lines frame, built on the newest frame's fields and meta. */
export function bufferFrame(buffer: TailBuffer, refId: string): DataFrame {
  const template = buffer.template;
  if (!template) {
    return createDataFrame({
      refId,
      meta: { type: DataFrameType.LogLines, preferredVisualisationType: 'logs' },
      fields: Object.values(FIELDS).map((definition) => ({
        name: definition.name,
        type: definition.type as FieldType,
        values: [],
      })),
    });
  }
  const fields: Field[] = template.fields.map((field) => ({ ...field, values: buffer.columns.get(field.name) ?? [] }));
  return { ...template, refId, fields, length: buffer.ids.size };
}

/**
 * Streams the tail of a logs query until unsubscribed: the newest `limit` lines first, then every interval the
 * lines above the newest id seen. A poll still in flight when the next is due is not doubled (exhaustMap); a
 * failed poll is reported on the stream and the tail keeps going, so a service restart does not end it.
 */
export function liveTail({
  query,
  run,
  intervalMs = LIVE_TAIL_INTERVAL_MS,
}: LiveTailOptions): Observable<DataQueryResponse> {
  const size = query.limit ?? DEFAULT_LIMIT;
  const key = `sysmon-live-${query.refId}`;
  // One buffer per subscription: a second subscriber starts its own tail.
  return defer(() => {
    let buffer = emptyBuffer();
    return timer(0, intervalMs).pipe(
      exhaustMap(() => {
        const { before: _ignored, ...rest } = query;
        const poll: SysmonDataQuery = buffer.cursor ? { ...rest, after: buffer.cursor } : rest;
        return run(poll);
      }),
      map((response) => {
        const error = response.errors?.[0];
        buffer = error
          ? { ...buffer, changed: true, error }
          : mergeIntoBuffer(buffer, response.data as DataFrame[], size);
        return buffer;
      }),
      filter((state) => state.changed),
      map((state): DataQueryResponse => ({
        key,
        state: LoadingState.Streaming,
        data: [bufferFrame(state, query.refId)],
        ...(state.error ? { errors: [state.error] } : {}),
      }))
    );
  });
}
