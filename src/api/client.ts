import { lastValueFrom } from 'rxjs';
import { getBackendSrv } from '@grafana/runtime';
import { toServiceRequestError } from './errors';
import { datasourceProxyUrl, jobPath, queuePath, serviceApiUrl, tierPath } from './urls';
import type {
  HealthResponse,
  QueryRequest,
  WhoamiResponse,
  CleanResult,
  DriftRecoverRequest,
  DriftRecoveryResult,
  DriftReport,
  JobDetail,
  JobListResponse,
  JobRemoveResult,
  JobRetryResult,
  JobSearchResponse,
  PromoteDelayedResult,
  QueueHistoryResponse,
  QueuePauseResult,
  QueueSnapshot,
  QueuesResponse,
  RetryFailedResult,
  TierPauseResult,
  InfrastructureResponse,
  ListingHistoryResponse,
  ServiceHistoryResponse,
  JobState,
  Tier,
  CleanBody,
  JobSearchQuery,
  QueueHistoryQuery,
  ReputationHistoryQuery,
  ReputationResponse,
  ServiceHistoryQuery,
} from '@penguinmails/sysmon-contract';
import type { QueryResponse, ServiceRoute } from './types';

/** Typed access to the service's HTTP API through the Grafana data source proxy. */
export interface SysmonClient {
  /** GET /api/health through the read route. */
  health(): Promise<HealthResponse>;
  /** GET /api/whoami through the given route: proves that route's token and shows its scopes. */
  whoami(route: ServiceRoute): Promise<WhoamiResponse>;
  /** POST /api/query through the read route. */
  query(request: QueryRequest, options?: { requestId?: string }): Promise<QueryResponse>;

  // Queue reads (read route)
  /** GET /api/queues */
  queues(): Promise<QueuesResponse>;
  /** GET /api/queues/:queue */
  queue(name: string): Promise<QueueSnapshot>;
  /** GET /api/queues/history: one snapshot field over a time range, one series per queue (or tier). */
  queueHistory(params: QueueHistoryQuery): Promise<QueueHistoryResponse>;
  /** GET /api/queues/:queue/jobs: one page of jobs in one state. */
  jobs(queue: string, state: JobState, start: number, count: number): Promise<JobListResponse>;
  /** GET /api/queues/:queue/jobs/:id */
  job(queue: string, id: string): Promise<JobDetail>;
  /** GET /api/jobs/search over the job ledger. */
  searchJobs(params: JobSearchQuery): Promise<JobSearchResponse>;
  /** GET /api/drift */
  drift(queue?: string): Promise<DriftReport>;

  // Infrastructure reads (read route)
  /** GET /api/infrastructure: service states, findings and IP reputation from the status engine's memory. */
  infrastructure(): Promise<InfrastructureResponse>;
  /** GET /api/reputation: every sending IP on every list, from the last pass. */
  reputation(): Promise<ReputationResponse>;
  /** GET /api/infrastructure/history: latency and state over a range per service, and the state changes. */
  serviceHistory(params: ServiceHistoryQuery): Promise<ServiceHistoryResponse>;
  /** GET /api/reputation/history: listing periods, newest first. */
  reputationHistory(params?: ReputationHistoryQuery): Promise<ListingHistoryResponse>;

  // Queue actions (operator route: Grafana lets only Editors and Admins through)
  pauseQueue(name: string): Promise<QueuePauseResult>;
  resumeQueue(name: string): Promise<QueuePauseResult>;
  pauseTier(tier: Tier): Promise<TierPauseResult>;
  resumeTier(tier: Tier): Promise<TierPauseResult>;
  retryJob(queue: string, id: string): Promise<JobRetryResult>;
  removeJob(queue: string, id: string): Promise<JobRemoveResult>;
  retryFailed(queue: string, count: number): Promise<RetryFailedResult>;
  promoteDelayed(queue: string, count: number): Promise<PromoteDelayedResult>;
  clean(queue: string, params: CleanBody): Promise<CleanResult>;
  /** POST /api/drift/recover: re-enqueues ledger rows whose job is gone (rows last seen active only when asked). */
  recoverDrift(request: DriftRecoverRequest): Promise<DriftRecoveryResult>;
}

