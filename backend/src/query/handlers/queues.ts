// queryType "queues": one table frame, one row per queue (the shared overview; filters tier and queue).
import type { QueueSnapshot } from '@penguinmails/sysmon-contract';
import type { SysmonQuery } from '@penguinmails/sysmon-contract';
import type { QueueOverview } from '../../queues/overview.ts';
import { frameFromRows, type DataFrameJSON } from '../frames.ts';

type QueuesQuery = Extract<SysmonQuery, { queryType: 'queues' }>;

export function queuesFrame(queues: readonly QueueSnapshot[], refId?: string): DataFrameJSON {
  return frameFromRows({
    name: 'queues',
    refId,
    meta: { preferredVisualisationType: 'table' },
    fields: [
      { name: 'queue', type: 'string' },
      { name: 'tier', type: 'string' },
      { name: 'paused', type: 'boolean' },
      { name: 'waiting', type: 'number' },
      { name: 'prioritized', type: 'number' },
      { name: 'active', type: 'number' },
      { name: 'delayed', type: 'number' },
      { name: 'waiting_children', type: 'number' },
      { name: 'failed', type: 'number' },
      { name: 'completed', type: 'number' },
      { name: 'depth', type: 'number' },
      { name: 'oldest_wait_ms', type: 'number', config: { unit: 'ms' } },
      { name: 'workers', type: 'number' },
      { name: 'throughput_per_min', type: 'number', config: { unit: 'cpm' } },
      { name: 'failures_per_min', type: 'number', config: { unit: 'cpm' } },
      { name: 'failure_rate', type: 'number', config: { unit: 'percentunit' } },
      { name: 'drain_eta_s', type: 'number', config: { unit: 's' } },
    ],
    rows: queues.map((queue) => ({
      queue: queue.name,
      tier: queue.tier,
      paused: queue.paused,
      waiting: queue.counts.waiting,
      prioritized: queue.counts.prioritized,
      active: queue.counts.active,
      delayed: queue.counts.delayed,
      waiting_children: queue.counts.waitingChildren,
      failed: queue.counts.failed,
      completed: queue.counts.completed,
      depth: queue.depth,
      oldest_wait_ms: queue.oldestWaitingAgeMs,
      workers: queue.workers,
      throughput_per_min: queue.throughputPerMin,
      failures_per_min: queue.failuresPerMin,
      failure_rate: queue.failureRate,
      drain_eta_s: queue.drainEtaSeconds,
    })),
  });
}

export function createQueuesQueryHandler(overview: QueueOverview) {
  return async (query: QueuesQuery): Promise<DataFrameJSON[]> => {
    const { queues } = await overview.list({ tier: query.tier });
    const rows = query.queue === undefined ? queues : queues.filter((queue) => queue.name === query.queue);
    return [queuesFrame(rows, query.refId)];
  };
}
