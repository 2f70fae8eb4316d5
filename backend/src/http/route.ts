// What a route is: method, path, scope, audit name, the query-string and body schemas the app validates once,
// and a handler that takes the parsed request and returns the reply. Handlers never touch express, so they are
// plain async functions (bull-board's pattern: handlers return {status, body}).
import type { IncomingHttpHeaders } from 'node:http';
import type { Readable } from 'node:stream';
import type { Scope } from '@penguinmails/sysmon-contract';
import type { z } from 'zod';
import type { Logger } from '../logger.ts';

export type RouteScope = Scope | 'public';
export type RouteMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

export interface RouteRequest<Query = unknown, Body = unknown> {
  /** Path parameters (`:queue`, `:id`, `:tier`), decoded. */
  params: Readonly<Record<string, string>>;
  /** The query string, validated by the route's `query` schema. */
  query: Query;
  /** The JSON body, validated by the route's `body` schema. */
  body: Body;
  /** Who asked: the Grafana login from X-Grafana-User, or "unknown". */
  user: string;
  scopes: readonly Scope[];
  requestId: string;
  log: Logger;
  /** The request's headers (lower-case names), e.g. Content-Type and Content-Encoding of a streamed body. */
  headers: Readonly<IncomingHttpHeaders>;
  /** The unread request body, for routes declared `streamBody` (else undefined). */
  stream?: Readable;
}

export interface RouteReply {
  /** Default 200. */
  status?: number;
  /** Sent as JSON unless `contentType` is set (then as text); nothing is sent for 204. */
  body: unknown;
  contentType?: string;
  /** Extra response headers. */
  headers?: Readonly<Record<string, string>>;
}

export interface Route<Query = unknown, Body = unknown> {
  method: RouteMethod;
  path: string;
  scope: RouteScope;
  /** Audit action name (e.g. 'queue.pause'): every call writes one <schema>.audit_events row (see app.ts). */
  audit?: string;
  /** A POST that changes nothing (e.g. /api/query): exempt from the rule that mutations are operator-only and audited. */
  readOnly?: true;
  /** Query-string schema; bad parameters are a 400 `invalid_parameter` naming each one. */
  query?: z.ZodType<Query>;
  /** JSON body schema (the body is size-limited by server.bodyLimit); bad fields are a 400 naming each one. */
  body?: z.ZodType<Body>;
  /**
   * The app leaves the body unread and hands the handler `request.stream` (log ingest: NDJSON, Loki and OTLP
   * bodies, gzip, their own size limits). Exclusive with `body`.
   */
  streamBody?: true;
  handle(request: RouteRequest<Query, Body>): Promise<RouteReply> | RouteReply;
}

/** Declares a route with its query and body types inferred from the schemas. */
export function route<Query = unknown, Body = unknown>(definition: Route<Query, Body>): Route {
  return definition as Route;
}

/** A 200 JSON reply. */
export const ok = (body: unknown): RouteReply => ({ body });
