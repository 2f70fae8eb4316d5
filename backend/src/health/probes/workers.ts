// The workers probe: live BullMQ workers per queue against `queues[name] ?? minimum`, read from
// `context.queueSnapshots()` — the queue read path's shared cache. It sends nothing to Redis itself (no CLIENT LIST,
// no key reads): a probe must not add load to what it watches, and the read path already counts workers.
//
// Outcomes:
//   hard     a queue that needs workers has none ("email-sending has 0 workers (needs 1)", `no_workers`).
//   soft     fewer than needed but some ("email-sending has 1 worker (needs 2)", `few_workers`).
//   unknown  the snapshots cannot be read — Redis down means the probe cannot see, never "no workers"
//            (`snapshot_unavailable`, with the reason); the queues unit is not running (`not_configured`); a queue
//            whose snapshot has no worker count or an error (`workers_unknown`); a queue named in `queues` with a
//            minimum that was not found in Redis (`queue_missing`).
// Queues needing 0 are not judged. Facts: `workers.<queue>` (count, or null when unknown), queues.
// Headline latency: none (the snapshot is a cache read).
import type { WorkersProbeConfig } from '../probeConfig.ts';
import { CheckBuilder, errorText, formatDuration, type ProbeRunner } from './check.ts';
import { abortable, BudgetSpent, clip, plural, ProbeFailure, recordFailure } from './support.ts';

export const workersProbe: ProbeRunner<WorkersProbeConfig> = async (probe, context) => {
  const check = new CheckBuilder(probe.name, 'workers');
  try {
    const read = context.queueSnapshots;
    if (!read) {
      throw new ProbeFailure('not_configured', 'unknown', 'the queues unit is not running, so workers cannot be seen');
    }
    const snapshots = await check.step(
      'snapshots',
      async () => {
        try {
          return await abortable(read(), context.signal);
        } catch (error) {
          const reason =
            error instanceof BudgetSpent ? `no answer within ${formatDuration(probe.timeoutMs)}` : errorText(error);
          throw new ProbeFailure('snapshot_unavailable', 'unknown', `queue snapshots not readable: ${clip(reason)}`);
        }
      },
      (list) => plural(list.length, 'queue')
    );
    check.fact('queues', snapshots.length);
    const seen = new Set<string>();
    for (const snapshot of snapshots) {
      seen.add(snapshot.name);
      const needed = probe.queues[snapshot.name] ?? probe.minimum;
      const workers = snapshot.error ? null : snapshot.workers;
      check.fact(`workers.${snapshot.name}`, workers);
      if (needed === 0) {
        continue;
      }
      if (workers === null) {
        const why = snapshot.error ? clip(snapshot.error, 200) : 'no worker count in its snapshot';
        check.problem('workers_unknown', 'unknown', `${snapshot.name}: workers unknown (${why})`, snapshot.name);
      } else if (workers === 0) {
        check.problem('no_workers', 'hard', `${snapshot.name} has 0 workers (needs ${needed})`, snapshot.name);
      } else if (workers < needed) {
        check.problem(
          'few_workers',
          'soft',
          `${snapshot.name} has ${plural(workers, 'worker')} (needs ${needed})`,
          snapshot.name
        );
      }
    }
    for (const [name, needed] of Object.entries(probe.queues)) {
      if (needed > 0 && !seen.has(name)) {
        check.fact(`workers.${name}`, null);
        check.problem(
          'queue_missing',
          'unknown',
          `${name} needs ${plural(needed, 'worker')} but was not found in Redis`,
          name
        );
      }
    }
  } catch (error) {
    recordFailure(check, error);
  }
  return check.result();
};
