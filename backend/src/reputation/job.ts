// The periodic reputation pass (one replica, by advisory lock): check every sending IP on every zone, store the
// pass (current state and listing periods), and hand the stored entries (with `since`) to the caller, which serves
// them at once on this replica; the other replicas read them from the store.
import type { ReputationEntry } from '@penguinmails/sysmon-contract';
import type { PeriodicJobDefinition } from '../periodic/periodicJob.ts';
import type { ReputationChecker } from './checker.ts';
import type { ReputationStore } from './store.ts';

export interface ReputationJobOptions {
  checker: Pick<ReputationChecker, 'checkAll'>;
  store: Pick<ReputationStore, 'record'>;
  intervalMs: number;
  /** Names the lock: `sysmon:reputation:<schema>`. */
  schema: string;
  onPass?: (entries: ReputationEntry[]) => void;
}

export function reputationJob(options: ReputationJobOptions): PeriodicJobDefinition {
  const { checker, store, intervalMs, schema, onPass } = options;
  return {
    name: 'reputation',
    intervalMs,
    lockKey: `sysmon:reputation:${schema}`,
    run: async () => {
      const entries = await checker.checkAll();
      const stored = await store.record(entries);
      onPass?.(stored);
    },
  };
}
