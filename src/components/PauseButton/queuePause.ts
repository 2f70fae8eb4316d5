// Pausing and resuming one queue, offered by the Queues page and the Queue page alike.
import type { QueueSnapshot } from '@penguinmails/sysmon-contract';
import type { SysmonClient } from '../../api/client';
import { formatCount } from '../../utils/format';
import type { Confirmation } from '../ActionConfirm/useConfirmedAction';

export type PauseAction = 'pause' | 'resume';

/** "the 160 jobs waiting"; for a queue that could not be read, that how many is unknown (never "0 jobs"). */
function jobsWaiting(queue: QueueSnapshot): string {
  return queue.error
    ? `the jobs waiting (how many is unknown: ${queue.error})`
    : `the ${formatCount(queue.depth)} jobs waiting`;
}

export function queuePauseConfirmation(queue: QueueSnapshot, action: PauseAction): Confirmation {
  if (action === 'pause') {
    return {
      title: `Pause ${queue.name}?`,
      body:
        `Workers stop taking new jobs from ${queue.name}. Jobs already running finish; ` +
        `${jobsWaiting(queue)} and any new ones stay queued until the queue is resumed.`,
      confirmText: `Pause ${queue.name}`,
    };
  }
  return {
    title: `Resume ${queue.name}?`,
    body: `Workers start taking jobs from ${queue.name} again: ${jobsWaiting(queue)}.`,
    confirmText: `Resume ${queue.name}`,
  };
}

/** Pauses or resumes one queue; resolves to the sentence shown on success. */
export async function pauseOrResumeQueue(client: SysmonClient, queue: string, action: PauseAction): Promise<string> {
  const result = action === 'pause' ? await client.pauseQueue(queue) : await client.resumeQueue(queue);
  return `${result.queue} is ${result.paused ? 'paused' : 'running'}`;
}
