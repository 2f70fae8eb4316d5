// Who publishes a leader-only metric. Periodic jobs run on the one replica holding their advisory lock
// (periodic/periodicJob.ts), so "this replica ran the job recently" is "this replica leads it": gauges derived
// from shared state (queue depth, service status…) are published by that replica only, and several replicas
// behind one Prometheus never double them. A replica that lost the lock keeps publishing until `staleAfterMs`
// after its last run (identical values, briefly, while the next leader takes over); a replica that never ran the
// job publishes nothing.

export interface Leadership {
  /** Records that this replica ran the job as its leader just now. */
  mark(): void;
  /** Runs `work` as the leader: leads from its start until `staleAfterMs` after it settled. */
  lead<T>(work: () => Promise<T>): Promise<T>;
  /** True while a run is in progress or the last one was at most `staleAfterMs` ago. */
  leads(): boolean;
}

export interface LeadershipOptions {
  staleAfterMs: number;
  clock?: () => number;
}

export function createLeadership(options: LeadershipOptions): Leadership {
  const clock = options.clock ?? Date.now;
  let lastAt = Number.NEGATIVE_INFINITY;
  let running = 0;
  const mark = () => {
    lastAt = clock();
  };
  return {
    mark,
    async lead(work) {
      mark();
      running += 1;
      try {
        return await work();
      } finally {
        running -= 1;
        mark();
      }
    },
    leads: () => running > 0 || clock() - lastAt <= options.staleAfterMs,
  };
}
