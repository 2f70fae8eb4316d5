// Checks the sending IPs against the configured DNS block- and allowlists, with the semantics MXToolbox-style tools
// get wrong:
// - a zone is trusted only after its RFC 5782 test entries answer as they should (127.0.0.2 listed, 127.0.0.1 not;
//   ::FFFF:7F00:2 / ::FFFF:7F00:1 for IPv6). A wildcard zone, a resolver answering everything, a retired list or a
//   refused query makes every row of that zone `unknown`, with the reason;
// - NXDOMAIN / NODATA is clean; a timeout, SERVFAIL, REFUSED or any other failure is `unknown`, never clean;
// - an answer that is one of the zone's error codes (Spamhaus' 127.255.255.x: public resolver, rate limit, bad key)
//   is `unknown`, never listed; an answer outside 127.0.0.0/8 means a resolver that rewrites answers: `unknown`;
// - a listing decodes every code and asks for the TXT reason (a TXT failure leaves the reason empty).
// Answers are cached in memory: listings for their TTL, "not listed" for negativeCacheSeconds; failures and error
// codes are never cached. Queries to one zone are spaced by a token bucket (queriesPerSecond, no burst) and all
// queries share a bounded concurrency. Each question has timeoutMs per try and timeoutMs × tries in all (c-ares'
// own retry schedule doubles the wait, so the question is cancelled at that budget).
// The Spamhaus DQS key is part of the query name: it is never put in an entry, a reason or an error.
import { Resolver } from 'node:dns/promises';
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import pLimit from 'p-limit';
import type { ReputationEntry } from '@penguinmails/sysmon-contract';
import type { ReputationConfig } from './config.ts';
import { canonicalIp, ipFamily, queryName, TEST_ENTRIES, type IpFamily } from './names.ts';
import { decodeCode, queryZone, zoneFor, type ZoneDefinition } from './zones.ts';

/** Questions in flight at once, over all zones. */
export const QUERY_CONCURRENCY = 16;
/** Longest TXT reason kept. */
const REASON_MAX_CHARS = 500;

export interface ReputationCheckerOptions {
  config: ReputationConfig;
  /** Spamhaus DQS key (secret): Spamhaus ZEN is then asked as `<key>.zen.dq.spamhaus.net`. */
  dqsKey?: string;
  /** The clock for `checkedAt` and the answer cache (tests move it). */
  now?: () => Date;
  concurrency?: number;
}

export interface ReputationChecker {
  /** One row per sending IP and zone that supports its family (ip-major, in config order); never throws. */
  checkAll(): Promise<ReputationEntry[]>;
  /** DNS questions sent since creation (A and TXT; a retry of one question by the resolver is not counted). */
  queriesSent(): number;
  /**
   * Questions of the last pass the resolver left unanswered (a timeout, SERVFAIL, a refused connection): worth
   * asking again soon. Answers that say no (REFUSED, a list's error code) are not counted: asking again changes
   * nothing.
   */
  unanswered(): number;
}

type CachedAnswer = { state: 'listed'; codes: string[]; reason: string | null } | { state: 'clean' };
type Answer = CachedAnswer | { state: 'unknown'; error: string };
type Asked<T> = { ok: true; value: T } | { ok: false; code: string };

const CLEAN: CachedAnswer = { state: 'clean' };

/** Spaces calls: at most `ratePerSecond` on average, at most `capacity` at once after a pause. */
export function createTokenBucket(ratePerSecond: number, capacity = 1, clock: () => number = () => performance.now()) {
  let tokens = capacity;
  let last = clock();
  return {
    /** Resolves when the caller may go; callers are served in call order. */
    async take(): Promise<void> {
      const now = clock();
      tokens = Math.min(capacity, tokens + ((now - last) / 1_000) * ratePerSecond);
      last = now;
      tokens -= 1;
      if (tokens < 0) {
        await sleep((-tokens / ratePerSecond) * 1_000);
      }
    },
  };
}

/** Replaces every occurrence of the secret. */
export function redactSecret(text: string, secret: string | undefined): string {
  return secret ? text.split(secret).join('<dqs-key>') : text;
}

function seconds(ms: number): string {
  return `${Number((ms / 1_000).toFixed(2))} s`;
}

function compareCodes(a: string, b: string): number {
  const pa = a.split('.').map(Number);
  const pb = b.split('.').map(Number);
  for (let index = 0; index < 4; index += 1) {
    const diff = (pa[index] ?? 0) - (pb[index] ?? 0);
    if (diff !== 0) {
      return diff;
    }
  }
  return 0;
}

