// A vertical of the service (queues; later logs, infrastructure, alerting) as one registration unit: its SQL
// migrations, and, once started, its routes, query handlers, periodic jobs and Prometheus metrics. server.ts
// lists the units; nothing else in the service changes when one is added.
import type { QueueSnapshot } from '@penguinmails/sysmon-contract';
import type { Metric } from 'prom-client';
import type { Config } from '../config.ts';
import type { Pool } from '../db/pool.ts';
import type { Route } from '../http/route.ts';
import type { Logger } from '../logger.ts';
import type { PeriodicJobDefinition } from '../periodic/periodicJob.ts';
import type { EventProviders, QueryHandlerTable, VariableProviders } from '../query/dispatch.ts';
import type { Redis } from '../redis.ts';

/** What every unit is started with: the service's configuration and its shared connections. */
export interface UnitContext {
  config: Config;
  logger: Logger;
  /** For request work (reads answering queries and pages). */
  pool: Pool;
  /** For the service's own work: health checks, the sampler, actions' writes (db/pool.ts SYSTEM_POOL_MAX). */
  systemPool: Pool;
  redis: Redis;
  /**
   * What other units provide (their StartedUnit.provides), filled in as units start: read it when work runs,
   * not in start(), and expect a member to be missing when its unit is not registered.
   */
  services: Readonly<Partial<UnitServices>>;
}

/** What a unit offers the others, by name (typed here so a consumer knows exactly what it gets). */
export interface UnitServices {
  /** Every queue's latest snapshot from the queue read path's shared cache (no extra Redis round trip). */
  queueSnapshots(): Promise<QueueSnapshot[]>;
}

export interface StartedUnit {
  /** Entries of the one routes table (http/routes.ts), in the order they must match. */
  routes: Route[];
  /** The query types this unit answers in POST /api/query. */
  queryHandlers?: QueryHandlerTable;
  /** The dashboard variables this unit gives values for (the `variable` query type routes by name). */
  variables?: VariableProviders;
  /** The annotation sources this unit gives events for (the `events` query type routes by source). */
  events?: EventProviders;
  /** Run by the one replica holding each job's advisory lock (server.ts gives them the lock pool). */
  periodicJobs?: PeriodicJobDefinition[];
  /** prom-client metrics created with `registers: []`; server.ts registers them on /metrics. */
  metrics?: Metric[];
  /** What this unit offers the others (UnitContext.services). */
  provides?: Partial<UnitServices>;
  /** Releases what the unit holds (not the shared connections); called after its periodic jobs stopped. */
  close?(): Promise<void>;
}

export interface Unit {
  name: string;
  /**
   * Folder of the unit's `NNN_name.sql` migrations. Numbers are unique across all units and applied in order
   * (db/migrate.ts); placeholders {{schema}} and {{ledger_table}}.
   */
  migrations?: URL;
  start(context: UnitContext): StartedUnit;
}
