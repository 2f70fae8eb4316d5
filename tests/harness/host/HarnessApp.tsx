/**
 * The harness's "Grafana shell": a thin top bar, toasts, and the two plugin surfaces Grafana mounts:
 * the app root under /a/<pluginId>/* and the app's config page(s) under /plugins/<pluginId>; plus one
 * nested panel alone under /harness/panel/<panelId> (PanelHarnessPage, no shell).
 */
import { css } from '@emotion/css';
import {
  AppEvents,
  type AppPlugin,
  type AppPluginMeta,
  type GrafanaTheme2,
  type KeyValue,
  type NavModel,
  urlUtil,
} from '@grafana/data';
import { config, locationSearchToObject } from '@grafana/runtime';
import { Alert, ErrorBoundaryAlert, LoadingPlaceholder, Tab, TabsBar, useStyles2 } from '@grafana/ui';
import React, { useEffect, useState } from 'react';
import { Route, Router, Routes, useLocation } from 'react-router';

import { HarnessAppNavContext } from './HarnessPluginPage';
import { PanelHarnessPage } from './PanelHarnessPage';
import { APP_PLUGIN_ID, loadAppPlugin } from './pluginLoader';

type LegacyEmitter = {
  on(event: { name: string }, handler: (payload: unknown) => void): void;
  off(event: { name: string }, handler: (payload: unknown) => void): void;
};

/** The parts of the history (v4) object behind Grafana's locationService that the router needs. */
export interface HarnessHistory {
  location: HistoryLocation;
  listen(listener: (location: HistoryLocation) => void): () => void;
}
interface HistoryLocation {
  pathname: string;
  search: string;
  hash: string;
  state?: unknown;
  key?: string;
}

/** Keeps react-router in step with the history object behind Grafana's locationService. */
export function HistoryRouter({ history, children }: { history: HarnessHistory; children: React.ReactNode }) {
  const [location, setLocation] = useState<HistoryLocation>(history.location);
  useEffect(() => history.listen((next) => setLocation(next)), [history]);
  return (
    <Router location={location} navigator={history as never}>
      {children}
    </Router>
  );
}

function useAppPlugin(): { plugin?: AppPlugin; error?: string } {
  const [state, setState] = useState<{ plugin?: AppPlugin; error?: string }>({});
  useEffect(() => {
    let cancelled = false;
    fetch(`/api/plugins/${APP_PLUGIN_ID}/settings`)
      .then((response) => {
        if (!response.ok) {
          throw new Error(`GET /api/plugins/${APP_PLUGIN_ID}/settings answered ${response.status}`);
        }
        return response.json() as Promise<AppPluginMeta>;
      })
      .then(loadAppPlugin)
      .then(
        (plugin) => !cancelled && setState({ plugin }),
        (error: unknown) => !cancelled && setState({ error: error instanceof Error ? error.message : String(error) })
      );
    return () => {
      cancelled = true;
    };
  }, []);
  return state;
}

function PluginLoadState({ error }: { error?: string }) {
  if (error) {
    return (
      <Alert title="The plugin could not be loaded" severity="error" data-testid="harness-plugin-error">
        {error}
      </Alert>
    );
  }
  return <LoadingPlaceholder text="Loading plugin..." />;
}

function AppRootPage() {
  const { plugin, error } = useAppPlugin();
  const location = useLocation();
  const [, setNav] = useState<NavModel>();
  if (!plugin) {
    return <PluginLoadState error={error} />;
  }
  const Root = plugin.root;
  if (!Root) {
    return <PluginLoadState error="The app does not set a root page (AppPlugin.setRootPage)" />;
  }
  const appNav = { text: plugin.meta.name, img: plugin.meta.info?.logos?.small, url: `/a/${plugin.meta.id}` };
  return (
    <HarnessAppNavContext.Provider value={appNav}>
      <ErrorBoundaryAlert>
        <Root
          meta={plugin.meta}
          basename={`/a/${plugin.meta.id}`}
          onNavChanged={setNav}
          query={locationSearchToObject(location.search) as KeyValue}
          path={location.pathname}
        />
      </ErrorBoundaryAlert>
    </HarnessAppNavContext.Provider>
  );
}

