// What the Infrastructure page, the home overview and the infrastructure query types are served from: each
// service's status (the status engine over its checks), uptime, the sending IPs' reputation and the findings
// built from them, all in memory. The replica that probes folds each check in and stores it; every replica
// (the prober too) re-reads the stored state every couple of seconds, so all of them serve the same answer and a
// request never waits for a probe or a database read.
import {
  type CheckResult,
  type Finding,
  type InfrastructureResponse,
  type ReputationEntry,
  type ReputationResponse,
  type ReputationSummary,
  type ServiceStatusView,
  type Uptime,
} from '@penguinmails/sysmon-contract';
import type { Logger } from '../logger.ts';
import { buildFindings } from './findings.ts';
import type { ProbeConfig, StatusRules } from './probeConfig.ts';
import { applyCheck, initialStatus, stateCause, type ServiceStatus } from './status.ts';
import type { HealthStore } from './store.ts';
import { uptimeOf, UPTIME_WINDOWS_MS, type StateChange } from './uptime.ts';

/** How often stored statuses are re-read. */
export const REFRESH_MS = 2_000;
/** How often uptime is recomputed from the stored state changes. */
export const UPTIME_REFRESH_MS = 60_000;
/** A store failure this recent means the store is unreachable (and this replica probes on its own). */
export const STORE_DOWN_FOR_MS = 5_000;

export interface ReputationSource {
  current(): Promise<ReputationEntry[]>;
}

export interface InfrastructureStateOptions {
  probes: readonly ProbeConfig[];
  rules: StatusRules;
  store: HealthStore;
  reputation?: ReputationSource;
  logger?: Logger;
  now?: () => number;
}

/** Everything the state serves: GET /api/infrastructure (with the reputation as numbers) and GET /api/reputation. */
export interface InfrastructureView {
  generatedAt: string;
  services: ServiceStatusView[];
  findings: Finding[];
  reputation: ReputationEntry[];
  /** When the sending IPs were last checked; null before the first check or without IPs. */
  reputationCheckedAt: string | null;
}

/** The numbers GET /api/infrastructure gives for the reputation entries. */
export function reputationSummary(entries: readonly ReputationEntry[], checkedAt: string | null): ReputationSummary {
  const count = (test: (entry: ReputationEntry) => boolean) => entries.filter(test).length;
  return {
    checkedAt,
    entries: entries.length,
    listed: count((entry) => entry.state === 'listed' && entry.zoneKind === 'block'),
    allowlisted: count((entry) => entry.state === 'listed' && entry.zoneKind === 'allow'),
    unknown: count((entry) => entry.state === 'unknown'),
  };
}

export interface InfrastructureState {
  /** Folds a check into its service's status, serves it at once and stores it (with the state change, if any). */
  apply(check: CheckResult): Promise<void>;
  /** The latest reputation pass (on the replica that ran it; the others read it from the store). */
  setReputation(entries: ReputationEntry[]): void;
  /** Re-reads statuses, reputation and (every minute) uptime from the store; one read at a time. */
  refresh(): Promise<void>;
  /** Everything, from memory. */
  view(): InfrastructureView;
  /**
   * GET /api/infrastructure's answer as JSON, built at most once a second and again after anything changed: fifty
   * viewers polling share one serialisation instead of building and encoding the whole answer per request.
   */
  viewJson(): Buffer;
  /** GET /api/reputation's answer as JSON, built again only when a reputation pass changed it. */
  reputationJson(): Buffer;
  /** The probes, as configured. */
  probes(): readonly ProbeConfig[];
  /** False while the store failed within the last few seconds. */
  storeReachable(): boolean;
}

/** The status rules of one probe: the configured ones with its own overrides. */
export function rulesFor(probe: ProbeConfig, rules: StatusRules): StatusRules {
  return { ...rules, ...probe.status };
}

/** A status whose last check is this old means nobody is probing: shown as unknown, never as its old state. */
export function staleAfterMs(probe: ProbeConfig): number {
  return 3 * probe.intervalMs + probe.timeoutMs;
}

const NO_UPTIME: Uptime = { h24: null, d7: null, d30: null };

