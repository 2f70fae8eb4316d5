// Bearer-token auth. Tokens are compared as sha256 digests with timingSafeEqual (equal lengths, constant time),
// and every known token is compared so the time taken does not reveal which one matched.
import { createHash, timingSafeEqual } from 'node:crypto';
import type { Scope } from '@penguinmails/sysmon-contract';
import type { RequestHandler } from 'express';
import { HttpError, sendError } from './errors.ts';
import type { RouteScope } from './route.ts';

export type { Scope };

export interface TokenConfig {
  api?: string;
  operator?: string;
  ingest?: string;
}

interface KnownToken {
  digest: Buffer;
  scopes: Scope[];
}

function digest(value: string): Buffer {
  return createHash('sha256').update(value, 'utf8').digest();
}

export function buildTokenTable(tokens: TokenConfig): KnownToken[] {
  const table: KnownToken[] = [];
  if (tokens.api) {
    table.push({ digest: digest(tokens.api), scopes: ['read'] });
  }
  if (tokens.operator) {
    table.push({ digest: digest(tokens.operator), scopes: ['read', 'operator'] });
  }
  if (tokens.ingest) {
    table.push({ digest: digest(tokens.ingest), scopes: ['ingest'] });
  }
  return table;
}

/** Extracts the token from an `Authorization: Bearer <token>` header value. */
export function parseBearer(header: string | undefined): string | undefined {
  const match = /^Bearer[ \t]+(\S+)[ \t]*$/i.exec(header ?? '');
  return match?.[1];
}

/** Scopes granted to a presented token; undefined when the token is unknown. */
export function scopesForToken(table: KnownToken[], presented: string): Scope[] | undefined {
  const presentedDigest = digest(presented);
  let scopes: Scope[] | undefined;
  for (const known of table) {
    if (timingSafeEqual(known.digest, presentedDigest)) {
      scopes = scopes ? [...new Set([...scopes, ...known.scopes])] : known.scopes;
    }
  }
  return scopes;
}

/** 401 unless the request carries a known token; stores the granted scopes on req.scopes. */
export function authenticate(tokens: TokenConfig): RequestHandler {
  const table = buildTokenTable(tokens);
  return (req, res, next) => {
    const presented = parseBearer(req.headers.authorization);
    const scopes = presented === undefined ? undefined : scopesForToken(table, presented);
    if (!scopes) {
      res.setHeader('WWW-Authenticate', 'Bearer realm="sysmon"');
      const message =
        presented === undefined ? 'missing bearer token (Authorization: Bearer <token>)' : 'unknown bearer token';
      sendError(res, new HttpError(401, 'unauthorized', message));
      return;
    }
    req.scopes = scopes;
    next();
  };
}

/** 403 when the authenticated token lacks the route's scope. */
export function requireScope(scope: RouteScope): RequestHandler {
  return (req, res, next) => {
    if (scope === 'public') {
      return next();
    }
    if (!req.scopes?.includes(scope)) {
      sendError(res, new HttpError(403, 'forbidden', `this token does not grant the "${scope}" scope`));
      return;
    }
    next();
  };
}