interface RequestOptions {
  method?: 'GET' | 'POST' | 'DELETE';
  data?: unknown;
  /** Query string parameters; undefined and empty values are left out. */
  params?: Record<string, string | number | undefined | null>;
  requestId?: string;
}

/** Drops unset parameters so URLs carry only what the caller chose. */
function definedParams(params: RequestOptions['params']): Record<string, string | number> | undefined {
  if (!params) {
    return undefined;
  }
  const result: Record<string, string | number> = {};
  for (const [key, value] of Object.entries(params)) {
    if (value !== undefined && value !== null && value !== '') {
      result[key] = value;
    }
  }
  return result;
}

/**
 * @param proxyBaseUrl the data source proxy base, e.g. instanceSettings.url or datasourceProxyUrl(uid)
 */
export function createSysmonClient(proxyBaseUrl: string): SysmonClient {
  async function request<T>(route: ServiceRoute, endpoint: string, options: RequestOptions = {}): Promise<T> {
    try {
      const response = await lastValueFrom(
        getBackendSrv().fetch<T>({
          url: serviceApiUrl(proxyBaseUrl, route, endpoint),
          method: options.method ?? 'GET',
          data: options.data,
          params: definedParams(options.params),
          requestId: options.requestId,
          // Callers show errors in place; no global toast (the home page polls every few seconds).
          showErrorAlert: false,
          showSuccessAlert: false,
        })
      );
      return response.data;
    } catch (err) {
      throw toServiceRequestError(err);
    }
  }

  return {
    health: () => request<HealthResponse>('api', 'health'),
    whoami: (route) => request<WhoamiResponse>(route, 'whoami'),
    query: (body, options) =>
      request<QueryResponse>('api', 'query', { method: 'POST', data: body, requestId: options?.requestId }),

    queues: () => request<QueuesResponse>('api', 'queues'),
    queue: (name) => request<QueueSnapshot>('api', queuePath(name)),
    queueHistory: (params) => request<QueueHistoryResponse>('api', 'queues/history', { params: { ...params } }),
    jobs: (queue, state, start, count) =>
      request<JobListResponse>('api', `${queuePath(queue)}/jobs`, { params: { state, start, count } }),
    job: (queue, id) => request<JobDetail>('api', jobPath(queue, id)),
    searchJobs: (params) => request<JobSearchResponse>('api', 'jobs/search', { params: { ...params } }),
    drift: (queue) => request<DriftReport>('api', 'drift', { params: { queue } }),

    infrastructure: () => request<InfrastructureResponse>('api', 'infrastructure'),
    reputation: () => request<ReputationResponse>('api', 'reputation'),
    serviceHistory: (params) =>
      request<ServiceHistoryResponse>('api', 'infrastructure/history', { params: { ...params } }),
    reputationHistory: (params = {}) =>
      request<ListingHistoryResponse>('api', 'reputation/history', { params: { ...params } }),

    pauseQueue: (name) => request('operator', `${queuePath(name)}/pause`, { method: 'POST', data: {} }),
    resumeQueue: (name) => request('operator', `${queuePath(name)}/resume`, { method: 'POST', data: {} }),
    pauseTier: (tier) => request('operator', `${tierPath(tier)}/pause`, { method: 'POST', data: {} }),
    resumeTier: (tier) => request('operator', `${tierPath(tier)}/resume`, { method: 'POST', data: {} }),
    retryJob: (queue, id) => request('operator', `${jobPath(queue, id)}/retry`, { method: 'POST', data: {} }),
    removeJob: (queue, id) => request('operator', jobPath(queue, id), { method: 'DELETE' }),
    retryFailed: (queue, count) =>
      request('operator', `${queuePath(queue)}/retry-failed`, { method: 'POST', data: { count } }),
    promoteDelayed: (queue, count) =>
      request('operator', `${queuePath(queue)}/promote-delayed`, { method: 'POST', data: { count } }),
    clean: (queue, params) => request('operator', `${queuePath(queue)}/clean`, { method: 'POST', data: params }),
    recoverDrift: (body) => request('operator', 'drift/recover', { method: 'POST', data: body }),
  };
}

/** Client for the data source with this uid (what app pages use). */
export function createSysmonClientForDatasource(datasourceUid: string): SysmonClient {
  return createSysmonClient(datasourceProxyUrl(datasourceUid));
}
