// The DNS block- and allowlists this service knows by name (what their return codes mean, which answers are query
// errors rather than listings, where to ask for removal), and the resolution of a config entry to a zone definition:
// a catalog name, a custom zone, or a custom zone over a catalog one (its fields win, its codes are added).
// A zone name the catalog does not know is read as a plain RFC 5782 blocklist ("listed (127.0.0.x)").
//
// IPv4-only lists are not asked about IPv6 addresses at all: such a pair gets no row (rather than an `unknown` one,
// which would read as a problem). A list answers for IPv6 only when its definition says `ipv6: true`.
import type { ZoneKind } from '@penguinmails/sysmon-contract';
import type { CustomZoneConfig } from './config.ts';

/** What one A record of a zone's answer means. */
export interface DecodedCode {
  /** True for an answer that is a query error (refused, rate limited, bad key): never a listing. */
  error: boolean;
  meaning: string;
}

export interface ZoneDefinition {
  /** The zone as configured; the identity shown in entries (never the DQS name, which contains the key). */
  zone: string;
  label: string;
  /** Who runs the list, for wording such as "Spamhaus refused the query". */
  operator: string;
  kind: ZoneKind;
  /** Return code -> meaning. */
  codes: Readonly<Record<string, string>>;
  /** Return codes that are query errors. */
  errorCodes: Readonly<Record<string, string>>;
  /** Prefixes of codes that are query errors whatever their last octet (Spamhaus: 127.255.255.0/24). */
  errorPrefixes: readonly string[];
  /** Meaning of a code the maps do not name (DNSWL's 127.0.<category>.<trust>). */
  describe?: (code: string) => string | undefined;
  delistUrl: string | null;
  ipv6: boolean;
  /** The zone asked instead when a Spamhaus DQS key is configured: `<key>.<dqsZone>`. */
  dqsZone?: string;
}

const SPAMHAUS_ERRORS = {
  '127.255.255.252': 'typing error in the zone name, or a DQS key that is not valid',
  '127.255.255.254': 'public/open resolver',
  '127.255.255.255': 'excessive number of queries (rate limited)',
} as const;

/** DNSWL categories (127.0.<category>.y). */
const DNSWL_CATEGORIES: Readonly<Record<number, string>> = {
  2: 'financial services',
  3: 'email service providers',
  4: 'organisations',
  5: 'service/network providers',
  6: 'personal/private servers',
  7: 'travel/leisure industry',
  8: 'public sector/governments',
  9: 'media and tech companies',
  10: 'special cases',
  11: 'education, academic',
  12: 'healthcare',
  13: 'manufacturing/industrial',
  14: 'retail/wholesale/services',
  15: 'email marketing providers',
  20: 'added through self-service, no category',
};

/** DNSWL trust (127.0.x.<trust>). */
const DNSWL_TRUST = ['none', 'low', 'medium', 'high'] as const;

function describeDnswl(code: string): string | undefined {
  const match = /^127\.0\.(\d{1,3})\.(\d{1,3})$/.exec(code);
  if (!match) {
    return undefined;
  }
  const category = Number(match[1]);
  const trust = DNSWL_TRUST[Number(match[2])];
  if (trust === undefined) {
    return undefined;
  }
  return `allowlisted: ${DNSWL_CATEGORIES[category] ?? `category ${category}`}, trust ${trust}`;
}

