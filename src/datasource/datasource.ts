import { from, lastValueFrom, merge, Observable, of } from 'rxjs';
import { catchError, map } from 'rxjs/operators';
import {
  AdHocVariableFilter,
  DataQueryRequest,
  DataQueryResponse,
  DataSourceApi,
  DataSourceInstanceSettings,
  dateTime,
  LoadingState,
  LogRowContextOptions,
  LogRowModel,
  QueryFilterOptions,
  QueryFixAction,
  ScopedVars,
  SupplementaryQueryOptions,
  SupplementaryQueryType,
  TestDataSourceResponse,
  ToggleFilterAction,
} from '@grafana/data';
import { getTemplateSrv, TemplateSrv, toDataQueryResponse } from '@grafana/runtime';
import { createSysmonClient, SysmonClient } from '../api/client';
import { checkConnection } from '../api/connectionCheck';
import { toServiceRequestError } from '../api/errors';
import { DEFAULT_QUERY_TYPE } from '@penguinmails/sysmon-contract';
import { eventsAnnotationSupport } from './annotations';
import { liveTail } from './explore/liveTail';
import { logContextQueryOf, logContextRequestOf } from './explore/logContext';
import * as queryFilters from './explore/queryFilters';
import { queryDisplayText } from './explore/queryDisplayText';
import { logVolumeQueryOf, logVolumeRequestOf, SUPPORTED_SUPPLEMENTARY_QUERY_TYPES } from './explore/supplementary';
import { QUERY_TYPE_REGISTRY } from './queryTypeRegistry';
import {
  ALL_VALUES,
  buildQueryRequest,
  interpolateQuery,
  queriesToSend,
  ResolveVariable,
  singleValueOrAll,
  variableNameOf,
} from './queryRequest';
import { SysmonVariableSupport, toVariableFrame } from './variableSupport';
import type { SysmonDataQuery, SysmonDataSourceOptions, VariableKind } from './types';

// Grafana's value of a variable set to "All".
const ALL_VARIABLE_VALUE = '$__all';
// Lines logged a little ahead of this browser's clock still reach a live tail.
const LIVE_TAIL_CLOCK_SKEW_MS = 60_000;

/**
 * Frontend data source in proxy mode: every call goes to instanceSettings.url
 * (/api/datasources/proxy/uid/<uid>), whose routes add the service URL and token.
 */
export class SysmonDataSource extends DataSourceApi<SysmonDataQuery, SysmonDataSourceOptions> {
  private readonly client: SysmonClient;

  constructor(
    instanceSettings: DataSourceInstanceSettings<SysmonDataSourceOptions>,
    private readonly templateSrv: TemplateSrv | undefined = getTemplateSrv()
  ) {
    super(instanceSettings);
    this.client = createSysmonClient(instanceSettings.url ?? '');
    this.variables = new SysmonVariableSupport(this);
    // Dashboard annotations run the `events` query type (service state changes).
    this.annotations = eventsAnnotationSupport;
  }

  getDefaultQuery(): Partial<SysmonDataQuery> {
    return { ...QUERY_TYPE_REGISTRY[DEFAULT_QUERY_TYPE].defaults };
  }

  filterQuery(query: SysmonDataQuery): boolean {
    return !query.hide;
  }

  applyTemplateVariables(query: SysmonDataQuery, scopedVars: ScopedVars): SysmonDataQuery {
    const templateSrv = this.templateSrv;
    if (!templateSrv) {
      return query;
    }
    return interpolateQuery(
      query,
      // A multi-value variable inside text stands for its values as words.
      (value) => templateSrv.replace(value, scopedVars, wordsFormat),
      // Queue and tier filter by one exact name: "All" or several selected values mean no filter.
      (value) => templateSrv.replace(value, scopedVars, singleValueOrAll),
      this.resolveVariable(templateSrv, scopedVars)
    );
  }

