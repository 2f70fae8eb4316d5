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
  metrics?: string;
}

export type TokenName = keyof TokenConfig;

interface KnownToken {
  name: TokenName;
  digest: Buffer;
  scopes: Scope[];
}

/** What each token grants. The operator token reads too; the ingest and metrics tokens only do their one thing. */
const TOKEN_SCOPES: Record<TokenName, Scope[]> = {
  api: ['read'],
  operator: ['read', 'operator'],
  ingest: ['ingest'],
  metrics: ['metrics'],
};

function digest(value: string): Buffer {
  return createHash('sha256').update(value, 'utf8').digest();
}

export function buildTokenTable(tokens: TokenConfig): KnownToken[] {
  return (Object.keys(TOKEN_SCOPES) as TokenName[]).flatMap((name) => {
    const value = tokens[name];
    return value ? [{ name, digest: digest(value), scopes: TOKEN_SCOPES[name] }] : [];
  });
}

/** Extracts the token from an `Authorization: Bearer <token>` header value. */
export function parseBearer(header: string | undefined): string | undefined {
  const match = /^Bearer[ \t]+(\S+)[ \t]*$/i.exec(header ?? '');
  return match?.[1];
}

/** The known token a presented one is (its name and scopes); undefined when it is unknown. */
export function tokenFor(table: KnownToken[], presented: string): { name: TokenName; scopes: Scope[] } | undefined {
  const presentedDigest = digest(presented);
  let found: KnownToken | undefined;
  for (const known of table) {
    // Every entry is compared, so the time taken does not tell which one matched (tokens are distinct: config.ts).
    if (timingSafeEqual(known.digest, presentedDigest)) {
      found = known;
    }
  }
  return found && { name: found.name, scopes: found.scopes };
}

/** Scopes granted to a presented token; undefined when the token is unknown. */
export function scopesForToken(table: KnownToken[], presented: string): Scope[] | undefined {
  return tokenFor(table, presented)?.scopes;
}

/** 401 unless the request carries a known token; stores the granted scopes on req.scopes. */
export function authenticate(tokens: TokenConfig): RequestHandler {
  const table = buildTokenTable(tokens);
  return (req, res, next) => {
    const presented = parseBearer(req.headers.authorization);
    const token = presented === undefined ? undefined : tokenFor(table, presented);
    if (!token) {
      res.setHeader('WWW-Authenticate', 'Bearer realm="sysmon"');
      const message =
        presented === undefined ? 'missing bearer token (Authorization: Bearer <token>)' : 'unknown bearer token';
      sendError(res, new HttpError(401, 'unauthorized', message));
      return;
    }
    req.scopes = token.scopes;
    req.token = token.name;
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
