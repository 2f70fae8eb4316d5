// @penguinmails/sysmon-contract: what the plugin and the service agree on, imported by name by both.
export * from './frames.ts';
export * from './glossary.ts';
export * from './infra.ts';
export * from './logs.ts';
export * from './metrics.ts';
export * from './migrateQuery.ts';
export * from './pages.ts';
export * from './queryModel.ts';
export * from './queueApi.ts';
export * from './queues.ts';
export * from './serviceApi.ts';
export * from './tiers.ts';
export * from './units.ts';
