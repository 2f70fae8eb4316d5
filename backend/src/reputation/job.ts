// The periodic reputation pass (one replica, by advisory lock): check every sending IP on every zone, store the
// pass (current state and listing periods), and hand the stored entries (with `since`) to the caller, which serves
// them at once on this replica; the other replicas read them from the store.
// A pass runs every `intervalMs`; after a pass the resolver left questions unanswered (timeouts, SERVFAIL) or one
// that could not be stored, the next runs REPUTATION_RETRY_MS later, so rows shown unknown because DNS (or the
// store) was out become known again within seconds of it returning, not at the next pass 15 minutes later.
import type { ReputationEntry } from '@penguinmails/sysmon-contract';
import type { PeriodicJobDefinition } from '../periodic/periodicJob.ts';
import type { ReputationChecker } from './checker.ts';
import type { ReputationStore } from './store.ts';

/** How soon a pass is repeated while the resolver leaves questions unanswered (also the job's tick). */
export const REPUTATION_RETRY_MS = 3_000;
/** A tick this close before a pass is due runs it: ticks drift by the lock check, and waiting a whole tick more would not do. */
const DUE_TOLERANCE_MS = REPUTATION_RETRY_MS / 3;

export interface ReputationJobOptions {
  checker: Pick<ReputationChecker, 'checkAll' | 'unanswered'>;
  store: Pick<ReputationStore, 'record'>;
  intervalMs: number;
  /** Names the lock: `sysmon:reputation:<schema>`. */
  schema: string;
  onPass?: (entries: ReputationEntry[]) => void;
  now?: () => number;
}

export function reputationJob(options: ReputationJobOptions): PeriodicJobDefinition {
  const { checker, store, intervalMs, schema, onPass } = options;
  const now = options.now ?? Date.now;
  let nextPassAt = 0;
  return {
    name: 'reputation',
    // The lock holder ticks this often; a tick runs a pass only when one is due.
    intervalMs: Math.min(intervalMs, REPUTATION_RETRY_MS),
    lockKey: `sysmon:reputation:${schema}`,
    run: async () => {
      const started = now();
      if (started < nextPassAt - DUE_TOLERANCE_MS) {
        return;
      }
      // Until the pass is stored with every question answered, the next one is a retry.
      nextPassAt = started + REPUTATION_RETRY_MS;
      const entries = await checker.checkAll();
      const unanswered = checker.unanswered();
      const stored = await store.record(entries);
      onPass?.(stored);
      if (unanswered === 0) {
        nextPassAt = started + intervalMs;
      }
    },
  };
}
