/**
 * The packages Grafana shares with plugins (the externals in .config/bundler/externals.ts), provided
 * to the AMD plugin modules through SystemJS the way Grafana does: an import map sends the bare name
 * to a `package:` URL and `System.set` puts the real module in the registry under that URL.
 */
import * as emotionCss from '@emotion/css';
import * as emotionReact from '@emotion/react';
import * as grafanaData from '@grafana/data';
import * as grafanaDataUnstable from '@grafana/data/unstable';
import * as grafanaI18n from '@grafana/i18n';
import * as grafanaRuntime from '@grafana/runtime';
import * as grafanaRuntimeUnstable from '@grafana/runtime/unstable';
import * as grafanaUi from '@grafana/ui';
import * as grafanaUiUnstable from '@grafana/ui/unstable';
import i18next from 'i18next';
import jquery from 'jquery';
import lodash from 'lodash';
// eslint-disable-next-line no-restricted-imports -- Grafana still shares moment with plugins
import moment from 'moment';
// @ts-expect-error prismjs ships no types; only the module object is passed on
import prismjs from 'prismjs';
import React from 'react';
import ReactDOM from 'react-dom';
import * as ReactDOMClient from 'react-dom/client';
import * as jsxRuntime from 'react/jsx-runtime';
import * as reactRedux from 'react-redux';
import * as reactRouter from 'react-router';
import * as reactRouterDom from 'react-router-dom';
import * as redux from 'redux';
import * as rxjs from 'rxjs';
import * as rxjsOperators from 'rxjs/operators';

import { HarnessPluginPage } from './HarnessPluginPage';

interface SystemJSLike {
  addImportMap(map: { imports: Record<string, string> }): void;
  set(id: string, module: object): unknown;
  import(id: string): Promise<Record<string, unknown>>;
}

declare global {
  interface Window {
    System: SystemJSLike;
  }
}

/** Gives a CommonJS export object an ES-module shape so both `import x from` and named imports work. */
function commonJsModule(value: object): object {
  return { ...(value as Record<string, unknown>), default: value, __useDefault: true };
}

export const SHARED_DEPENDENCIES: Record<string, object> = {
  '@emotion/css': emotionCss,
  '@emotion/react': emotionReact,
  '@grafana/data': grafanaData,
  '@grafana/data/unstable': grafanaDataUnstable,
  '@grafana/i18n': grafanaI18n,
  // Grafana replaces runtime's default PluginPage (a bare div) with its page chrome; so does the harness.
  '@grafana/runtime': { ...grafanaRuntime, PluginPage: HarnessPluginPage },
  '@grafana/runtime/unstable': grafanaRuntimeUnstable,
  '@grafana/ui': grafanaUi,
  '@grafana/ui/unstable': grafanaUiUnstable,
  i18next: commonJsModule(i18next),
  jquery: commonJsModule(jquery),
  lodash: commonJsModule(lodash),
  moment: commonJsModule(moment),
  prismjs: commonJsModule(prismjs),
  react: commonJsModule(React),
  'react-dom': commonJsModule(ReactDOM),
  'react-dom/client': ReactDOMClient,
  'react/jsx-runtime': jsxRuntime,
  'react/jsx-dev-runtime': jsxRuntime,
  'react-redux': reactRedux,
  'react-router': reactRouter,
  'react-router-dom': reactRouterDom,
  redux,
  rxjs,
  'rxjs/operators': rxjsOperators,
};

export function registerSharedDependencies(system: SystemJSLike) {
  const imports: Record<string, string> = {};
  for (const name of Object.keys(SHARED_DEPENDENCIES)) {
    imports[name] = `package:${name}`;
  }
  system.addImportMap({ imports });
  for (const [name, module] of Object.entries(SHARED_DEPENDENCIES)) {
    system.set(`package:${name}`, module);
  }
}
