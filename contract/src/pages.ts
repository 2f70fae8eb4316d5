// The app's pages a metric or a query field is shown on, by path under the app's URL (/a/<app id>/<path>): the
// glossary links to them and docs/METRICS.md names them. The plugin's routes (src/constants.ts ROUTES) are checked
// against these paths by its tests.

export interface AppPageLink {
  /** Under the app's base URL, without a leading slash (e.g. `queues`). */
  readonly path: string;
  /** What a link to it says, naming the part of the page that shows the value. */
  readonly label: string;
}

export const APP_PAGES = {
  home: 'home',
  queues: 'queues',
  infrastructure: 'infrastructure',
  logs: 'logs',
  glossary: 'glossary',
} as const;

export type AppPage = keyof typeof APP_PAGES;

const PAGE_TITLES: Readonly<Record<AppPage, string>> = {
  home: 'Home',
  queues: 'Queues',
  infrastructure: 'Infrastructure',
  logs: 'Logs',
  glossary: 'Glossary',
};

/** A link to a page, naming where on it the value is (`Queues: the queue table`). */
export const shownAt = (page: AppPage, where?: string): AppPageLink => ({
  path: APP_PAGES[page],
  label: where ? `${PAGE_TITLES[page]}: ${where}` : PAGE_TITLES[page],
});