export function createReputationChecker(options: ReputationCheckerOptions): ReputationChecker {
  const { config, dqsKey } = options;
  const now = options.now ?? (() => new Date());
  const servers = config.resolver.servers;
  const where = servers.length > 0 ? servers.join(', ') : 'the system resolver';
  const budgetMs = config.resolver.timeoutMs * config.resolver.tries;
  const zones = dedupeZones(config.zones.map(zoneFor));
  const limit = pLimit(options.concurrency ?? QUERY_CONCURRENCY);
  const buckets = new Map<string, ReturnType<typeof createTokenBucket>>();
  const cache = new Map<string, { answer: CachedAnswer; expiresAt: number }>();
  const inflight = new Map<string, Promise<Answer>>();
  let sent = 0;
  let unanswered = 0;

  // An invalid server address fails here, at start-up, not in every pass.
  newResolver();

  function newResolver(): Resolver {
    const resolver = new Resolver({ timeout: config.resolver.timeoutMs, tries: config.resolver.tries });
    if (servers.length > 0) {
      resolver.setServers(servers);
    }
    return resolver;
  }

  function bucketFor(zone: string) {
    let bucket = buckets.get(zone);
    if (!bucket) {
      bucket = createTokenBucket(config.queriesPerSecond);
      buckets.set(zone, bucket);
    }
    return bucket;
  }

  /** One question, rate limited per zone, under the shared concurrency limit and the question's time budget. */
  async function ask<T>(zone: ZoneDefinition, run: (resolver: Resolver) => Promise<T>): Promise<Asked<T>> {
    await bucketFor(zone.zone).take();
    return limit(async () => {
      sent += 1;
      // One resolver per question, so that cancelling it at the budget cancels this question only.
      const resolver = newResolver();
      let timedOut = false;
      const timer = setTimeout(() => {
        timedOut = true;
        resolver.cancel();
      }, budgetMs);
      try {
        return { ok: true, value: await run(resolver) };
      } catch (error) {
        const code = (error as { code?: unknown } | null)?.code;
        return { ok: false, code: timedOut ? 'ETIMEOUT' : typeof code === 'string' ? code : 'EUNKNOWN' };
      } finally {
        clearTimeout(timer);
      }
    });
  }

  function describeFailure(code: string): string {
    switch (code) {
      case 'ETIMEOUT':
        return `the resolver (${where}) did not answer within ${seconds(budgetMs)}`;
      case 'ESERVFAIL':
        return `SERVFAIL from ${where}`;
      case 'EREFUSED':
        return `REFUSED by ${where}: it does not serve this zone or refuses this client`;
      case 'ECONNREFUSED':
        return `connection refused by ${where}`;
      default:
        return `the DNS query failed (${code}) at ${where}`;
    }
  }

  async function lookup(zone: ZoneDefinition, name: string, withReason: boolean): Promise<Answer> {
    const cached = cache.get(name);
    if (cached && cached.expiresAt > now().getTime()) {
      return cached.answer;
    }
    let pending = inflight.get(name);
    if (!pending) {
      pending = resolveName(zone, name, withReason).finally(() => inflight.delete(name));
      inflight.set(name, pending);
    }
    return pending;
  }

  async function resolveName(zone: ZoneDefinition, name: string, withReason: boolean): Promise<Answer> {
    const remember = (answer: CachedAnswer, ttlSeconds: number) => {
      if (ttlSeconds > 0) {
        cache.set(name, { answer, expiresAt: now().getTime() + ttlSeconds * 1_000 });
      }
      return answer;
    };
    const asked = await ask(zone, (resolver) => resolver.resolve4(name, { ttl: true }));
    if (!asked.ok) {
      if (asked.code === 'ENOTFOUND' || asked.code === 'ENODATA') {
        return remember(CLEAN, config.negativeCacheSeconds);
      }
      if (asked.code !== 'EREFUSED') {
        unanswered += 1;
      }
      return { state: 'unknown', error: describeFailure(asked.code) };
    }
    const records = asked.value;
    if (records.length === 0) {
      return remember(CLEAN, config.negativeCacheSeconds);
    }
    const foreign = records.filter((record) => !record.address.startsWith('127.'));
    if (foreign.length > 0) {
      return {
        state: 'unknown',
        error:
          `the resolver answered ${foreign.map((record) => record.address).join(', ')}, outside 127.0.0.0/8: ` +
          'it rewrites answers (a hijacking resolver), so its answers cannot be trusted',
      };
    }
    const codes = [...new Set(records.map((record) => record.address))].sort(compareCodes);
    const errors = codes.flatMap((code) => {
      const decoded = decodeCode(zone, code);
      return decoded.error ? [`${decoded.meaning} (${code})`] : [];
    });
    if (errors.length > 0) {
      return { state: 'unknown', error: `${zone.operator} refused the query: ${errors.join('; ')}` };
    }
    let reason: string | null = null;
    if (withReason) {
      const txt = await ask(zone, (resolver) => resolver.resolveTxt(name));
      if (txt.ok) {
        const text = txt.value
          .map((chunks) => chunks.join(''))
          .join(' / ')
          .trim();
        reason = text === '' ? null : text.slice(0, REASON_MAX_CHARS);
      }
    }
    return remember({ state: 'listed', codes, reason }, Math.min(...records.map((record) => record.ttl)));
  }

  /** Null when the zone's test entries answer as they should, else why its answers cannot be trusted. */
  async function distrust(zone: ZoneDefinition, asked: string, family: IpFamily): Promise<string | null> {
    const test = TEST_ENTRIES[family];
    const listed = await lookup(zone, queryName(test.listed, asked), false);
    if (listed.state === 'unknown') {
      return listed.error;
    }
    if (listed.state === 'clean') {
      return (
        `the list does not answer for its test entry ${test.listed} (RFC 5782), so its answers cannot be trusted: ` +
        'a retired or misconfigured list, or a resolver that filters its answers'
      );
    }
    const unlisted = await lookup(zone, queryName(test.unlisted, asked), false);
    if (unlisted.state === 'unknown') {
      return unlisted.error;
    }
    if (unlisted.state === 'listed') {
      return (
        `the list answers for ${test.unlisted}, which no list may list (RFC 5782), so its answers cannot be ` +
        'trusted: it answers every query (a wildcard, a retired list, or a resolver that rewrites answers)'
      );
    }
    return null;
  }

  function entry(zone: ZoneDefinition, ip: string, checkedAt: string, answer: Answer): ReputationEntry {
    const base = {
      ip,
      zone: zone.zone,
      zoneLabel: zone.label,
      zoneKind: zone.kind,
      checkedAt,
      since: null,
      delistUrl: zone.delistUrl,
    };
    switch (answer.state) {
      case 'listed':
        return {
          ...base,
          state: 'listed',
          codes: answer.codes,
          meanings: answer.codes.map((code) => decodeCode(zone, code).meaning),
          reason: answer.reason === null ? null : redactSecret(answer.reason, dqsKey),
          error: null,
        };
      case 'clean':
        return { ...base, state: 'clean', codes: [], meanings: [], reason: null, error: null };
      default:
        return {
          ...base,
          state: 'unknown',
          codes: [],
          meanings: [],
          reason: null,
          error: redactSecret(answer.error, dqsKey),
        };
    }
  }

  const internalMessage = (error: unknown) =>
    `internal error: ${error instanceof Error ? error.message : String(error)}`;
  const internal = (error: unknown): Answer => ({ state: 'unknown', error: internalMessage(error) });

  async function checkZone(zone: ZoneDefinition, ips: readonly string[], checkedAt: string) {
    const asked = queryZone(zone, dqsKey);
    // IPv4-only zones are not asked about IPv6 addresses: no row (see zones.ts).
    const supported = ips.filter((ip) => ipFamily(ip) === 4 || zone.ipv6);
    const families = [...new Set(supported.map((ip) => ipFamily(ip)!))];
    const untrusted = new Map(
      await Promise.all(
        families.map(async (family) => {
          const reason = await distrust(zone, asked, family).catch((error: unknown) => internalMessage(error));
          return [family, reason] as const;
        })
      )
    );
    return Promise.all(
      supported.map(async (ip): Promise<[string, ReputationEntry]> => {
        const reason = untrusted.get(ipFamily(ip)!);
        if (reason) {
          return [ip, entry(zone, ip, checkedAt, { state: 'unknown', error: reason })];
        }
        const answer = await lookup(zone, queryName(ip, asked), true).catch((error: unknown) => internal(error));
        return [ip, entry(zone, ip, checkedAt, answer)];
      })
    );
  }

  return {
    queriesSent: () => sent,
    unanswered: () => unanswered,
    async checkAll() {
      unanswered = 0;
      const at = now();
      const checkedAt = at.toISOString();
      for (const [name, cached] of cache) {
        if (cached.expiresAt <= at.getTime()) {
          cache.delete(name);
        }
      }
      const ips = [...new Set(config.sendingIps.filter((ip) => ipFamily(ip)).map(canonicalIp))];
      const rows = await Promise.all(
        zones.map(async (zone) => {
          try {
            return new Map(await checkZone(zone, ips, checkedAt));
          } catch (error) {
            return new Map(
              ips
                .filter((ip) => ipFamily(ip) === 4 || zone.ipv6)
                .map((ip) => [ip, entry(zone, ip, checkedAt, internal(error))] as const)
            );
          }
        })
      );
      return ips.flatMap((ip) => rows.flatMap((byIp) => byIp.get(ip) ?? []));
    },
  };
}

/** A zone configured twice is asked once (the first definition wins). */
function dedupeZones(zones: readonly ZoneDefinition[]): ZoneDefinition[] {
  const seen = new Set<string>();
  return zones.filter((zone) => !seen.has(zone.zone) && seen.add(zone.zone));
}
