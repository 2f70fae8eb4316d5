/**
 * One nested panel rendered the way a Grafana dashboard does, filling the window (a kiosk wall screen):
 * the panel plugin's AMD module is loaded, its query runs through the data source's own DataSourceApi.query()
 * (so through the data proxy), the frames get field overrides applied, and the panel component receives
 * PanelProps with options defaulted from its option builder inside Grafana's PanelChrome.
 *
 *   /harness/panel/<panelId>?query=<json target>&options=<json>&ds=<uid>&from=now-6h&to=now&refresh=5s&title=
 *
 * For tests: the wrapper carries data-state (LoadingState), data-queries (queries run so far), data-width and
 * data-height (the size given to the panel).
 */
import { css } from '@emotion/css';
import {
  applyFieldOverrides,
  CoreApp,
  EventBusSrv,
  LoadingState,
  rangeUtil,
  type DataQuery,
  type DataQueryRequest,
  type DataQueryResponse,
  type FieldConfigSource,
  type PanelData,
  type PanelPlugin,
  type PanelPluginMeta,
  type TimeRange,
} from '@grafana/data';
import { config, getDataSourceSrv } from '@grafana/runtime';
import { Alert, LoadingPlaceholder, PanelChrome } from '@grafana/ui';
import { useEffect, useMemo, useRef, useState } from 'react';
import { useLocation, useParams } from 'react-router';
import { from, isObservable, type Subscription } from 'rxjs';

import { loadPanelPlugin } from './pluginLoader';

const DATASOURCE_TYPE = 'penguinmails-sysmon-datasource';

interface PanelPageParams {
  target: DataQuery & Record<string, unknown>;
  options: Record<string, unknown>;
  dataSourceUid?: string;
  range: { from: string; to: string };
  refreshMs?: number;
  title: string;
}

function parseJsonParam(search: URLSearchParams, name: string, fallback: Record<string, unknown>) {
  const raw = search.get(name);
  if (!raw) {
    return fallback;
  }
  const value = JSON.parse(raw) as unknown;
  if (!value || typeof value !== 'object' || Array.isArray(value)) {
    throw new Error(`?${name}= must be a JSON object`);
  }
  return value as Record<string, unknown>;
}

function parseParams(search: URLSearchParams): PanelPageParams {
  const refresh = search.get('refresh');
  return {
    target: { refId: 'A', ...parseJsonParam(search, 'query', { queryType: 'queues' }) } as PanelPageParams['target'],
    options: parseJsonParam(search, 'options', {}),
    dataSourceUid: search.get('ds') ?? undefined,
    range: { from: search.get('from') ?? 'now-6h', to: search.get('to') ?? 'now' },
    refreshMs: refresh ? rangeUtil.intervalToMs(refresh) : undefined,
    title: search.get('title') ?? '',
  };
}

/** The window's size, kept current (the panel fills it like a kiosk-mode dashboard with one panel). */
function useElementSize() {
  const ref = useRef<HTMLDivElement>(null);
  const [size, setSize] = useState({ width: 0, height: 0 });
  useEffect(() => {
    const element = ref.current;
    if (!element) {
      return;
    }
    const observer = new ResizeObserver(([entry]) => {
      const { width, height } = entry.contentRect;
      setSize({ width: Math.floor(width), height: Math.floor(height) });
    });
    observer.observe(element);
    return () => observer.disconnect();
  }, []);
  return { ref, ...size };
}

/** Grafana's dashboard defaults: options from the plugin's option builder, field config from its registry. */
function panelDefaults(plugin: PanelPlugin, overrides: Record<string, unknown>) {
  const options = { ...plugin.defaults, ...overrides };
  const fieldConfig: FieldConfigSource = { defaults: { ...plugin.fieldConfigDefaults.defaults }, overrides: [] };
  return { options, fieldConfig };
}

