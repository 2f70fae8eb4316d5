/**
 * Host bundle entry: what Grafana's frontend does before a plugin runs. `window.grafanaBootData` is
 * set inline by the harness page before this bundle evaluates (@grafana/runtime reads it on import).
 */
import { EventBusSrv, type CurrentUser, type DataSourcePluginMeta } from '@grafana/data';
import {
  config,
  FakeEchoSrv,
  locationService,
  setAppEvents,
  setBackendSrv,
  setCurrentUser,
  setDataSourceSrv,
  setEchoSrv,
  setPluginComponentHook,
  setPluginComponentsHook,
  setPluginFunctionsHook,
  setPluginLinksHook,
  setTemplateSrv,
  type TemplateSrv,
} from '@grafana/runtime';
import { GlobalStyles, PortalContainer, ThemeContext } from '@grafana/ui';
import { createRoot } from 'react-dom/client';

import { HarnessBackendSrv } from './backendSrv';
import { HarnessDataSourceSrv, type DataSourceDto } from './dataSourceSrv';
import { HarnessApp, type HarnessHistory } from './HarnessApp';
import { registerOptionEditors } from './optionEditors';
import { registerSharedDependencies } from './sharedDependencies';

/** Extra data the harness server puts beside grafanaBootData. */
interface HarnessBootData {
  dataSourceMetas: Record<string, DataSourcePluginMeta>;
  dataSources: DataSourceDto[];
}

declare global {
  interface Window {
    __harnessBootData: HarnessBootData;
    __harnessReady?: boolean;
  }
}

/** Template variables do not exist in the harness: strings pass through unchanged. */
const passThroughTemplateSrv: TemplateSrv = {
  getVariables: () => [],
  replace: (target?: string) => target ?? '',
  containsTemplate: () => false,
  updateTimeRange: () => {},
};

/**
 * Grafana's two Inter faces (GlobalStyles/fonts: Regular 400, Medium 500; bolder weights are synthesised from
 * Medium), loaded before anything renders: @grafana/ui's measureText caches what the canvas measured, and a canvas
 * asking for a face still loading measures in the browser's default font. Faces added here win over GlobalStyles'
 * identical CSS ones, so the page and the canvas draw with these.
 */
async function loadInter() {
  const faces = [
    new FontFace('Inter', "url('/public/fonts/inter/Inter-Regular.woff2') format('woff2')", { weight: '400' }),
    new FontFace('Inter', "url('/public/fonts/inter/Inter-Medium.woff2') format('woff2')", { weight: '500' }),
  ];
  await Promise.all(faces.map((face) => face.load()));
  faces.forEach((face) => document.fonts.add(face));
}

async function start() {
  registerSharedDependencies(window.System);
  registerOptionEditors();

  const appEvents = new EventBusSrv();
  window.__harnessAppEvents = appEvents;
  setAppEvents(appEvents);
  setBackendSrv(new HarnessBackendSrv(appEvents));
  setTemplateSrv(passThroughTemplateSrv);
  setEchoSrv(new FakeEchoSrv()); // reportInteraction() and friends need one
  setCurrentUser(config.bootData.user as unknown as CurrentUser); // hasPermission() reads it
  // No other plugins extend this one in the harness: every extension point is empty.
  setPluginLinksHook(() => ({ links: [], isLoading: false }));
  setPluginComponentsHook(() => ({ components: [], isLoading: false }));
  setPluginComponentHook(() => ({ component: null, isLoading: false }));
  setPluginFunctionsHook(() => ({ functions: [], isLoading: false }));
  // The runtime's own browser-history locationService: plugins get the same instance through SystemJS.
  const boot = window.__harnessBootData;
  setDataSourceSrv(new HarnessDataSourceSrv(boot.dataSourceMetas, boot.dataSources));

  await loadInter();
  const root = createRoot(document.getElementById('reactRoot')!);
  root.render(
    <ThemeContext.Provider value={config.theme2}>
      <GlobalStyles />
      <HarnessApp history={locationService.getHistory() as unknown as HarnessHistory} />
      <PortalContainer />
    </ThemeContext.Provider>
  );
  window.__harnessReady = true;
}

void start();