export function createInfrastructureState(options: InfrastructureStateOptions): InfrastructureState {
  const now = options.now ?? Date.now;
  const probeByName = new Map(options.probes.map((probe) => [probe.name, probe]));
  const statuses = new Map<string, ServiceStatus>(
    options.probes.map((probe) => [probe.name, initialStatus(probe.name)])
  );
  let reputation: ReputationEntry[] = [];
  let changes = new Map<string, StateChange[]>();
  let uptimeReadAt = 0;
  let lastStoreFailure = 0;
  let refreshing: Promise<void> | undefined;
  // Bumped by every change of what view() shows; with the second, the key of the serialised view.
  let version = 0;
  let serialized: { key: string; json: Buffer } | undefined;
  let serializedReputation: { entries: ReputationEntry[]; json: Buffer } | undefined;

  const storeFailed = (error: unknown, what: string) => {
    const first = now() - lastStoreFailure > STORE_DOWN_FOR_MS;
    lastStoreFailure = now();
    options.logger?.[first ? 'warn' : 'debug']({ err: { message: (error as Error)?.message } }, what);
  };

  /** Keeps whichever status has the newer check (a refresh may cross a check applied here). */
  const merge = (stored: ServiceStatus) => {
    const current = statuses.get(stored.service);
    if (!current || !probeByName.has(stored.service)) {
      return;
    }
    const currentAt = current.lastCheck ? Date.parse(current.lastCheck.checkedAt) : -1;
    const storedAt = stored.lastCheck ? Date.parse(stored.lastCheck.checkedAt) : -1;
    if (storedAt > currentAt) {
      statuses.set(stored.service, stored);
      version += 1;
    }
  };

  /** The status as served: one nobody has checked for too long is unknown, with that as its only problem. */
  const servedStatus = (probe: ProbeConfig): ServiceStatus => {
    const status = statuses.get(probe.name) ?? initialStatus(probe.name);
    const lastAt = status.lastCheck?.checkedAt;
    if (lastAt === undefined || now() - Date.parse(lastAt) <= staleAfterMs(probe)) {
      return status;
    }
    const text = `no check since ${lastAt}: no replica is probing (the prober is elected through PostgreSQL)`;
    return {
      ...status,
      state: 'unknown',
      since: lastAt,
      problems: [
        {
          code: 'no_recent_check',
          severity: 'unknown',
          text,
          firstSeen: lastAt,
          lastSeen: lastAt,
          seenIn: 1,
          window: 1,
        },
      ],
    };
  };

  const serviceView = (probe: ProbeConfig, status: ServiceStatus): ServiceStatusView => {
    const serviceChanges = changes.get(probe.name);
    return {
      service: probe.name,
      label: probe.label ?? probe.name,
      kind: probe.kind,
      state: status.state,
      since: status.since,
      cause: stateCause(status),
      lastCheck: status.lastCheck,
      uptime: serviceChanges ? uptimeOf(serviceChanges, now()) : NO_UPTIME,
      logService: probe.logService === undefined ? probe.name : probe.logService,
    };
  };

  const refresh = async () => {
    try {
      for (const stored of await options.store.statuses()) {
        merge(stored);
      }
      if (options.reputation) {
        reputation = await options.reputation.current();
        version += 1;
      }
      if (now() - uptimeReadAt >= UPTIME_REFRESH_MS) {
        changes = await options.store.stateChanges(new Date(now() - UPTIME_WINDOWS_MS.d30));
        uptimeReadAt = now();
        version += 1;
      }
      lastStoreFailure = 0;
    } catch (error) {
      storeFailed(error, 'infrastructure state: cannot read the store; serving what this replica knows');
    }
  };

  const view = (): InfrastructureView => {
    const served = options.probes.map((probe) => ({ probe, status: servedStatus(probe) }));
    const services = served.map(({ probe, status }) => serviceView(probe, status));
    const probed = served.map(({ status }, index) => ({
      status,
      label: services[index]!.label,
      logService: services[index]!.logService,
    }));
    const checkedAt = reputation
      .map((entry) => entry.checkedAt)
      .filter((at): at is string => at !== null)
      .sort()
      .at(-1);
    return {
      generatedAt: new Date(now()).toISOString(),
      services,
      findings: buildFindings(probed, reputation),
      reputation,
      reputationCheckedAt: checkedAt ?? null,
    };
  };

  return {
    async apply(check) {
      const probe = probeByName.get(check.service);
      if (!probe) {
        return;
      }
      const previous = statuses.get(check.service) ?? initialStatus(check.service);
      const { status, transition } = applyCheck(previous, check, rulesFor(probe, options.rules));
      statuses.set(check.service, status);
      version += 1;
      if (transition) {
        options.logger?.info(
          { service: transition.service, from: transition.from, to: transition.to, cause: transition.cause },
          'service state changed'
        );
        // Served at once; the stored changes catch up at the next uptime read.
        const list = changes.get(check.service) ?? [];
        list.push({ at: Date.parse(transition.at), to: transition.to });
        changes.set(check.service, list);
      }
      try {
        await options.store.record(check, status, transition);
      } catch (error) {
        storeFailed(error, 'infrastructure state: cannot store a check; kept in memory');
      }
    },
    setReputation(entries) {
      reputation = entries;
      version += 1;
    },
    refresh() {
      refreshing ??= refresh().finally(() => {
        refreshing = undefined;
      });
      return refreshing;
    },
    view,
    viewJson() {
      const key = `${version}:${Math.floor(now() / 1_000)}`;
      if (serialized?.key !== key) {
        const { reputation: entries, reputationCheckedAt, ...rest } = view();
        const answer: InfrastructureResponse = { ...rest, reputation: reputationSummary(entries, reputationCheckedAt) };
        serialized = { key, json: Buffer.from(JSON.stringify(answer)) };
      }
      return serialized.json;
    },
    reputationJson() {
      if (serializedReputation?.entries !== reputation) {
        const { reputationCheckedAt } = view();
        const answer: ReputationResponse = { checkedAt: reputationCheckedAt, entries: reputation };
        serializedReputation = { entries: reputation, json: Buffer.from(JSON.stringify(answer)) };
      }
      return serializedReputation.json;
    },
    probes: () => options.probes,
    storeReachable: () => now() - lastStoreFailure > STORE_DOWN_FOR_MS,
  };
}
