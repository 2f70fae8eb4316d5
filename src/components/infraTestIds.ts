// data-testid values of the infrastructure views (the Infrastructure page, the home overview, the status board and
// the shared findings list), used by the component tests and the browser tests (tests/). Same convention as
// testIds.ts: the "data-testid " prefix of Grafana's selectors.
const id = (name: string) => `data-testid ${name}`;

export const infraTestIds = {
  infrastructure: {
    container: id('infra-container'),
    loading: id('infra-loading'),
    error: id('infra-error'),
    stale: id('infra-stale'),
    lastUpdated: id('infra-last-updated'),
    pollingPaused: id('infra-polling-paused'),
    /** No probes configured. */
    servicesEmpty: id('infra-services-empty'),
    /** One card per service; carries data-state and aria-pressed (its history is open). */
    card: (service: string) => id(`infra-card-${service}`),
    cardState: (service: string) => id(`infra-card-state-${service}`),
    cardLatency: (service: string) => id(`infra-card-latency-${service}`),
    cardSince: (service: string) => id(`infra-card-since-${service}`),
    cardCause: (service: string) => id(`infra-card-cause-${service}`),
    cardSparkline: (service: string) => id(`infra-card-sparkline-${service}`),
    /** window: 24h, 7d, 30d. */
    cardUptime: (service: string, window: string) => id(`infra-card-uptime-${service}-${window}`),
    reputation: id('infra-reputation'),
    reputationSummary: id('infra-reputation-summary'),
    reputationError: id('infra-reputation-error'),
    reputationStale: id('infra-reputation-stale'),
    /** No sending IPs configured. */
    reputationEmpty: id('infra-reputation-empty'),
    /** One row per IP and list; carries data-state. */
    reputationRow: (ip: string, zone: string) => id(`infra-reputation-${ip}-${zone}`),
    history: {
      container: id('infra-history'),
      close: id('infra-history-close'),
      range: id('infra-history-range'),
      chart: id('infra-history-chart'),
      states: id('infra-history-states'),
      error: id('infra-history-error'),
      transitions: id('infra-history-transitions'),
      transitionsEmpty: id('infra-history-transitions-empty'),
    },
  },
  /** The shared findings list (Infrastructure page and home overview). */
  findings: {
    list: id('findings-list'),
    empty: id('findings-empty'),
    /** One finding; carries data-severity and data-service. */
    item: (findingId: string) => id(`finding-${findingId}`),
    logsLink: (findingId: string) => id(`finding-logs-${findingId}`),
  },
  overview: {
    container: id('overview-container'),
    /** A section's link to its page; section: services, findings, queues, logs. */
    sectionLink: (section: string) => id(`overview-link-${section}`),
    sectionError: (section: string) => id(`overview-error-${section}`),
    sectionStale: (section: string) => id(`overview-stale-${section}`),
    /** One compact service state; carries data-state. */
    service: (service: string) => id(`overview-service-${service}`),
    servicesEmpty: id('overview-services-empty'),
    /** One tier's depth and failures; carries data-depth, data-backing-up. */
    tier: (tier: string) => id(`overview-tier-${tier}`),
    /** A queue that is backing up, by name. */
    backlog: (queue: string) => id(`overview-backlog-${queue}`),
    queuesEmpty: id('overview-queues-empty'),
    /** Error and fatal log lines of the last hour; carries data-total. */
    errorVolume: id('overview-error-volume'),
    /** The monitoring service's own dependencies (the former home page), secondary. */
    dependencies: id('overview-dependencies'),
  },
  statusBoard: {
    container: id('statusboard-container'),
    empty: id('statusboard-empty'),
    /** In place of the board when the query failed: "No data — <why>". */
    failed: id('statusboard-failed'),
    /** One tile per service; carries data-state. */
    tile: (service: string) => id(`statusboard-tile-${service}`),
    label: (service: string) => id(`statusboard-label-${service}`),
    state: (service: string) => id(`statusboard-state-${service}`),
    /** The line under the state: latency and since when. */
    detail: (service: string) => id(`statusboard-detail-${service}`),
    latency: (service: string) => id(`statusboard-latency-${service}`),
    since: (service: string) => id(`statusboard-since-${service}`),
    cause: (service: string) => id(`statusboard-cause-${service}`),
  },
};
