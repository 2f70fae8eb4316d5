// Why a polled page shows old numbers: the service did not answer, or it answered that it cannot tell now.

/** Statuses that mean no answer from the service: none at all (0), or Grafana's proxy could not reach it. */
const NO_ANSWER = [0, 502, 504];

/**
 * The end of "Showing queues from 12:00:05: …". Only a request that got no answer is "not answering": a 503 such
 * as "Redis is unreachable; queue data is unknown" is the service answering that it cannot read the data now.
 */
export function staleReason(error: Error): string {
  const status = (error as { status?: unknown }).status;
  return typeof status !== 'number' || NO_ANSWER.includes(status)
    ? 'the service is not answering'
    : 'the latest update failed';
}
