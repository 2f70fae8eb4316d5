import React, { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { useSearchParams } from 'react-router-dom';
import { css } from '@emotion/css';
import { dateTimeFormat, type GrafanaTheme2 } from '@grafana/data';
import { PluginPage } from '@grafana/runtime';
import { Button, Text, useStyles2 } from '@grafana/ui';
import { LOG_LEVELS, type LogLevel } from '@penguinmails/sysmon-contract';
import { PolledContent } from '../../components/PolledContent/PolledContent';
import { testIds } from '../../components/testIds';
import { useSysmonClient } from '../../hooks/useSysmonClient';
import { usePolledResource } from '../../hooks/usePolledResource';
import { formatCount } from '../../utils/format';
import { logsViewParams, parseLogsView, type LogsViewState } from '../../utils/logsUrl';
import { downloadText, toCsv, toNdjson } from './download';
import { LevelChips } from './LevelChips';
import { LogContextDrawer } from './LogContextDrawer';
import { LogsList } from './LogsList';
import { LogsSearchBar } from './LogsSearchBar';
import { DownloadMenu, LogsTimeControls, TailControls } from './LogsToolbar';
import { LogVolumeChart } from './LogVolumeChart';
import { readServices, resultOf, servicesRequest, timeRangeOf, type LogRow } from './logsModel';
import { readSearchHistory, rememberSearch } from './searchHistory';
import { ServiceFilter } from './ServiceFilter';
import { addFilterTerm } from './searchTerms';
import { useElementWidth } from '../../hooks/useElementWidth';
import { useLogSearch, type LogResults } from './useLogSearch';

interface Props {
  datasourceUid: string;
  /** Live tail poll interval (tests shorten it). */
  tailIntervalMs?: number;
  tailBufferSize?: number;
}

const SERVICES_REFRESH_MS = 60_000;

/**
 * Search the platform's logs: search bar, level chips, services, time range, volume by level, the lines
 * (virtualised, expandable, filter by any value), context, load older, live tail and downloads. The URL holds the
 * whole view, so a link reproduces it.
 */
export function LogsPage({ datasourceUid, tailIntervalMs, tailBufferSize }: Props) {
  const styles = useStyles2(getStyles);
  const client = useSysmonClient(datasourceUid);
  const [searchParams, setSearchParams] = useSearchParams();
  const view = useMemo(() => parseLogsView(searchParams), [searchParams]);
  const [history, setHistory] = useState(() => readSearchHistory());
  const [paused, setPaused] = useState(false);
  const atTop = useRef(true);
  const [scrollTopSignal, setScrollTopSignal] = useState(0);

  const updateView = useCallback(
    (changes: Partial<LogsViewState>, options: { replace?: boolean } = {}) => {
      setSearchParams((previous) => logsViewParams({ ...parseLogsView(previous), ...changes }), {
        replace: options.replace,
      });
    },
    [setSearchParams]
  );

  const search = useLogSearch(client, view, {
    enabled: view.tail,
    paused,
    isAtTop: () => atTop.current,
    intervalMs: tailIntervalMs,
    bufferSize: tailBufferSize,
  });
  const results = search.resource.data;
  const range = useMemo(() => timeRangeOf(view.from, view.to), [view.from, view.to]);

  const loadServices = useCallback(async () => {
    const response = await client.query(servicesRequest(timeRangeOf(view.from, view.to)));
    const result = resultOf(response, 'services');
    if (result.error) {
      throw new Error(result.error);
    }
    return readServices(result.frames);
  }, [client, view.from, view.to]);
  const services = usePolledResource(loadServices, SERVICES_REFRESH_MS, `${view.from}|${view.to}`);

  const submitSearch = (text: string) => {
    setHistory(rememberSearch(text));
    if (text === view.search) {
      search.refresh();
    } else {
      updateView({ search: text, line: undefined, context: undefined });
    }
  };
  const addFilter = (field: string, value: string) => {
    const next = addFilterTerm(view.search, field, value);
    setHistory(rememberSearch(next));
    updateView({ search: next, line: undefined });
  };
  const download = (format: 'ndjson' | 'csv') => {
    const rows = results?.rows ?? [];
    const stamp = new Date().toISOString().replace(/[:.]/g, '-');
    if (format === 'ndjson') {
      downloadText(`logs-${stamp}.ndjson`, toNdjson(rows), 'application/x-ndjson');
    } else {
      downloadText(`logs-${stamp}.csv`, toCsv(rows), 'text/csv');
    }
  };
  const showNewLines = () => {
    search.showPending();
    setScrollTopSignal((n) => n + 1);
  };
  const levelCounts = useMemo(() => {
    // A level without a volume frame had no lines: 0, once the volume is known.
    const counts: Partial<Record<LogLevel, number>> = Object.fromEntries(LOG_LEVELS.map((level) => [level, 0]));
    for (const series of results?.volume ?? []) {
      counts[series.level] = (counts[series.level] ?? 0) + series.total;
    }
    return results?.volume ? counts : undefined;
  }, [results?.volume]);
  const [chartRef, chartWidth] = useElementWidth<HTMLDivElement>(800);
  const contextLine = view.context ? results?.rows.find((row) => row.id === view.context) : undefined;

  return (
    <PluginPage>
      <div className={styles.page} data-testid={testIds.logs.container}>
        <div className={styles.toolbar}>
          <LogsSearchBar value={view.search} history={history} onSubmit={submitSearch} error={results?.logsError} />
          <LogsTimeControls
            range={range}
            onChange={(from, to) => updateView({ from, to })}
            onRefresh={search.refresh}
            loading={!results && !search.resource.error}
          />
        </div>
        <div className={styles.toolbar}>
          <LevelChips selected={view.levels} counts={levelCounts} onChange={(levels) => updateView({ levels })} />
          <ServiceFilter
            services={services.data}
            error={services.error?.message}
            selected={view.services}
            onChange={(next) => updateView({ services: next })}
          />
          <div className={styles.spacer} />
          <TailControls
            tail={view.tail}
            paused={paused}
            onTailChange={(tail) => {
              setPaused(false);
              updateView({ tail });
            }}
            onPausedChange={setPaused}
          />
          <DownloadMenu disabled={!results?.rows.length} onDownload={download} />
        </div>
        <div ref={chartRef} className={styles.chart}>
          {results?.volumeError ? (
            <span data-testid={testIds.logs.volumeError}>
              <Text color="error" variant="bodySmall">{`Could not load the volume: ${results.volumeError}`}</Text>
            </span>
          ) : (
            results?.volume && <LogVolumeChart series={results.volume} range={results.range} width={chartWidth} />
          )}
        </div>
        <PolledContent
          resource={search.resource}
          what="log lines"
          loadingText="Searching…"
          testIds={{ loading: testIds.logs.loading, error: testIds.logs.error, stale: testIds.logs.stale }}
        >
          {(data) => (
            <ResultsView
              data={data}
              view={view}
              tailing={view.tail && !paused}
              hidden={search.hidden}
              pending={search.pending}
              older={search.older}
              onShowNewLines={showNewLines}
              onLoadOlder={() => void search.loadOlder()}
              onToggle={(id) => updateView({ line: view.line === id ? undefined : id }, { replace: true })}
              onFilter={addFilter}
              onShowContext={(id) => updateView({ context: id })}
              onAtTopChange={(value) => {
                atTop.current = value;
                if (value && search.pending.length > 0) {
                  search.showPending();
                }
              }}
              scrollTopSignal={scrollTopSignal}
            />
          )}
        </PolledContent>
        {view.context && (
          <LogContextDrawer
            client={client}
            lineId={view.context}
            line={contextLine}
            onClose={() => updateView({ context: undefined })}
          />
        )}
      </div>
    </PluginPage>
  );
}

interface ResultsProps {
  data: LogResults;
  view: LogsViewState;
  tailing: boolean;
  hidden: boolean;
  pending: LogRow[];
  older: { loading: boolean; error?: string };
  onShowNewLines: () => void;
  onLoadOlder: () => void;
  onToggle: (id: string) => void;
  onFilter: (field: string, value: string) => void;
  onShowContext: (id: string) => void;
  onAtTopChange: (atTop: boolean) => void;
  scrollTopSignal: number;
}

/** The summary line, the new-lines notice and the list (or why there is none). */
function ResultsView(props: ResultsProps) {
  const { data, view, tailing, hidden, pending, older } = props;
  const styles = useStyles2(getStyles);
  if (data.logsError) {
    // The error itself is shown under the search bar; here only that there are no results because of it.
    return (
      <div className={styles.notice} data-testid={testIds.logs.empty} data-reason="search-error">
        <Text color="secondary">Fix the search above to see lines.</Text>
      </div>
    );
  }
  const more = data.nextCursor !== undefined;
  const footer = (
    <div className={styles.footer}>
      {older.error && (
        <span data-testid={testIds.logs.olderError}>
          <Text color="error" variant="bodySmall">{`Could not load older lines: ${older.error}`}</Text>
        </span>
      )}
      {more ? (
        <Button
          size="sm"
          variant="secondary"
          icon="arrow-down"
          disabled={older.loading}
          onClick={props.onLoadOlder}
          data-testid={testIds.logs.loadOlder}
        >
          {older.loading ? 'Loading older lines…' : 'Load older lines'}
        </Button>
      ) : (
        <Text color="secondary" variant="bodySmall">
          {`End of results: no older lines in this range.`}
        </Text>
      )}
    </div>
  );
  return (
    <div className={styles.results}>
      <div className={styles.summary}>
        <span data-testid={testIds.logs.summary} data-count={data.rows.length} data-more={String(more)}>
          <Text color="secondary" variant="bodySmall">
            {`${formatCount(data.rows.length)} ${data.rows.length === 1 ? 'line' : 'lines'}${more ? ' (more available)' : ''}, newest first, ${dateTimeFormat(data.range.from)} – ${view.to === 'now' ? 'now' : dateTimeFormat(data.range.to)}`}
          </Text>
        </span>
        {view.tail && (
          <span data-testid={testIds.logs.tailStatus} data-state={tailing ? (hidden ? 'hidden' : 'live') : 'paused'}>
            <Text color={tailing && !hidden ? 'success' : 'secondary'} variant="bodySmall">
              {tailing
                ? hidden
                  ? 'Live tail waits while this tab is hidden'
                  : '● Live: new lines appear at the top'
                : 'Live tail paused'}
            </Text>
          </span>
        )}
        {pending.length > 0 && (
          <Button
            size="sm"
            variant="primary"
            fill="outline"
            icon="arrow-up"
            onClick={props.onShowNewLines}
            data-testid={testIds.logs.newLines}
          >
            {`${formatCount(pending.length)} new ${pending.length === 1 ? 'line' : 'lines'}`}
          </Button>
        )}
      </div>
      {data.rows.length === 0 ? (
        <div className={styles.notice} data-testid={testIds.logs.empty} data-reason="no-match">
          <Text color="secondary">
            {view.tail
              ? 'No lines yet: new matching lines will appear here.'
              : 'No lines match in this time range. Widen the range or loosen the search.'}
          </Text>
        </div>
      ) : (
        <ScrollTopOnSignal signal={props.scrollTopSignal}>
          <LogsList
            rows={data.rows}
            searchWords={data.searchWords}
            expandedId={view.line}
            onToggle={props.onToggle}
            onFilter={props.onFilter}
            onShowContext={props.onShowContext}
            onReachEnd={more && !older.loading && !older.error ? props.onLoadOlder : undefined}
            onAtTopChange={props.onAtTopChange}
            footer={footer}
            height="max(360px, calc(100vh - 400px))"
          />
        </ScrollTopOnSignal>
      )}
    </div>
  );
}

/** Scrolls the list inside to its top when `signal` changes (after showing the new tail lines). */
function ScrollTopOnSignal({ signal, children }: { signal: number; children: React.ReactNode }) {
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (signal > 0) {
      ref.current?.querySelector('[role="list"]')?.scrollTo?.({ top: 0 });
    }
  }, [signal]);
  return <div ref={ref}>{children}</div>;
}

const getStyles = (theme: GrafanaTheme2) => ({
  page: css({ display: 'flex', flexDirection: 'column', gap: theme.spacing(1.5) }),
  toolbar: css({ display: 'flex', flexWrap: 'wrap', alignItems: 'flex-start', gap: theme.spacing(1.5) }),
  spacer: css({ flex: 1 }),
  chart: css({ minHeight: 0 }),
  results: css({ display: 'flex', flexDirection: 'column', gap: theme.spacing(1) }),
  summary: css({ display: 'flex', alignItems: 'center', gap: theme.spacing(2), minHeight: theme.spacing(3) }),
  notice: css({
    padding: theme.spacing(4),
    textAlign: 'center',
    border: `1px dashed ${theme.colors.border.weak}`,
    borderRadius: theme.shape.radius.default,
  }),
  footer: css({ display: 'flex', alignItems: 'center', gap: theme.spacing(2), padding: theme.spacing(1) }),
});

export default LogsPage;
