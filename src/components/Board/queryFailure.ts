// Whether a board's query (`queues`, `services`) failed, and why: Grafana hands a panel the query's errors in
// `data.errors` (one per failed refId, e.g. status 503 "Redis is unreachable (…); queue data is unknown") with no
// frame for it, and keeps older series around when a request errors as a whole. Either way the board must not show
// numbers or states.
// (`data.error`, the single error of Grafana < 10, is not read: every Grafana the plugin supports sets `errors`.)
import type { DataFrame, DataQueryError, PanelData } from '@grafana/data';

/**
 * The reason to show "No data — <reason>" in place of the board, or undefined when the board's data arrived. An
 * error of another query of the panel (another refId) leaves the board's frame that did arrive on the board.
 */
export function queryFailure(data: Pick<PanelData, 'errors'>, boardFrame?: DataFrame): string | undefined {
  const errors: DataQueryError[] = data.errors ?? [];
  const ours = boardFrame
    ? errors.filter((error) => error.refId === undefined || error.refId === boardFrame.refId)
    : errors;
  if (ours.length === 0) {
    return undefined;
  }
  const messages = [...new Set(ours.map((error) => error.message || error.data?.message).filter(Boolean))];
  return messages.length > 0 ? messages.join('; ') : 'the query failed';
}
