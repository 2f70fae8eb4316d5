// Ids are literals (not imported from plugin.json) because src/plugin.json is a symlink to the root
// manifest, which TypeScript resolves outside rootDir. constants.test.ts keeps them in sync.
export const PLUGIN_ID = 'penguinmails-sysmon-app';
export const PLUGIN_BASE_URL = `/a/${PLUGIN_ID}`;
/** Grafana's plugin settings page, where the app's configuration page is shown. */
export const PLUGIN_CONFIG_URL = `/plugins/${PLUGIN_ID}`;

export const DATASOURCE_TYPE = 'penguinmails-sysmon-datasource';
export const DATASOURCE_NAME = 'PenguinMails Sysmon';
/** Uid of the provisioned data source; used when the app settings do not name another one. */
export const DEFAULT_DATASOURCE_UID = 'penguinmails-sysmon';

export enum ROUTES {
  Home = 'home',
  Queues = 'queues',
  QueueDetail = 'queues/:queue',
  Logs = 'logs',
}

/** How often the home page refreshes /api/health. */
export const HEALTH_POLL_INTERVAL_MS = 5000;

/** Queues page: snapshot refresh, depth sparkline history refresh, drift check. */
export const QUEUES_POLL_INTERVAL_MS = 5000;
export const QUEUE_HISTORY_POLL_INTERVAL_MS = 30000;
export const DRIFT_POLL_INTERVAL_MS = 60000;

/**
 * Logs page: live tail poll and the most lines it keeps. Half a second, not one: the store hands a new line to the
 * tail only once every lower id is settled, which can hold it back one poll, and the goal is ≤ 2 s ingest → screen.
 */
export const LOGS_TAIL_INTERVAL_MS = 500;
export const LOGS_TAIL_BUFFER = 5000;
