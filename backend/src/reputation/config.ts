// The `reputation` section of the YAML config: sending IPs, the DNS block- and allowlists to check them against,
// the resolver to ask, and how often. Zones are catalog names (reputation/zones.ts) or full definitions.
import { isIP } from 'node:net';
import { z } from 'zod';
import { isCatalogZone } from './zones.ts';

const ZONE_NAME = /^(?=.{1,200}$)([a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)(\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)+$/;
const RETURN_CODE = /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/;

/** `127.0.0.1`, `127.0.0.1:5353`, `::1`, `[::1]:53`: what dns.Resolver#setServers accepts. */
function isServerAddress(text: string): boolean {
  const bracketed = /^\[([^\]]+)\](?::(\d{1,5}))?$/.exec(text);
  const withPort = /^([^:]+):(\d{1,5})$/.exec(text);
  const [host, port] = bracketed ? [bracketed[1]!, bracketed[2]] : withPort ? [withPort[1]!, withPort[2]] : [text];
  return isIP(host) !== 0 && (port === undefined || (Number(port) >= 1 && Number(port) <= 65_535));
}

/**
 * A zone this service has no catalog entry for (its name, what it is, what its return codes mean), or changes to a
 * catalog zone (reputation/zones.ts: its fields win, its codes are added). `kind` and `ipv6` default to a plain
 * IPv4 blocklist for a zone the catalog does not know, and to the catalog's values for one it does.
 */
export const customZoneSchema = z
  .object({
    zone: z.string().toLowerCase().regex(ZONE_NAME, { message: 'expected a DNS zone such as bl.example.org' }),
    label: z.string().min(1).max(60).optional(),
    kind: z.enum(['block', 'allow']).optional(),
    /** Return code (127.x.y.z) -> meaning; codes not listed read as "listed (code)". */
    codes: z
      .record(z.string().regex(RETURN_CODE, { message: 'expected a return code 127.x.y.z' }), z.string())
      .default({}),
    /** Return codes that are query errors (never listings), e.g. a rate limit. */
    errorCodes: z
      .record(z.string().regex(RETURN_CODE, { message: 'expected a return code 127.x.y.z' }), z.string())
      .default({}),
    delistUrl: z.url().optional(),
    /** Whether the zone answers for IPv6 addresses (nibble-reversed names). */
    ipv6: z.boolean().optional(),
  })
  .strict()
  .transform((zone) =>
    isCatalogZone(zone.zone) ? zone : { ...zone, kind: zone.kind ?? 'block', ipv6: zone.ipv6 ?? false }
  );

/** The zones checked when the config names none (catalog names). */
export const DEFAULT_ZONES = [
  'zen.spamhaus.org',
  'b.barracudacentral.org',
  'bl.spamcop.net',
  'psbl.surriel.com',
  'bl.mailspike.net',
  'list.dnswl.org',
] as const;

export const reputationSchema = z
  .object({
    /** The platform's sending IPs (IPv4 and IPv6). */
    sendingIps: z
      .array(z.string().refine((ip) => isIP(ip) !== 0, { message: 'expected an IPv4 or IPv6 address' }))
      .max(1_000)
      .default([]),
    /** Catalog names (see README) or custom zones. */
    zones: z
      .array(z.union([z.string().toLowerCase().regex(ZONE_NAME, { message: 'expected a DNS zone' }), customZoneSchema]))
      .max(50)
      .default([...DEFAULT_ZONES]),
    resolver: z
      .object({
        /** DNS servers ("127.0.0.1", "127.0.0.1:5353", "[::1]:53"); empty: the system's. Public resolvers are refused by Spamhaus. */
        servers: z
          .array(
            z
              .string()
              .refine(isServerAddress, { message: 'expected an IP address with an optional port: 127.0.0.1:53' })
          )
          .max(10)
          .default([]),
        /** One query's timeout. */
        timeoutMs: z.number().int().min(100).max(30_000).default(2_000),
        tries: z.number().int().min(1).max(5).default(2),
      })
      .strict()
      .prefault({}),
    /** How often every IP is checked against every zone (one replica, by lock). */
    intervalMs: z.number().int().min(10_000).max(86_400_000).default(900_000),
    /** How long a "not listed" answer (NXDOMAIN) is cached; listed answers are cached for their TTL. */
    negativeCacheSeconds: z.number().int().min(0).max(86_400).default(300),
    /** Most queries per second sent to one zone. */
    queriesPerSecond: z.number().min(0.1).max(1_000).default(20),
  })
  .strict()
  .prefault({});

export type ReputationConfig = z.output<typeof reputationSchema>;
export type CustomZoneConfig = z.output<typeof customZoneSchema>;
