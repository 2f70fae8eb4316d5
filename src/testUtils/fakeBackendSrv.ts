import { from, Observable, of, switchMap, throwError } from 'rxjs';
import { BackendSrv, BackendSrvRequest, FetchError, FetchResponse, setBackendSrv } from '@grafana/runtime';
import { forgetOperatorAccess } from '../hooks/operatorAccess';
import { DATASOURCE_PROXY_URL } from './fixtures';

/** What a fake route answers: a body with a status (>= 400 becomes a FetchError), or a thrown error. */
export type FakeReply = { status?: number; statusText?: string; data?: unknown } | { networkError: string };
/** A handler answers at once, or with a promise to answer later (see deferred(): a slow request in a test). */
type Handler = (request: BackendSrvRequest) => FakeReply | Promise<FakeReply>;

/**
 * A tiny BackendSrv for component tests (there is no Grafana server in unit tests).
 * Routes are keyed by "METHOD url"; every request is recorded so tests can assert what was sent.
 */
export class FakeBackendSrv {
  readonly requests: BackendSrvRequest[] = [];
  private readonly routes = new Map<string, Handler>();

  on(method: string, url: string, reply: FakeReply | Handler): this {
    this.routes.set(`${method.toUpperCase()} ${url}`, typeof reply === 'function' ? reply : () => reply);
    return this;
  }

  /**
   * Answers the data source's operator/whoami as Grafana and the service do for a user of this org role: the
   * proxy refuses the operator route below Editor (reqRole: Editor), else the operator token's scopes come back.
   */
  answerOperatorWhoamiAs(role: 'Viewer' | 'Editor' | 'Admin', proxyUrl = DATASOURCE_PROXY_URL): this {
    return this.on(
      'GET',
      `${proxyUrl}/operator/whoami`,
      role === 'Viewer'
        ? { status: 403, statusText: 'Forbidden', data: { message: 'plugin proxy route access denied' } }
        : { data: { scopes: ['read', 'operator'], user: role.toLowerCase() } }
    );
  }

  requestsTo(method: string, url: string): BackendSrvRequest[] {
    return this.requests.filter((r) => (r.method ?? 'GET').toUpperCase() === method.toUpperCase() && r.url === url);
  }

  fetch<T>(request: BackendSrvRequest): Observable<FetchResponse<T>> {
    this.requests.push(request);
    const method = (request.method ?? 'GET').toUpperCase();
    const handler = this.routes.get(`${method} ${request.url}`);
    const reply = handler
      ? handler(request)
      : { status: 404, statusText: 'Not Found', data: { message: `no fake route for ${method} ${request.url}` } };
    return reply instanceof Promise
      ? from(reply).pipe(switchMap((later) => this.answer<T>(request, later)))
      : this.answer<T>(request, reply);
  }

  private answer<T>(request: BackendSrvRequest, reply: FakeReply): Observable<FetchResponse<T>> {
    if ('networkError' in reply) {
      return throwError(() => new TypeError(reply.networkError));
    }
    const status = reply.status ?? 200;
    if (status >= 400) {
      const error: FetchError = { status, statusText: reply.statusText, data: reply.data, config: request };
      return throwError(() => error);
    }
    const response = {
      data: reply.data as T,
      status,
      statusText: reply.statusText ?? 'OK',
      ok: true,
      headers: new Headers(),
      redirected: false,
      type: 'basic',
      url: request.url,
      config: request,
    } as FetchResponse<T>;
    return of(response);
  }

  /**
   * Installs this fake as Grafana's BackendSrv (getBackendSrv() returns it). A fresh fake is a fresh session:
   * what earlier fakes answered about operator access is forgotten.
   */
  install(): this {
    forgetOperatorAccess();
    const unsupported = () => Promise.reject(new Error('FakeBackendSrv supports fetch() only'));
    const srv = {
      fetch: this.fetch.bind(this),
      get: unsupported,
      post: unsupported,
      put: unsupported,
      patch: unsupported,
      delete: unsupported,
      request: unsupported,
      datasourceRequest: unsupported,
      chunked: () => throwError(() => new Error('FakeBackendSrv supports fetch() only')),
    } as unknown as BackendSrv;
    setBackendSrv(srv);
    return this;
  }
}
