/**
 * A fetch-based BackendSrv with Grafana's observable contract: `fetch()` emits
 * `{data, status, statusText, ok, headers, url, redirected, type, config}` and errors with a
 * FetchError-like `{status, statusText, data, config}`; the promise helpers resolve to `data`.
 * Error/success toasts go through appEvents like Grafana's backend_srv.
 */
import { AppEvents, type EventBusSrv } from '@grafana/data';
import type { BackendSrv, BackendSrvRequest, FetchError, FetchResponse } from '@grafana/runtime';
import { Observable, lastValueFrom } from 'rxjs';

function serializeParams(params: Record<string, unknown> | undefined): string {
  if (!params) {
    return '';
  }
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) {
    if (value === undefined || value === null) {
      continue;
    }
    for (const item of Array.isArray(value) ? value : [value]) {
      search.append(key, String(item));
    }
  }
  const text = search.toString();
  return text ? `?${text}` : '';
}

function requestBody(data: unknown): { body?: BodyInit; contentType?: string } {
  if (data === undefined || data === null) {
    return {};
  }
  if (typeof data === 'string' || data instanceof FormData || data instanceof Blob || data instanceof URLSearchParams) {
    return { body: data };
  }
  return { body: JSON.stringify(data), contentType: 'application/json' };
}

async function parseBody(response: Response, responseType: BackendSrvRequest['responseType']): Promise<unknown> {
  if (responseType === 'blob') {
    return response.blob();
  }
  if (responseType === 'arraybuffer') {
    return response.arrayBuffer();
  }
  const text = await response.text();
  if (responseType === 'text') {
    return text;
  }
  if (text === '') {
    return undefined;
  }
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

/** Grafana's backend_srv normalises error bodies so that `err.data.message` is a string when it can be. */
function normaliseErrorData(data: unknown, statusText: string): Record<string, unknown> {
  if (typeof data === 'string') {
    return { error: statusText, response: data, message: data };
  }
  if (data && typeof data === 'object') {
    const record = data as Record<string, unknown>;
    if (record.message === undefined && typeof record.error === 'string') {
      return { ...record, message: record.error };
    }
    return record;
  }
  return { message: statusText };
}

export class HarnessBackendSrv implements BackendSrv {
  constructor(private readonly appEvents: EventBusSrv) {}

  fetch<T>(options: BackendSrvRequest): Observable<FetchResponse<T>> {
    return new Observable<FetchResponse<T>>((subscriber) => {
      const controller = new AbortController();
      this.send<T>(options, controller.signal).then(
        (response) => {
          subscriber.next(response);
          subscriber.complete();
        },
        (error) => subscriber.error(error)
      );
      return () => controller.abort();
    });
  }

  private async send<T>(options: BackendSrvRequest, signal: AbortSignal): Promise<FetchResponse<T>> {
    const method = (options.method ?? 'GET').toUpperCase();
    const url = options.url + serializeParams(options.params);
    const { body, contentType } = requestBody(options.data);
    const headers = new Headers({ Accept: 'application/json, text/plain, */*', 'X-Grafana-Org-Id': '1' });
    if (contentType) {
      headers.set('Content-Type', contentType);
    }
    for (const [name, value] of Object.entries(options.headers ?? {})) {
      headers.set(name, String(value));
    }
    let response: Response;
    try {
      response = await fetch(url, { method, headers, body, signal, credentials: 'same-origin' });
    } catch (cause) {
      const error: FetchError = {
        status: 0,
        statusText: 'Network error',
        data: { message: cause instanceof Error ? cause.message : String(cause) },
        config: options,
        cancelled: signal.aborted,
      } as FetchError;
      throw error;
    }
    const data = await parseBody(response, options.responseType);
    if (!response.ok) {
      const error = {
        status: response.status,
        statusText: response.statusText,
        data: normaliseErrorData(data, response.statusText),
        config: options,
        isHandled: false,
      } as FetchError;
      if (options.showErrorAlert !== false) {
        const message = (error.data as { message?: unknown }).message;
        this.alert(AppEvents.alertError, [
          typeof message === 'string' ? message : `Request failed: ${response.status}`,
        ]);
      }
      throw error;
    }
    if (method !== 'GET' && options.showSuccessAlert !== false && data && typeof data === 'object') {
      const message = (data as { message?: unknown }).message;
      if (typeof message === 'string') {
        this.alert(AppEvents.alertSuccess, [message]);
      }
    }
    return {
      data: data as T,
      status: response.status,
      statusText: response.statusText,
      ok: response.ok,
      headers: response.headers,
      url: response.url,
      redirected: response.redirected,
      type: response.type,
      config: options,
    };
  }

  private alert(event: typeof AppEvents.alertError, payload: [string]) {
    this.appEvents.emit(event, payload);
  }

  request<T = unknown>(options: BackendSrvRequest): Promise<T> {
    return lastValueFrom(this.fetch<T>(options)).then((response) => response.data);
  }

  datasourceRequest<T = unknown>(options: BackendSrvRequest): Promise<FetchResponse<T>> {
    return lastValueFrom(this.fetch<T>({ showErrorAlert: false, ...options }));
  }

  get<T = unknown>(
    url: string,
    params?: Record<string, unknown>,
    requestId?: string,
    options?: Partial<BackendSrvRequest>
  ): Promise<T> {
    return this.request<T>({ ...options, method: 'GET', url, params, requestId });
  }

  delete<T = unknown>(url: string, data?: unknown, options?: Partial<BackendSrvRequest>): Promise<T> {
    return this.request<T>({ ...options, method: 'DELETE', url, data });
  }

  post<T = unknown>(url: string, data?: unknown, options?: Partial<BackendSrvRequest>): Promise<T> {
    return this.request<T>({ ...options, method: 'POST', url, data });
  }

  patch<T = unknown>(url: string, data?: unknown, options?: Partial<BackendSrvRequest>): Promise<T> {
    return this.request<T>({ ...options, method: 'PATCH', url, data });
  }

  put<T = unknown>(url: string, data?: unknown, options?: Partial<BackendSrvRequest>): Promise<T> {
    return this.request<T>({ ...options, method: 'PUT', url, data });
  }

  chunked(): Observable<FetchResponse<Uint8Array | undefined>> {
    throw new Error('The Grafana harness does not implement chunked requests');
  }
}