const CATALOG_LIST: readonly ZoneDefinition[] = [
  {
    zone: 'zen.spamhaus.org',
    label: 'Spamhaus ZEN',
    operator: 'Spamhaus',
    kind: 'block',
    codes: {
      '127.0.0.2': 'SBL: Spamhaus blocklist (spam source or spam operation)',
      '127.0.0.3': 'SBL CSS: low-reputation sender (automated)',
      '127.0.0.4': 'XBL: exploited host (malware, botnet, open proxy)',
      '127.0.0.5': 'XBL: exploited host',
      '127.0.0.6': 'XBL: exploited host',
      '127.0.0.7': 'XBL: exploited host',
      '127.0.0.9': 'SBL DROP: hijacked or criminal network',
      '127.0.0.10': 'PBL: end-user range that should not send directly (listed by its ISP)',
      '127.0.0.11': 'PBL: end-user range that should not send directly (listed by Spamhaus)',
      '127.0.0.30': 'BCL: botnet controller',
    },
    errorCodes: SPAMHAUS_ERRORS,
    // Spamhaus reserves the whole range for errors about the query itself.
    errorPrefixes: ['127.255.255.'],
    delistUrl: 'https://check.spamhaus.org/',
    ipv6: true,
    dqsZone: 'zen.dq.spamhaus.net',
  },
  {
    zone: 'b.barracudacentral.org',
    label: 'Barracuda BRBL',
    operator: 'Barracuda',
    kind: 'block',
    codes: { '127.0.0.2': 'listed in the Barracuda Reputation Block List (poor sending reputation)' },
    errorCodes: {},
    errorPrefixes: [],
    delistUrl: 'https://www.barracudacentral.org/rbl/removal-request',
    ipv6: false,
  },
  {
    zone: 'bl.spamcop.net',
    label: 'SpamCop',
    operator: 'SpamCop',
    kind: 'block',
    codes: { '127.0.0.2': 'reported as a spam source by SpamCop users or spam traps (expires on its own)' },
    errorCodes: {},
    errorPrefixes: [],
    delistUrl: 'https://www.spamcop.net/bl.shtml',
    ipv6: false,
  },
  {
    zone: 'psbl.surriel.com',
    label: 'PSBL',
    operator: 'PSBL',
    kind: 'block',
    codes: { '127.0.0.2': 'sent mail to PSBL spam traps' },
    errorCodes: {},
    errorPrefixes: [],
    delistUrl: 'https://psbl.org/remove',
    ipv6: false,
  },
  {
    zone: 'bl.mailspike.net',
    label: 'Mailspike BL',
    operator: 'Mailspike',
    kind: 'block',
    codes: {
      '127.0.0.2': 'Z: part of a distributed spam wave',
      '127.0.0.10': 'L5: worst possible reputation',
      '127.0.0.11': 'L4: very bad reputation',
      '127.0.0.12': 'L3: bad reputation',
    },
    errorCodes: {},
    errorPrefixes: [],
    delistUrl: 'https://mailspike.org/lookup.html',
    ipv6: false,
  },
  {
    zone: 'list.dnswl.org',
    label: 'DNSWL',
    operator: 'DNSWL',
    kind: 'allow',
    codes: {},
    errorCodes: { '127.0.0.255': 'query refused (public resolver or too many queries)' },
    errorPrefixes: [],
    describe: describeDnswl,
    delistUrl: 'https://www.dnswl.org/selfservice/',
    ipv6: true,
  },
];

/** The zones known by name, by their configured name. */
export const ZONE_CATALOG: ReadonlyMap<string, ZoneDefinition> = new Map(
  CATALOG_LIST.map((definition) => [definition.zone, definition])
);

export function isCatalogZone(zone: string): boolean {
  return ZONE_CATALOG.has(zone.toLowerCase());
}

/** A config entry (catalog name or custom zone) as a zone definition. */
export function zoneFor(entry: string | CustomZoneConfig): ZoneDefinition {
  const name = (typeof entry === 'string' ? entry : entry.zone).toLowerCase();
  const base: ZoneDefinition = ZONE_CATALOG.get(name) ?? {
    zone: name,
    label: name,
    operator: name,
    kind: 'block',
    codes: {},
    errorCodes: {},
    errorPrefixes: [],
    delistUrl: null,
    ipv6: false,
  };
  if (typeof entry === 'string') {
    return base;
  }
  return {
    ...base,
    label: entry.label ?? base.label,
    operator: entry.label && !ZONE_CATALOG.has(name) ? entry.label : base.operator,
    kind: entry.kind ?? base.kind,
    codes: { ...base.codes, ...entry.codes },
    errorCodes: { ...base.errorCodes, ...entry.errorCodes },
    delistUrl: entry.delistUrl ?? base.delistUrl,
    ipv6: entry.ipv6 ?? base.ipv6,
  };
}

/** The zone to ask: the DQS zone with the key when the list has one and a key is given, else the zone itself. */
export function queryZone(definition: ZoneDefinition, dqsKey?: string): string {
  return dqsKey && definition.dqsZone ? `${dqsKey}.${definition.dqsZone}` : definition.zone;
}

/** What a return code means on this zone, and whether it is a query error. */
export function decodeCode(definition: ZoneDefinition, code: string): DecodedCode {
  const errorMeaning = definition.errorCodes[code];
  if (errorMeaning !== undefined) {
    return { error: true, meaning: errorMeaning };
  }
  if (definition.errorPrefixes.some((prefix) => code.startsWith(prefix))) {
    return { error: true, meaning: 'error about the query itself' };
  }
  const meaning = definition.codes[code] ?? definition.describe?.(code);
  if (meaning !== undefined) {
    return { error: false, meaning };
  }
  return { error: false, meaning: `${definition.kind === 'allow' ? 'allowlisted' : 'listed'} (${code})` };
}