export function PanelHarnessPage() {
  const { panelId = '' } = useParams<{ panelId: string }>();
  const location = useLocation();
  const [plugin, setPlugin] = useState<PanelPlugin>();
  const [error, setError] = useState<string>();
  const [data, setData] = useState<PanelData>();
  const [queries, setQueries] = useState(0);
  const { ref, width, height } = useElementSize();
  const eventBus = useMemo(() => new EventBusSrv(), []);

  const params = useMemo(() => {
    try {
      return parseParams(new URLSearchParams(location.search));
    } catch (err) {
      return err instanceof Error ? err : new Error(String(err));
    }
  }, [location.search]);

  const meta = (config.panels as Record<string, PanelPluginMeta | undefined>)[panelId];
  const missingPanel = meta
    ? undefined
    : `No panel plugin "${panelId}" in dist/ (known: ${Object.keys(config.panels).join(', ') || 'none'})`;
  useEffect(() => {
    if (meta) {
      loadPanelPlugin(meta).then(setPlugin, (err: unknown) =>
        setError(err instanceof Error ? err.message : String(err))
      );
    }
  }, [meta]);

  const defaults = useMemo(
    () => (plugin && !(params instanceof Error) ? panelDefaults(plugin, params.options) : undefined),
    [plugin, params]
  );

  // Runs the query now and every refreshMs, as a dashboard's query runner does.
  const widthKnown = width > 0;
  useEffect(() => {
    if (!plugin || !defaults || params instanceof Error || !widthKnown) {
      return;
    }
    let cancelled = false;
    let subscription: Subscription | undefined;
    let runs = 0;
    const run = async () => {
      const range: TimeRange = rangeUtil.convertRawToRange(params.range);
      const { interval, intervalMs } = rangeUtil.calculateInterval(range, Math.max(width, 100));
      const ds = await getDataSourceSrv().get(
        params.dataSourceUid ?? getDataSourceSrv().getList({ pluginId: DATASOURCE_TYPE })[0]?.uid
      );
      const target = { ...params.target, datasource: { uid: ds.uid, type: ds.type } };
      const request: DataQueryRequest = {
        app: CoreApp.Dashboard,
        requestId: `harness-panel-${++runs}`,
        dashboardUID: 'harness',
        panelId: 1,
        interval,
        intervalMs,
        maxDataPoints: Math.max(width, 100),
        range,
        rangeRaw: range.raw,
        scopedVars: {},
        targets: [target],
        timezone: 'browser',
        startTime: Date.now(),
      };
      const answer = ds.query(request);
      subscription?.unsubscribe();
      subscription = (isObservable(answer) ? answer : from(answer as Promise<DataQueryResponse>)).subscribe({
        next: (response: DataQueryResponse) => {
          if (cancelled) {
            return;
          }
          const series = applyFieldOverrides({
            data: response.data,
            fieldConfig: defaults.fieldConfig,
            fieldConfigRegistry: plugin.fieldConfigRegistry,
            replaceVariables: (value: string) => value,
            theme: config.theme2,
            timeZone: 'browser',
          });
          setData({
            state: response.state ?? (response.errors?.length ? LoadingState.Error : LoadingState.Done),
            series,
            errors: response.errors,
            timeRange: range,
            request,
          });
          setQueries(runs);
        },
        error: (err: unknown) =>
          !cancelled &&
          setData({
            state: LoadingState.Error,
            series: [],
            errors: [{ message: err instanceof Error ? err.message : JSON.stringify(err) }],
            timeRange: range,
            request,
          }),
      });
    };
    const runSafely = () =>
      run().catch((err: unknown) => !cancelled && setError(err instanceof Error ? err.message : String(err)));
    void runSafely();
    const timer = params.refreshMs ? setInterval(runSafely, params.refreshMs) : undefined;
    return () => {
      cancelled = true;
      clearInterval(timer);
      subscription?.unsubscribe();
    };
    // width only matters for the first run (maxDataPoints); resizing does not re-query, as in Grafana.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [plugin, defaults, params, widthKnown]);

  const problem = params instanceof Error ? params.message : (missingPanel ?? error);
  const Panel = plugin?.panel;
  return (
    <div
      ref={ref}
      className={styles.viewport}
      data-testid="harness-panel"
      data-panel={panelId}
      data-state={data?.state ?? 'NotStarted'}
      data-queries={queries}
      data-width={width}
      data-height={height}
    >
      {problem && (
        <Alert title="The panel could not be rendered" severity="error" data-testid="harness-panel-error">
          {problem}
        </Alert>
      )}
      {!problem && (!plugin || !data || !Panel || !defaults) && <LoadingPlaceholder text="Loading panel..." />}
      {!problem && plugin && data && Panel && defaults && width > 0 && height > 0 && (
        <PanelChrome
          width={width}
          height={height}
          title={params instanceof Error ? '' : params.title}
          loadingState={data.state}
          statusMessage={data.errors?.[0]?.message}
        >
          {(innerWidth, innerHeight) => (
            <Panel
              id={1}
              data={data}
              timeRange={data.timeRange}
              timeZone="browser"
              options={defaults.options}
              fieldConfig={defaults.fieldConfig}
              transparent={false}
              width={innerWidth}
              height={innerHeight}
              renderCounter={queries}
              title={params instanceof Error ? '' : params.title}
              eventBus={eventBus}
              onOptionsChange={() => {}}
              onFieldConfigChange={() => {}}
              replaceVariables={(value: string) => value}
              onChangeTimeRange={() => {}}
            />
          )}
        </PanelChrome>
      )}
    </div>
  );
}

const styles = {
  viewport: css({ position: 'fixed', inset: 0, padding: 8, overflow: 'hidden' }),
};