  /** Explore (opening a panel's queries) and alerting interpolate queries through this. */
  interpolateVariablesInQueries(
    queries: SysmonDataQuery[],
    scopedVars: ScopedVars,
    _filters?: AdHocVariableFilter[]
  ): SysmonDataQuery[] {
    return queries.map((query) => ({ ...this.applyTemplateVariables(query, scopedVars), datasource: this.getRef() }));
  }

  /** The values of a variable reference for a list filter: all its selected values, or ALL_VALUES for "All". */
  private resolveVariable(templateSrv: TemplateSrv, scopedVars: ScopedVars): ResolveVariable {
    return (reference) => {
      const name = variableNameOf(reference);
      if (!scopedVars?.[name]) {
        const variable = templateSrv.getVariables().find((candidate) => candidate.name === name);
        const current = (variable as { current?: { value?: unknown } } | undefined)?.current?.value;
        if (current === ALL_VARIABLE_VALUE || (Array.isArray(current) && current.includes(ALL_VARIABLE_VALUE))) {
          return ALL_VALUES;
        }
      }
      const encoded = templateSrv.replace(reference, scopedVars, (value: unknown) =>
        JSON.stringify(Array.isArray(value) ? value.map(String) : [String(value ?? '')])
      );
      try {
        const values: unknown = JSON.parse(encoded);
        return Array.isArray(values) ? values.map(String) : undefined;
      } catch {
        // Not a variable Grafana knows: the reference stays as written, and the service names it in its error.
        return undefined;
      }
    };
  }

  /** `$name` of every dashboard variable, offered by the query editor's queue and tier inputs. */
  getVariableNames(): string[] {
    return (this.templateSrv?.getVariables() ?? []).map((variable) => `$${variable.name}`);
  }

  query(request: DataQueryRequest<SysmonDataQuery>): Observable<DataQueryResponse> {
    const queries = queriesToSend(request.targets).map((q) => this.applyTemplateVariables(q, request.scopedVars));
    if (queries.length === 0) {
      return of({ data: [], state: LoadingState.Done });
    }
    if (request.liveStreaming) {
      // Explore's live mode: every logs query tails; any other query answers once.
      const tailed = queries.filter((query) => query.queryType === 'logs');
      const others = queries.filter((query) => query.queryType !== 'logs');
      return merge(
        ...tailed.map((query) =>
          liveTail({ query, run: (poll) => this.runQueries(liveRequest(request, query.refId), [poll]) })
        ),
        ...(others.length > 0 ? [this.runQueries(request, others)] : [])
      );
    }
    return this.runQueries(request, queries);
  }

  /** One POST /api/query for already-interpolated queries. */
  private runQueries(
    request: DataQueryRequest<SysmonDataQuery>,
    queries: SysmonDataQuery[]
  ): Observable<DataQueryResponse> {
    const body = buildQueryRequest(request, queries);

    return from(this.client.query(body, { requestId: request.requestId })).pipe(
      map((results) => toDataQueryResponse({ data: results }, queries)),
      catchError((err) => {
        // The whole request failed (service down, bad envelope): every query shows the same error.
        const error = toServiceRequestError(err);
        return of({
          data: [],
          state: LoadingState.Error,
          error: { message: error.message, status: error.status || undefined },
          errors: queries.map((q) => ({ refId: q.refId, message: error.message, status: error.status || undefined })),
        });
      })
    );
  }

  // ---- Explore: log volume (supplementary queries) ------------------------------------------------------------
  // Grafana 12.3-13 call getSupplementaryRequest and run the request through their own queryLogsVolume;
  // hasSupplementaryQuerySupport also requires getSupplementaryQuery and getSupportedSupplementaryQueryTypes.

  getSupportedSupplementaryQueryTypes(): SupplementaryQueryType[] {
    return [...SUPPORTED_SUPPLEMENTARY_QUERY_TYPES];
  }

  getSupplementaryQuery(options: SupplementaryQueryOptions, query: SysmonDataQuery): SysmonDataQuery | undefined {
    return logVolumeQueryOf(options, query);
  }

