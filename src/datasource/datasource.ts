import { from, Observable, of } from 'rxjs';
import { catchError, map } from 'rxjs/operators';
import {
  DataQueryRequest,
  DataQueryResponse,
  DataSourceApi,
  DataSourceInstanceSettings,
  LoadingState,
  ScopedVars,
  TestDataSourceResponse,
} from '@grafana/data';
import { getTemplateSrv, TemplateSrv, toDataQueryResponse } from '@grafana/runtime';
import { createSysmonClient, SysmonClient } from '../api/client';
import { checkConnection } from '../api/connectionCheck';
import { toServiceRequestError } from '../api/errors';
import { DEFAULT_QUERY_TYPE } from '@penguinmails/sysmon-contract';
import { QUERY_TYPE_REGISTRY } from './queryTypeRegistry';
import { buildQueryRequest, interpolateQuery, queriesToSend, singleValueOrAll } from './queryRequest';
import { SysmonVariableSupport } from './variableSupport';
import type { SysmonDataQuery, SysmonDataSourceOptions } from './types';

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
      (value) => templateSrv.replace(value, scopedVars),
      // Queue and tier filter by one exact name: "All" or several selected values mean no filter.
      (value) => templateSrv.replace(value, scopedVars, singleValueOrAll)
    );
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

  /** Save & test: the read route must answer /api/health and the operator route must carry the operator scope. */
  async testDatasource(): Promise<TestDataSourceResponse> {
    const result = await checkConnection(this.client);
    return { status: result.ok ? 'success' : 'error', message: result.summary };
  }
}
