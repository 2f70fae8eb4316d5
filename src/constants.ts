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
  Infrastructure = 'infrastructure',
  Glossary = 'glossary',
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

/**
 * Infrastructure page and home overview: GET /api/infrastructure is served from the status engine's memory, so it is
 * polled as often as the queues; the 24 h latency sparklines only need their shape, so less often.
 */
export const INFRASTRUCTURE_POLL_INTERVAL_MS = 5000;
/** The reputation entries: read again when a pass finished (the polled summary says so), else this often. */
export const REPUTATION_POLL_INTERVAL_MS = 60_000;
export const SERVICE_SPARKLINE_POLL_INTERVAL_MS = 60000;
/** The per-service history (latency chart and state changes) of the selected card. */
export const SERVICE_HISTORY_POLL_INTERVAL_MS = 30000;

/** Home overview: the error-log volume of the last hour (one POST /api/query). */
export const OVERVIEW_LOG_VOLUME_POLL_INTERVAL_MS = 30000;

/**
 * When the home overview calls a queue "backing up": its oldest waiting job has waited this long, or this many jobs
 * wait (the queue board's default warning thresholds).
 */
export const BACKLOG_WARNING = { oldestWaitMs: 60_000, depth: 1000 } as const;