  getSupplementaryRequest(
    type: SupplementaryQueryType,
    request: DataQueryRequest<SysmonDataQuery>
  ): DataQueryRequest<SysmonDataQuery> | undefined {
    return logVolumeRequestOf(type, request);
  }

  // ---- Explore and the logs panel: row context ---------------------------------------------------------------

  async getLogRowContext(
    row: LogRowModel,
    options?: LogRowContextOptions,
    _query?: SysmonDataQuery
  ): Promise<DataQueryResponse> {
    const query = logContextQueryOf(row, options);
    if (!query) {
      return { data: [] };
    }
    return lastValueFrom(this.query(logContextRequestOf(row, query, options)));
  }

  /** The context query, for "open in split view". */
  async getLogRowContextQuery(
    row: LogRowModel,
    options?: LogRowContextOptions,
    _query?: SysmonDataQuery
  ): Promise<SysmonDataQuery | null> {
    return logContextQueryOf(row, options);
  }

  // ---- Explore: filters from log details ----------------------------------------------------------------------

  toggleQueryFilter(query: SysmonDataQuery, filter: ToggleFilterAction): SysmonDataQuery {
    return queryFilters.toggleQueryFilter(query, filter);
  }

  queryHasFilter(query: SysmonDataQuery, filter: QueryFilterOptions): boolean {
    return queryFilters.queryHasFilter(query, filter);
  }

  modifyQuery(query: SysmonDataQuery, action: QueryFixAction): SysmonDataQuery {
    return queryFilters.modifyQuery(query, action);
  }

  getSupportedQueryModifications(): string[] {
    return [...queryFilters.SUPPORTED_QUERY_MODIFICATIONS];
  }

  /** Query history and the query row's collapsed title. */
  getQueryDisplayText(query: SysmonDataQuery): string {
    return queryDisplayText(query);
  }

  /** The values of a `variable` query (services or levels in the range), for the query editors' pickers. */
  async variableValues(variable: VariableKind, range = defaultValuesRange()): Promise<string[]> {
    const response = await lastValueFrom(
      this.query({
        requestId: `sysmon-values-${variable}`,
        targets: [{ refId: 'values', queryType: 'variable', variable }],
        range,
        interval: '1m',
        intervalMs: 60_000,
        scopedVars: {},
        timezone: 'utc',
        app: 'editor',
        startTime: Date.now(),
      })
    );
    const failure = response.errors?.[0];
    if (failure) {
      throw new Error(failure.message ?? 'could not list values');
    }
    const frame = toVariableFrame(response.data, variable);
    return frame.fields[1].values.map(String);
  }

  /** Save & test: the read route must answer /api/health and the operator route must carry the operator scope. */
  async testDatasource(): Promise<TestDataSourceResponse> {
    const result = await checkConnection(this.client);
    return { status: result.ok ? 'success' : 'error', message: result.summary };
  }
}

/** Text formatting of a variable inside text: one value as is, several as words. */
function wordsFormat(value: unknown): string {
  return Array.isArray(value) ? value.map(String).join(' ') : String(value ?? '');
}

/** A live tail poll's request: up to now (and a little beyond, for clock skew), whatever range Explore froze. */
function liveRequest(request: DataQueryRequest<SysmonDataQuery>, refId: string): DataQueryRequest<SysmonDataQuery> {
  const to = dateTime(Date.now() + LIVE_TAIL_CLOCK_SKEW_MS);
  return {
    ...request,
    // Its own request id per tailed query: the data proxy cancels an in-flight request whose id is reused.
    requestId: `${request.requestId}_live_${refId}`,
    range: { ...request.range, to, raw: { ...request.range.raw, to } },
  };
}

/** The last 24 hours: what the editors' service picker lists values from. */
function defaultValuesRange() {
  const to = dateTime();
  const from = dateTime(to.valueOf() - 24 * 60 * 60 * 1000);
  return { from, to, raw: { from: 'now-24h', to: 'now' } };
}