function PluginConfigPage() {
  const { plugin, error } = useAppPlugin();
  const location = useLocation();
  const styles = useStyles2(getStyles);
  if (!plugin) {
    return <PluginLoadState error={error} />;
  }
  const query = locationSearchToObject(location.search) as KeyValue;
  const pages = plugin.configPages ?? [];
  if (pages.length === 0) {
    return <PluginLoadState error="The app has no config page (AppPlugin.addConfigPage)" />;
  }
  const active = pages.find((page) => page.id === query.page) ?? pages[0];
  const Body = active.body;
  return (
    <div className={styles.configPage} data-testid="harness-config-page">
      <h1>{plugin.meta.name}</h1>
      <TabsBar>
        {pages.map((page) => (
          <Tab
            key={page.id}
            label={page.title}
            icon={page.icon}
            active={page.id === active.id}
            href={urlUtil.renderUrl(`/plugins/${plugin.meta.id}`, { page: page.id })}
          />
        ))}
      </TabsBar>
      <div className={styles.configBody}>
        <ErrorBoundaryAlert>
          <Body plugin={plugin} query={query} />
        </ErrorBoundaryAlert>
      </div>
    </div>
  );
}

function Toasts() {
  const [toasts, setToasts] = useState<Array<{ id: number; severity: 'error' | 'success' | 'warning'; text: string }>>(
    []
  );
  const styles = useStyles2(getStyles);
  useEffect(() => {
    const emitter = window.__harnessAppEvents as LegacyEmitter | undefined;
    if (!emitter) {
      return;
    }
    let nextId = 1;
    const subscriptions = (
      [
        [AppEvents.alertError, 'error'],
        [AppEvents.alertSuccess, 'success'],
        [AppEvents.alertWarning, 'warning'],
      ] as const
    ).map(([event, severity]) => {
      const handler = (payload: unknown) => {
        // emit() passes [title, text]; publish() passes the event object with its payload.
        const parts = Array.isArray(payload) ? payload : ((payload as { payload?: unknown[] })?.payload ?? []);
        const text = parts.filter((part) => typeof part === 'string').join(': ');
        const id = nextId++;
        setToasts((current) => [...current, { id, severity, text }]);
        setTimeout(() => setToasts((current) => current.filter((toast) => toast.id !== id)), 8000);
      };
      emitter.on(event, handler);
      return () => emitter.off(event, handler);
    });
    return () => subscriptions.forEach((unsubscribe) => unsubscribe());
  }, []);
  return (
    <div className={styles.toasts}>
      {toasts.map((toast) => (
        <Alert key={toast.id} title={toast.text} severity={toast.severity} data-testid="harness-toast" />
      ))}
    </div>
  );
}

function TopBar() {
  const styles = useStyles2(getStyles);
  const user = config.bootData.user;
  return (
    <div className={styles.topBar} data-testid="harness-top-bar">
      <strong>Grafana harness</strong>
      <a href={`/a/${APP_PLUGIN_ID}/home`}>App</a>
      <a href={`/plugins/${APP_PLUGIN_ID}`}>Configuration</a>
      <span className={styles.user} data-testid="harness-user">
        {user.login} ({user.orgRole})
      </span>
    </div>
  );
}

function NotFound() {
  return (
    <Alert title="Page not found" severity="warning">
      {`The harness serves /a/${APP_PLUGIN_ID}/* and /plugins/${APP_PLUGIN_ID}.`}
    </Alert>
  );
}

function Shell() {
  const styles = useStyles2(getStyles);
  return (
    <div className={styles.shell}>
      <TopBar />
      <Toasts />
      <main className={styles.main}>
        <Routes>
          <Route path="/a/:pluginId/*" element={<AppRootPage />} />
          <Route path="/plugins/:pluginId" element={<PluginConfigPage />} />
          <Route path="*" element={<NotFound />} />
        </Routes>
      </main>
    </div>
  );
}

export function HarnessApp({ history }: { history: HarnessHistory }) {
  return (
    <HistoryRouter history={history}>
      <Routes>
        {/* A single panel fills the window, without the shell (kiosk). */}
        <Route path="/harness/panel/:panelId" element={<PanelHarnessPage />} />
        <Route path="*" element={<Shell />} />
      </Routes>
    </HistoryRouter>
  );
}

declare global {
  interface Window {
    __harnessAppEvents?: unknown;
  }
}

const getStyles = (theme: GrafanaTheme2) => ({
  shell: css({ minHeight: '100vh', background: theme.colors.background.canvas, color: theme.colors.text.primary }),
  topBar: css({
    display: 'flex',
    alignItems: 'center',
    gap: theme.spacing(2),
    padding: theme.spacing(1, 2),
    borderBottom: `1px solid ${theme.colors.border.weak}`,
    background: theme.colors.background.primary,
  }),
  user: css({ marginLeft: 'auto', color: theme.colors.text.secondary }),
  main: css({ padding: theme.spacing(0, 0, 4, 0) }),
  configPage: css({ padding: theme.spacing(2, 3) }),
  configBody: css({ paddingTop: theme.spacing(2) }),
  toasts: css({
    position: 'fixed',
    top: theme.spacing(7),
    right: theme.spacing(2),
    zIndex: theme.zIndex.portal,
    width: 420,
  }),
});
