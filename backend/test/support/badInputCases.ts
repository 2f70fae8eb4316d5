// Generators of malformed input for the bad-input suite (fast-check, seeded): POST /api/query (every query type and
// field, and the envelope), every route of the routes table (path, query-string and body parameters), the three
// ingest formats (NDJSON, Loki push, OTLP/HTTP JSON) with their headers and encodings, and both search languages.
// Each case carries what a right answer is (support/badInput.ts): validity is decided by the same schemas the
// service is meant to apply (the contract's query schemas, each route's zod schemas), never by calling the service.
import querystring from 'node:querystring';
import { deflateSync, gzipSync } from 'node:zlib';
import fc from 'fast-check';
import { QUERY_TYPES, querySchema, type QueryType } from '@penguinmails/sysmon-contract';
import { z } from 'zod';
import type { Route } from '../../src/http/route.ts';
import { parseHistoryParams } from '../../src/units/queues/historyParams.ts';
import type { BadCase } from './badInput.ts';

export interface Fixture {
  /** A queue that exists under the service's prefix, and a job in it. */
  queue: string;
  jobId: string;
  prefix: string;
  tokens: { api: string; operator: string; ingest: string; metrics: string };
  /** logs.maxBodyBytes of the service under test (the decompressed ingest limit). */
  maxIngestBytes: number;
}

// ---------------------------------------------------------------------------------------------------------------
// Values.

/** JSON text spliced in as it is (deep nesting that JSON.stringify could not produce). */
class Raw {
  constructor(readonly json: string) {}
}

/** JSON text of a value that may hold Raw parts. */
export function toJson(value: unknown): string {
  if (value instanceof Raw) {
    return value.json;
  }
  if (Array.isArray(value)) {
    return `[${value.map(toJson).join(',')}]`;
  }
  if (value !== null && typeof value === 'object') {
    return `{${Object.entries(value)
      .map(([key, item]) => `${JSON.stringify(key)}:${toJson(item)}`)
      .join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

/** Sets a field as an own property, even `__proto__` (what JSON.parse gives for that key). */
function setField(target: Record<string, unknown>, key: string, value: unknown): void {
  Object.defineProperty(target, key, { value, enumerable: true, configurable: true, writable: true });
}

const NASTY_STRINGS = [
  '',
  ' ',
  '\u0000',
  'a\u0000b',
  '\ud800',
  'x\udfffy',
  '\udc00\ud800',
  '\uffff',
  '\ufeff',
  '\u202e',
  '𝔘𝔫𝔦',
  '%00',
  '%',
  '%zz',
  '\\',
  "'",
  '"',
  "'; DROP TABLE x; --",
  '${x}',
  '../..',
  'OR',
  'null',
  '-1',
  '1e309',
  '0x10',
  '\r\n',
  '<script>',
  '*',
  ':',
  'a:b:c',
  '9223372036854775808',
  '-9223372036854775809',
];

const nastyChars = fc.constantFrom('\u0000', '\ud800', '\udc00', 'a', 'é', ' ', '"', '\\', ':', '-', '%', '€', '\n');
const shortNasty = fc.oneof(
  fc.constantFrom(...NASTY_STRINGS),
  fc.string({ unit: 'binary', maxLength: 24 }),
  fc.string({ unit: nastyChars, maxLength: 24 })
);
/** Strings longer than any field allows, some of them with characters PostgreSQL cannot store. */
// Built once and shared (strings are immutable): generating ten thousand cases stays quick and small.
const HUGE_STRINGS = ['x', '€', '\u0000', '\ud800', 'ab '].flatMap((unit) =>
  [1_001, 1_001, 10_000, 10_000, 100_000].map((count) => unit.repeat(count))
);
const hugeString = fc.constantFrom(...HUGE_STRINGS);
const nastyString = fc.oneof({ weight: 6, arbitrary: shortNasty }, { weight: 1, arbitrary: hugeString });
const badNumber = fc.oneof(
  fc.integer(),
  fc.double(),
  fc.constantFrom(0, -1, 1.5, 2 ** 31, 2 ** 53 + 2, 1e21, 1e308, -1e308, 5e-324, -0.5)
);
const wrongType = fc.oneof(
  fc.constantFrom(null, true, false, [], {}, [null], { '': 1 }, [[[]]], JSON.parse('{"__proto__":1}') as unknown),
  fc.jsonValue({ maxDepth: 3 })
);
/** Nesting deeper than anything reads (JSON.parse copes; recursive code must not be handed it). */
const DEEP_VALUES = [65, 300, 5_000, 20_000, 20_000, 20_000, 100_000].flatMap((depth) => [
  new Raw(`${'['.repeat(depth)}${']'.repeat(depth)}`),
  new Raw(`${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}`),
]);
const deep = fc.constantFrom(...DEEP_VALUES);

function plausible(fixture: Fixture): unknown[] {
  const now = Date.now();
  return [
    fixture.queue,
    'email-sending',
    'no-such-queue',
    'high',
    'low',
    'HIGH',
    'depth',
    'failed',
    'completed',
    'waiting',
    'error',
    'warn',
    'backward',
    'forward',
    '1',
    '0',
    '9223372036854775807',
    '9223372036854775808',
    '99999999999999999999',
    1,
    0,
    100,
    1000,
    5000,
    5001,
    100_000,
    100_001,
    ['error'],
    ['ERROR'],
    ['smtp'],
    ['a\u0000'],
    ['service_states'],
    ['queue_actions', 'queue_actions', 'service_states'],
    'queue',
    'tier',
    'service',
    'level',
    'infra_service',
    '10.0.0.1',
    'zen.spamhaus.org',
    'listed',
    'critical',
    'latency_ms',
    'state',
    new Date(now).toISOString(),
    '2026-01-01T00:00:00Z',
    '0000-01-01T00:00:00Z',
    '9999-12-31T23:59:59Z',
    '+275760-09-13T00:00:00.000Z',
    String(now),
    true,
    false,
  ];
}

/** Digit strings around the limits of the id and cursor fields (PostgreSQL bigint, JavaScript's safe integers). */
const DIGIT_EDGES = [
  '9223372036854775807',
  '9223372036854775808',
  '18446744073709551616',
  '9007199254740993',
  '0',
  '00',
  '0000000000000000001',
  '1',
  '-1',
  '1.5',
  '1e3',
  '25',
  '100',
  '1000',
  '1001',
  '100000',
  '100001',
  '1000000000',
  '1000000001',
  '99999999999999999999',
];
const NUMBER_EDGES = [
  0,
  1,
  -1,
  1.5,
  2,
  25,
  100,
  101,
  500,
  501,
  1000,
  1001,
  5000,
  5001,
  100_000,
  100_001,
  2 ** 53 - 1,
  1e21,
];
/** What any field may be sent instead of its own kind of value. */
const ANY_EDGES: unknown[] = [null, true, [], {}, '', '\u0000', 'a\u0000b', '\ud800', 'x\udfffy', '€'.repeat(100_000)];

type ZodDef = {
  type: string;
  innerType?: z.ZodType;
  in?: z.ZodType;
  element?: z.ZodType;
  entries?: Record<string, unknown>;
  values?: unknown[];
};
const defOf = (schema: z.ZodType) => (schema as unknown as { _zod: { def: ZodDef } })._zod.def;

/**
 * Values at and just past the edges of what a schema takes: an enum's options and near misses, numbers at the
 * usual bounds, digit strings around bigint's, strings at length limits and with NUL or lone surrogates, arrays of
 * good and bad items (and too many), and every other JSON type. Wrappers (optional, default, pipe) are looked
 * through. A finite list: the edge sweeps send every one of them to every field.
 */
export function edgeValues(schema: z.ZodType, fixture: Fixture, depth = 0): unknown[] {
  const def = defOf(schema);
  const inner = def.innerType ?? def.in;
  if (inner && depth < 6) {
    return edgeValues(inner, fixture, depth + 1);
  }
  switch (def.type) {
    case 'enum': {
      const options = Object.values(def.entries ?? {}).map(String);
      return [...options, options[0]!.toUpperCase(), ` ${options[0]}`, `${options[0]}\u0000`, ...ANY_EDGES, 1];
    }
    case 'literal':
      return [...(def.values ?? []), ...ANY_EDGES];
    case 'number':
    case 'int':
      return [...NUMBER_EDGES, '1', ...ANY_EDGES];
    case 'boolean':
      return [true, false, 'true', 0, ...ANY_EDGES];
    case 'array': {
      const items = def.element ? edgeValues(def.element, fixture, depth + 1) : ['x'];
      const good = items[0];
      return [
        [],
        ...items.filter((item) => typeof item !== 'string' || item.length < 1_000).map((item) => [item]),
        [good, good],
        Array.from({ length: 101 }, () => good),
        Array.from({ length: 300 }, (_, i) => `${String(good)}${i}`),
        'x',
        1,
        null,
        {},
      ];
    }
    case 'string':
      return [
        ...DIGIT_EDGES,
        fixture.queue,
        'bull',
        'smtp',
        '10.0.0.1',
        ' ',
        ...[45, 46, 63, 64, 200, 201, 256, 257, 500, 501, 1000, 1001, 2000, 2001].map((n) => 'x'.repeat(n)),
        new Date().toISOString(),
        '0000-01-01T00:00:00Z',
        '9999-12-31T23:59:59Z',
        ...ANY_EDGES,
        1,
      ];
    default:
      return [...ANY_EDGES, 1];
  }
}

/** A value for a JSON field: mostly wrong, often shaped like the field's own values (the schema decides which). */
function jsonFieldValue(fixture: Fixture, schema?: z.ZodType) {
  return fc.oneof(
    { weight: 4, arbitrary: nastyString },
    { weight: 2, arbitrary: badNumber },
    { weight: 2, arbitrary: wrongType },
    { weight: 1, arbitrary: deep },
    { weight: 2, arbitrary: fc.constantFrom(...plausible(fixture)) },
    { weight: schema ? 6 : 0, arbitrary: schema ? fc.constantFrom(...edgeValues(schema, fixture)) : fc.constant(null) }
  );
}

/** Percent-encodes every byte but the unreserved ones (lone surrogates become U+FFFD, as any client sends them). */
export function pctEncode(value: string): string {
  let out = '';
  for (const byte of Buffer.from(value, 'utf8')) {
    const char = String.fromCharCode(byte);
    out += /[A-Za-z0-9\-._~]/.test(char) ? char : `%${byte.toString(16).toUpperCase().padStart(2, '0')}`;
  }
  return out;
}

const MALFORMED_ENCODINGS = [
  '%',
  '%G1',
  '%E0%A4%A',
  '%ED%A0%80',
  '%ED%BF%BF',
  '%C0%AF',
  '%FF',
  '%FE%FF',
  '%00',
  'a%00b',
  '%2F',
  '%2F..%2F',
  '..',
  '.',
  '%2E%2E',
  '%20',
  '%25',
  '~',
  '%F4%90%80%80',
  '%C3',
  '%u0041',
  '+',
];

/** A raw (already encoded, maybe malformed) value for a URL path segment or query string. */
function urlValue(fixture: Fixture) {
  return fc.oneof(
    { weight: 6, arbitrary: fc.constantFrom(...MALFORMED_ENCODINGS) },
    { weight: 8, arbitrary: shortNasty.map(pctEncode) },
    {
      weight: 6,
      arbitrary: fc
        .constantFrom(...plausible(fixture).filter((value) => typeof value !== 'object'))
        .map((value) => pctEncode(String(value))),
    },
    // Long, but under Node's 16 KiB header limit; and rarely over it (431 from the HTTP parser).
    {
      weight: 2,
      arbitrary: fc
        .tuple(fc.constantFrom('x', '%00', '%E2%82%AC', '%ED%A0%80'), fc.constantFrom(300, 1_000, 1_500))
        .map(([unit, count]) => unit.repeat(count)),
    },
    { weight: 1, arbitrary: fc.constant('x'.repeat(20_000)) }
  );
}

// ---------------------------------------------------------------------------------------------------------------
// POST /api/query.

const auth = (token: string, extra: Record<string, string> = {}) => ({ authorization: `Bearer ${token}`, ...extra });
const JSON_HEADERS = { 'content-type': 'application/json' };

/**
 * What a valid query of a type may still be refused for, besides the fields a case changed: the thing it names was
 * not found (log_context's line, the jobs query's queue).
 */
const BASE_NOUNS: Partial<Record<QueryType, string[]>> = {
  log_context: ['log line'],
  jobs: ['queue'],
  drift: ['queue'],
};

/** Valid query of each type to mutate (the jobs query needs a queue for its live-jobs form). */
function baseQuery(type: QueryType, fixture: Fixture): Record<string, unknown> {
  return { refId: 'A', queryType: type, ...(type === 'jobs' ? { queue: fixture.queue } : {}) };
}

function fieldsOf(type: QueryType): string[] {
  return Object.keys(querySchema(type).shape);
}

function isObjectSchema(schema: unknown): schema is z.ZodObject {
  return schema instanceof z.ZodObject;
}

/** An object schema's own field (never what `constructor` or `__proto__` find on the prototype). */
function ownField(schema: unknown, field: string): z.ZodType | undefined {
  return isObjectSchema(schema) && Object.hasOwn(schema.shape, field) ? (schema.shape[field] as z.ZodType) : undefined;
}

const UNKNOWN_FIELDS = ['zzUnknown', '__proto__', 'constructor', 'datasource', 'hide', ''];

type Mutation = readonly [field: string, value: unknown];

/** A query of `type` with fields set (or removed: null) as the mutations say, judged by the contract's schema. */
function queryCase(
  fixture: Fixture,
  type: QueryType,
  mutations: readonly Mutation[],
  withRange: boolean,
  second: boolean
): BadCase {
  const query: Record<string, unknown> = baseQuery(type, fixture);
  for (const [field, replacement] of mutations) {
    if (replacement === null) {
      delete query[field];
    } else {
      setField(query, field, replacement);
    }
  }
  const now = Date.now();
  const envelope = {
    queries: second ? [query, { refId: 'B', queryType: 'health' }] : [query],
    ...(withRange ? { range: { from: new Date(now - 3_600_000).toISOString(), to: new Date(now).toISOString() } } : {}),
  };
  const body = toJson(envelope);
  // Validity as the server sees the text: parsed back, then the contract's schema of the (maybe changed) type.
  const seen = (JSON.parse(body) as { queries: Array<Record<string, unknown>> }).queries[0]!;
  const refId = seen.refId;
  const refIdValid = typeof refId === 'string' && refId.length > 0 && !(second && refId === 'B');
  const seenType = seen.queryType;
  const typeValid = QUERY_TYPES.some((known) => known.value === seenType);
  const valid = refIdValid && typeValid && querySchema(seenType as QueryType).safeParse(seen).success;
  const fields = [...new Set(mutations.map(([field]) => field))];
  return {
    target: `query ${type}.${fields.join(',')}`,
    method: 'POST',
    path: '/api/query',
    headers: auth(fixture.tokens.api, JSON_HEADERS),
    body,
    expect: {
      valid,
      names: [...fields.map((field) => (field === '' ? 'query' : field)), ...(valid ? (BASE_NOUNS[type] ?? []) : [])],
      refId: refIdValid ? (refId as string) : 'A',
    },
  };
}

/** One query of one type with one to three of its fields (or unknown ones) given bad values, or removed. */
function queryFieldCase(fixture: Fixture) {
  const generic = jsonFieldValue(fixture);
  const mutation = (type: QueryType) =>
    fc.constantFrom(...fieldsOf(type), ...fieldsOf(type), ...UNKNOWN_FIELDS).chain((field) => {
      const schema = ownField(querySchema(type), field);
      return fc.tuple(fc.constant(field), fc.option(schema ? jsonFieldValue(fixture, schema) : generic, { freq: 8 }));
    });
  return fc
    .constantFrom(...QUERY_TYPES.map((type) => type.value))
    .chain((type) =>
      fc.record({
        type: fc.constant(type),
        mutations: fc.array(mutation(type), { minLength: 1, maxLength: 3 }),
        withRange: fc.boolean(),
        second: fc.boolean(),
      })
    )
    .map(({ type, mutations, withRange, second }) => queryCase(fixture, type, mutations, withRange, second));
}

/** Every edge value of every field of every query type, one field at a time (and each field removed). */
function queryEdgeCases(fixture: Fixture): BadCase[] {
  return QUERY_TYPES.flatMap(({ value: type }) =>
    fieldsOf(type).flatMap((field) =>
      [...edgeValues(ownField(querySchema(type), field)!, fixture), null].map((value, index) =>
        queryCase(fixture, type, [[field, value]], index % 2 === 0, index % 3 === 0)
      )
    )
  );
}

/** The envelope around the queries: wrong shapes, ranges, numbers, unknown fields. */
function envelopeCase(fixture: Fixture) {
  const now = Date.now();
  const goodQueries = [{ refId: 'A', queryType: 'health' }];
  const iso = (ms: number) => new Date(ms).toISOString();
  const badTime = fc.oneof(
    nastyString,
    badNumber,
    wrongType,
    fc.constantFrom(
      '0000-01-01T00:00:00Z',
      '10000-01-01T00:00:00Z',
      '+275760-09-13T00:00:00.000Z',
      '2026-13-45T25:61:61Z',
      '2026-01-01',
      '2026-01-01T00:00:00',
      'now-1h',
      String(now),
      '1969-12-31T23:59:59Z'
    )
  );
  type Body = Record<string, unknown>;
  type Tagged = { mutate: (body: Body) => void; valid: boolean; names: string[] };
  const tag = (mutate: (body: Body) => void, valid: boolean, ...names: string[]): Tagged => ({ mutate, valid, names });
  const anyBad = fc.oneof(nastyString, badNumber, wrongType, deep);
  const tagged: fc.Arbitrary<Tagged> = fc.oneof(
    // The body itself.
    fc.oneof(anyBad).map((value) => tag((body) => Object.assign(body, { __replace: value }), false, 'body')),
    // queries
    anyBad.map((value) => tag((body) => (body.queries = value), false, 'queries')),
    fc.constantFrom(
      tag((body) => (body.queries = []), false, 'queries', 'at least one'),
      tag(
        (body) => (body.queries = Array.from({ length: 101 }, (_, i) => ({ refId: `Q${i}`, queryType: 'health' }))),
        false,
        'queries',
        'at most 100'
      ),
      tag((body) => (body.queries = [goodQueries[0], goodQueries[0]]), false, 'refId'),
      tag((body) => (body.queries = [{ queryType: 'health' }]), false, 'refId'),
      tag((body) => (body.queries = [null]), false, 'queries'),
      tag((body) => (body.queries = ['A']), false, 'queries'),
      tag((body) => delete body.queries, false, 'queries')
    ),
    // range
    anyBad.map((value) => tag((body) => (body.range = value), false, 'range')),
    fc
      .tuple(fc.constantFrom('from', 'to'), badTime)
      .map(([end, value]) =>
        tag((body) => (body.range = { from: iso(now - 3_600_000), to: iso(now), [end]: value }), false, 'range')
      ),
    fc.constant(tag((body) => (body.range = { from: iso(now), to: iso(now - 3_600_000) }), false, 'range')),
    fc.constant(
      tag((body) => (body.range = { from: '1970-01-01T00:00:00Z', to: '9999-12-31T23:59:59Z' }), true, 'range')
    ),
    // intervalMs, maxDataPoints
    fc
      .tuple(fc.constantFrom('intervalMs', 'maxDataPoints'), fc.oneof(badNumber, nastyString, wrongType))
      .map(([field, value]) =>
        tag(
          (body) => setField(body, field, value),
          typeof value === 'number' &&
            value > 0 &&
            (field === 'intervalMs' ? value <= 365 * 24 * 3_600_000 : Number.isSafeInteger(value) && value <= 1e6),
          field
        )
      ),
    // Unknown top-level fields are ignored (Grafana sends more than we read); from and to are strings if given.
    fc
      .tuple(fc.constantFrom('debug', 'zzUnknown', '__proto__', 'from', 'to'), fc.oneof(nastyString, wrongType))
      .map(([field, value]) =>
        tag((body) => setField(body, field, value), !['from', 'to'].includes(field) || typeof value === 'string', field)
      )
  );
  return tagged.map(({ mutate, valid, names }): BadCase => {
    const envelope: Record<string, unknown> = { queries: goodQueries };
    mutate(envelope);
    const body = '__replace' in envelope ? toJson(envelope.__replace) : toJson(envelope);
    return {
      target: `query envelope ${names[0]}`,
      method: 'POST',
      path: '/api/query',
      headers: auth(fixture.tokens.api, JSON_HEADERS),
      body,
      expect: { valid, names: [...names, 'query request'], refId: 'A' },
    };
  });
}

/** Bodies that are not what the headers say, or not JSON at all. */
function queryTransportCase(fixture: Fixture) {
  const good = JSON.stringify({ queries: [{ refId: 'A', queryType: 'health' }] });
  return fc.oneof(
    fc
      .constantFrom('{', '{"queries":[', '{"queries":[{"refId":"A"}]', "{'queries':[]}", '[]]', 'null', '', '\u0000')
      .map((body): BadCase => ({
        target: 'query transport broken JSON',
        method: 'POST',
        path: '/api/query',
        headers: auth(fixture.tokens.api, JSON_HEADERS),
        body,
        expect: { valid: false, names: ['JSON', 'body', 'query request'] },
      })),
    fc
      .constantFrom('text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data', 'text/html', 'x')
      .map((type): BadCase => ({
        target: 'query transport Content-Type',
        method: 'POST',
        path: '/api/query',
        headers: auth(fixture.tokens.api, { 'content-type': type }),
        body: good,
        expect: { valid: false, names: ['body', 'Content-Type'] },
      })),
    fc
      .constantFrom('br', 'compress', 'gzip', 'deflate', 'zstd', 'x-unknown', 'gzip, gzip')
      .map((encoding): BadCase => ({
        target: 'query transport Content-Encoding',
        method: 'POST',
        path: '/api/query',
        headers: auth(fixture.tokens.api, { ...JSON_HEADERS, 'content-encoding': encoding }),
        body: good,
        expect: { valid: false, names: ['encoding', 'body', 'gzip', 'deflate', 'header'] },
      })),
    // UTF-8 bytes read as UTF-16 are not JSON; as latin1 (ASCII here) they are.
    fc.constantFrom('utf-16', 'latin1', 'x-klingon').map((charset): BadCase => ({
      target: 'query transport charset',
      method: 'POST',
      path: '/api/query',
      headers: auth(fixture.tokens.api, { 'content-type': `application/json; charset=${charset}` }),
      body: good,
      expect: { valid: charset === 'latin1', names: ['charset', 'JSON'], refId: 'A' },
    })),
    fc.constant<BadCase>({
      target: 'query transport over the body limit',
      method: 'POST',
      path: '/api/query',
      headers: auth(fixture.tokens.api, JSON_HEADERS),
      body: JSON.stringify({ queries: [{ refId: 'A', queryType: 'health', pad: 'x'.repeat(1_100_000) }] }),
      expect: { valid: false, names: ['limit'] },
    }),
    fc.constant<BadCase>({
      target: 'query transport invalid UTF-8',
      method: 'POST',
      path: '/api/query',
      headers: auth(fixture.tokens.api, JSON_HEADERS),
      body: Buffer.concat([
        Buffer.from('{"queries":[{"refId":"A","queryType":"logs","search":"'),
        Buffer.from([0xff, 0xfe, 0xed, 0xa0, 0x80, 0xc0, 0xaf]),
        Buffer.from('"}]}'),
      ]),
      expect: { valid: true, names: ['search'], refId: 'A' },
    })
  );
}

// ---------------------------------------------------------------------------------------------------------------
// Search languages.

const SEARCH_ATOMS = [
  'smtp',
  'timeout',
  '"421 too many"',
  '"unterminated',
  '-warmup',
  '-',
  '--',
  'OR',
  'or',
  'OR OR',
  'level:error',
  'level:>=warn',
  'level:>=',
  'level:>=nope',
  'level:<=debug',
  'level:bogus',
  'service:smtp',
  'service:',
  'request_id:abc',
  'trace_id:0af7651916cd43dd8448eb211c80319c',
  'span_id:',
  'host:web-1',
  'error_type:SmtpError',
  'attrs.http.status:500',
  'attrs.:x',
  'attrs..a:b',
  'attrs.a\u0000:b',
  'attrs.k:"v w"',
  'id:42',
  'name:send',
  'status:failed',
  'status:nope',
  'queue:email-sending',
  'queue:',
  'nofield:x',
  ':',
  '::',
  'a:b:c',
  '(',
  ')',
  '*',
  '%',
  '_',
  '\\',
  "'",
  '"',
  '""',
  "'; DROP TABLE x; --",
  '\u0000',
  '\ud800',
  '€',
  '𝔘',
  ' ',
  '\t',
];

const searchText = fc.oneof(
  {
    weight: 6,
    arbitrary: fc.array(fc.constantFrom(...SEARCH_ATOMS), { maxLength: 8 }).map((atoms) => atoms.join(' ')),
  },
  { weight: 2, arbitrary: shortNasty },
  { weight: 1, arbitrary: fc.array(fc.constantFrom(...SEARCH_ATOMS), { minLength: 1 }).map((atoms) => atoms.join('')) },
  // Past the language's length and term limits.
  { weight: 1, arbitrary: fc.constantFrom(1_001, 2_000, 400).map((count) => 'ab '.repeat(count)) },
  { weight: 1, arbitrary: fc.constantFrom(60, 200).map((count) => 'x '.repeat(count)) }
);

/** Both search languages through every door: the job search's q, the jobs query's search, the logs queries' search. */
function searchCase(routes: readonly Route[], fixture: Fixture) {
  const jobSearch = routes.find((route) => route.method === 'GET' && route.path === '/api/jobs/search');
  if (!jobSearch) {
    throw new Error('no GET /api/jobs/search in the routes table');
  }
  return fc.tuple(fc.constantFrom('jobs-q', 'jobs', 'logs', 'log_volume'), searchText).map(([door, text]): BadCase => {
    if (door === 'jobs-q') {
      const raw = `q=${pctEncode(text)}`;
      return {
        target: 'search job q',
        method: 'GET',
        path: `/api/jobs/search?${raw}`,
        headers: auth(fixture.tokens.api),
        // A text the parameter schema takes may still not parse: then a 400 naming q (and the position) is right.
        expect: { valid: queryValid(jobSearch, raw), names: ['q'] },
      };
    }
    const query = { refId: 'A', queryType: door, search: text };
    const valid = querySchema(door as QueryType).safeParse(query).success;
    return {
      target: `search ${door} search`,
      method: 'POST',
      path: '/api/query',
      headers: auth(fixture.tokens.api, JSON_HEADERS),
      body: toJson({ queries: [query] }),
      // A blank search means none: the jobs query then lists live jobs, which needs a queue.
      expect: { valid, names: door === 'jobs' ? ['search', 'queue'] : ['search'], refId: 'A' },
    };
  });
}

// ---------------------------------------------------------------------------------------------------------------
// REST routes.

const PATH_PARAM_NOUNS: Record<string, string[]> = { queue: ['queue'], id: ['job', 'id'], tier: ['tier'] };

/** What the path parameters of a route name (a 404 or 409 about them names one of these). */
function pathNouns(route: Route): string[] {
  return [...route.path.matchAll(/:([A-Za-z]+)/g)].flatMap((match) => PATH_PARAM_NOUNS[match[1]!] ?? []);
}

/** A valid body for each route with a body schema (the suite fails when a new route has none here). */
export function validBodyFor(route: Route): unknown {
  switch (route.path) {
    case '/api/queues/:queue/retry-failed':
    case '/api/queues/:queue/promote-delayed':
      return { count: 1 };
    case '/api/queues/:queue/clean':
      return { state: 'completed', olderThanMs: 3_600_000, limit: 1 };
    case '/api/drift/recover':
      return { limit: 1 };
    case '/api/query':
      return { queries: [{ refId: 'A', queryType: 'health' }] };
    default:
      return undefined;
  }
}

const VALID_INGEST_BODIES: Record<string, string> = {
  '/api/logs/ingest': '{"level":"info","message":"bad-input suite"}\n',
  '/loki/api/v1/push': JSON.stringify({
    streams: [{ stream: { service_name: 'bad-input' }, values: [[`${Date.now()}000000`, 'bad-input suite']] }],
  }),
  '/v1/logs': JSON.stringify({
    resourceLogs: [{ scopeLogs: [{ logRecords: [{ body: { stringValue: 'bad-input suite' } }] }] }],
  }),
};

function tokenFor(route: Route, fixture: Fixture): Record<string, string> {
  switch (route.scope) {
    case 'operator':
      return auth(fixture.tokens.operator);
    case 'ingest':
      return auth(fixture.tokens.ingest);
    case 'metrics':
      return auth(fixture.tokens.metrics);
    case 'read':
      return auth(fixture.tokens.api);
    default:
      return {};
  }
}

function validPathValue(name: string, fixture: Fixture): string {
  return pctEncode(name === 'queue' ? fixture.queue : name === 'id' ? fixture.jobId : name === 'tier' ? 'low' : 'x');
}

function fillPath(path: string, fixture: Fixture, overrides: Record<string, string> = {}): string {
  return path.replace(/:([A-Za-z]+)/g, (_, name: string) => overrides[name] ?? validPathValue(name, fixture));
}

/** The request a route needs besides what a case breaks: its token, and a valid body where it parses one. */
function routeRequest(route: Route, fixture: Fixture): { headers: Record<string, string>; body?: string } {
  const headers = tokenFor(route, fixture);
  const ingest = VALID_INGEST_BODIES[route.path];
  if (route.streamBody && ingest !== undefined) {
    return {
      headers: {
        ...headers,
        'content-type': route.path === '/api/logs/ingest' ? 'application/x-ndjson' : 'application/json',
      },
      body: ingest,
    };
  }
  const body = validBodyFor(route);
  return body === undefined ? { headers } : { headers: { ...headers, ...JSON_HEADERS }, body: JSON.stringify(body) };
}

/** Query-string parameters of the routes whose handler parses them itself (no `query` schema on the route). */
const HANDLER_PARSED_QUERIES: Record<string, { keys: string[]; valid: (query: unknown) => boolean }> = {
  '/api/queues/history': {
    keys: ['field', 'from', 'to', 'groupBy', 'queue', 'tier', 'maxPoints'],
    valid: (query) => {
      try {
        parseHistoryParams(query);
        return true;
      } catch {
        return false;
      }
    },
  },
};

function queryKeysOf(route: Route): string[] {
  if (route.query && isObjectSchema(route.query)) {
    return Object.keys(route.query.shape);
  }
  return HANDLER_PARSED_QUERIES[`${route.path}`]?.keys ?? [];
}

function queryValid(route: Route, raw: string): boolean {
  const parsed = querystring.parse(raw);
  if (route.query) {
    return route.query.safeParse(parsed).success;
  }
  return HANDLER_PARSED_QUERIES[route.path]?.valid(parsed) ?? true;
}

/** Path parameters: malformed percent-encoding, NUL, lone surrogates, huge, dot segments. */
function pathParamCase(routes: readonly Route[], fixture: Fixture) {
  const withParams = routes.filter((route) => route.path.includes('/:'));
  return fc
    .tuple(fc.constantFrom(...withParams), urlValue(fixture), fc.nat(), grafanaUserHeader)
    .map(([route, raw, pick, user]): BadCase => {
      const params = [...route.path.matchAll(/:([A-Za-z]+)/g)].map((match) => match[1]!);
      const name = params[pick % params.length]!;
      const request = routeRequest(route, fixture);
      return {
        target: `route ${route.method} ${route.path} :${name}`,
        method: route.method,
        path: fillPath(route.path, fixture, { [name]: raw }),
        headers: { ...request.headers, ...(route.scope === 'operator' && user ? { 'x-grafana-user': user } : {}) },
        ...(request.body !== undefined ? { body: request.body } : {}),
        // Any value may name a queue, job or tier that exists; otherwise a 4xx naming the parameter, the thing not
        // found, the undecodable encoding, or the path no route has.
        expect: { valid: true, names: [name, ...(PATH_PARAM_NOUNS[name] ?? []), 'decode', 'no route'] },
      };
    });
}

/** Every route's every path parameter with every malformed encoding and every nasty string. */
function pathParamEdgeCases(routes: readonly Route[], fixture: Fixture): BadCase[] {
  const values = [...MALFORMED_ENCODINGS, ...NASTY_STRINGS.map(pctEncode), 'x'.repeat(5_000), '%00'.repeat(1_000)];
  return routes
    .filter((route) => route.path.includes('/:'))
    .flatMap((route) =>
      [...route.path.matchAll(/:([A-Za-z]+)/g)].flatMap(([, name]) =>
        values.map((raw): BadCase => {
          const request = routeRequest(route, fixture);
          return {
            target: `route ${route.method} ${route.path} :${name}`,
            method: route.method,
            path: fillPath(route.path, fixture, { [name!]: raw }),
            headers: request.headers,
            ...(request.body !== undefined ? { body: request.body } : {}),
            expect: { valid: true, names: [name!, ...(PATH_PARAM_NOUNS[name!] ?? []), 'decode', 'no route'] },
          };
        })
      )
    );
}

/** X-Grafana-User values Grafana would never send (the audit's actor). */
const grafanaUserHeader = fc.option(
  fc.oneof(
    fc.constantFrom(' ', 'admin', 'ÿþ', 'a'.repeat(300), "'; DROP TABLE x; --"),
    fc.string({ unit: fc.constantFrom('a', 'é', ' ', '\t', 'ÿ', '"'), maxLength: 40 })
  ),
  { freq: 3 }
);

/** A schema's edge values as raw query-string values (objects and arrays have no query-string form). */
function queryStringEdges(schema: z.ZodType, fixture: Fixture): string[] {
  let edges = queryStringEdgeCache.get(schema);
  if (!edges) {
    edges = [
      ...new Set(
        edgeValues(schema, fixture)
          .filter((value) => (typeof value !== 'object' || value === null) && String(value).length <= 4_000)
          .map((value) => pctEncode(String(value)))
      ),
    ];
    queryStringEdgeCache.set(schema, edges);
  }
  return edges;
}
const queryStringEdgeCache = new WeakMap<z.ZodType, string[]>();

/** A raw query-string value for a route's parameter: anything, or shaped like the parameter's own values. */
function queryStringValue(route: Route, key: string, fixture: Fixture): fc.Arbitrary<string> {
  const schema = ownField(route.query, key);
  if (!schema) {
    return urlValue(fixture);
  }
  return fc.oneof(urlValue(fixture), fc.constantFrom(...queryStringEdges(schema, fixture)));
}

/** A route's request with these raw query-string parameters, judged by the route's own schema. */
function queryParamRequest(
  route: Route,
  fixture: Fixture,
  params: ReadonlyArray<readonly [key: string, values: readonly string[]]>,
  user: string | null
): BadCase {
  const raw = params.flatMap(([key, values]) => values.map((value) => `${pctEncode(key)}=${value}`)).join('&');
  const request = routeRequest(route, fixture);
  const keys = [...new Set(params.map(([key]) => key))];
  return {
    target: `route ${route.method} ${route.path} ?${keys.join(',')}`,
    method: route.method,
    path: `${fillPath(route.path, fixture)}?${raw}`,
    headers: { ...request.headers, ...(route.scope === 'operator' && user ? { 'x-grafana-user': user } : {}) },
    ...(request.body !== undefined ? { body: request.body } : {}),
    // The path's queue, job or tier may have gone (an earlier case removed it) or be in another state.
    expect: {
      valid: queryValid(route, raw),
      names: [...keys.map((key) => (key === '' ? 'parameter' : key)), ...pathNouns(route)],
    },
  };
}

/** Query-string parameters of every route: bad values, repeated keys, unknown keys, malformed encoding. */
function queryParamCase(routes: readonly Route[], fixture: Fixture) {
  const candidates = routes.filter((route) => route.scope !== 'public');
  return fc
    .constantFrom(...candidates)
    .chain((route) =>
      fc.record({
        route: fc.constant(route),
        params: fc.array(
          fc
            .constantFrom(...queryKeysOf(route), ...queryKeysOf(route), 'zzUnknown', '__proto__', 'q[]', 'a\u0000b', '')
            .chain((key) =>
              fc.tuple(
                fc.constant(key),
                fc.array(queryStringValue(route, key, fixture), { minLength: 1, maxLength: 3 }),
                fc.boolean()
              )
            )
            .map(([key, values, repeat]) => [key, repeat ? values : values.slice(0, 1)] as const),
          { minLength: 1, maxLength: 3 }
        ),
        user: grafanaUserHeader,
      })
    )
    .map(({ route, params, user }) => queryParamRequest(route, fixture, params, user));
}

/** Every edge value of every query-string parameter of every route that declares them, one at a time. */
function queryParamEdgeCases(routes: readonly Route[], fixture: Fixture): BadCase[] {
  return routes.flatMap((route) =>
    queryKeysOf(route).flatMap((key) => {
      const schema = ownField(route.query, key);
      const values = schema ? queryStringEdges(schema, fixture) : [...MALFORMED_ENCODINGS, ...DIGIT_EDGES];
      return values.map((value) => queryParamRequest(route, fixture, [[key, [value]]], null));
    })
  );
}

/** A route's request with its valid body changed as the mutations say (or replaced whole), judged by its schema. */
function bodyRequest(
  route: Route,
  fixture: Fixture,
  mutations: readonly Mutation[],
  whole: unknown,
  user: string | null
): BadCase {
  const body: Record<string, unknown> = { ...(validBodyFor(route) as Record<string, unknown>) };
  for (const [field, replacement] of mutations) {
    if (replacement === null) {
      delete body[field];
    } else {
      setField(body, field, replacement);
    }
  }
  const text = whole !== null ? toJson(whole) : toJson(body);
  const valid = route.body!.safeParse(JSON.parse(text)).success;
  // A whole body replaced by an object is refused for the fields it lacks (or has unknown).
  const fields =
    whole !== null
      ? ['body', ...(isObjectSchema(route.body) ? Object.keys(route.body.shape) : []), 'unknown field']
      : [...new Set(mutations.map(([field]) => field))];
  return {
    target: `route ${route.method} ${route.path} body ${fields.join(',')}`,
    method: route.method,
    path: fillPath(route.path, fixture),
    headers: {
      ...tokenFor(route, fixture),
      ...JSON_HEADERS,
      ...(route.scope === 'operator' && user ? { 'x-grafana-user': user } : {}),
    },
    body: text,
    expect: { valid, names: [...fields, 'body', ...pathNouns(route)] },
  };
}

const bodiedRoutes = (routes: readonly Route[]) => routes.filter((route) => route.body && route.path !== '/api/query');
const bodyFields = (route: Route) => (isObjectSchema(route.body) ? Object.keys(route.body.shape) : []);

/** JSON bodies of every route that reads one (the operator actions): bad fields, missing, unknown, not an object. */
function bodyCase(routes: readonly Route[], fixture: Fixture) {
  const fieldValue = (route: Route, field: string) => jsonFieldValue(fixture, ownField(route.body, field));
  return fc
    .constantFrom(...bodiedRoutes(routes))
    .chain((route) =>
      fc.record({
        route: fc.constant(route),
        mutations: fc.array(
          fc
            .constantFrom(...bodyFields(route), ...bodyFields(route), 'zzUnknown', '__proto__')
            .chain((field) => fc.tuple(fc.constant(field), fc.option(fieldValue(route, field), { freq: 6 }))),
          { minLength: 1, maxLength: 3 }
        ),
        whole: fc.option(fc.oneof(wrongType, nastyString, badNumber, deep), { freq: 8 }),
        user: grafanaUserHeader,
      })
    )
    .map(({ route, mutations, whole, user }) => bodyRequest(route, fixture, mutations, whole, user));
}

/** Every edge value of every body field of every route that reads a body, one at a time (and each removed). */
function bodyEdgeCases(routes: readonly Route[], fixture: Fixture): BadCase[] {
  return bodiedRoutes(routes).flatMap((route) =>
    bodyFields(route).flatMap((field) =>
      [...edgeValues(ownField(route.body, field)!, fixture), null].map((value) =>
        bodyRequest(route, fixture, [[field, value]], null, null)
      )
    )
  );
}

/** The same bodies sent wrongly: broken JSON, a type that is not JSON, an encoding that is not there. */
function bodyTransportCase(routes: readonly Route[], fixture: Fixture) {
  const bodied = routes.filter((route) => route.body && route.path !== '/api/query');
  const bodiless = routes.filter((route) => !route.body && !route.streamBody && route.method !== 'GET');
  return fc.oneof(
    fc
      .tuple(
        fc.constantFrom(...bodied),
        fc.constantFrom('{', '{"count":', '{"count":1,}', "{'count':1}", '', 'null', '[', '\u0000', '{"count":1}x')
      )
      .map(([route, text]): BadCase => ({
        target: `route ${route.method} ${route.path} body broken JSON`,
        method: route.method,
        path: fillPath(route.path, fixture),
        headers: { ...tokenFor(route, fixture), ...JSON_HEADERS },
        body: text,
        // An empty body reads as {}: refused for the fields it lacks.
        expect: {
          valid: false,
          names: ['JSON', 'body', ...(isObjectSchema(route.body) ? Object.keys(route.body.shape) : [])],
        },
      })),
    fc
      .tuple(fc.constantFrom(...bodied), fc.constantFrom('text/plain', 'application/x-www-form-urlencoded', 'x/y'))
      .map(([route, type]): BadCase => ({
        target: `route ${route.method} ${route.path} body Content-Type`,
        method: route.method,
        path: fillPath(route.path, fixture),
        headers: { ...tokenFor(route, fixture), 'content-type': type },
        body: JSON.stringify(validBodyFor(route)),
        expect: { valid: false, names: ['body', 'Content-Type'] },
      })),
    fc
      .tuple(fc.constantFrom(...bodied), fc.constantFrom('gzip', 'br', 'x-unknown'))
      .map(([route, encoding]): BadCase => ({
        target: `route ${route.method} ${route.path} body Content-Encoding`,
        method: route.method,
        path: fillPath(route.path, fixture),
        headers: { ...tokenFor(route, fixture), ...JSON_HEADERS, 'content-encoding': encoding },
        body: JSON.stringify(validBodyFor(route)),
        expect: { valid: false, names: ['encoding', 'body', 'gzip', 'header'] },
      })),
    // Routes that read no body ignore one.
    fc
      .tuple(
        fc.constantFrom(...bodiless),
        fc.oneof(
          shortNasty,
          fc.jsonValue({ maxDepth: 2 }).map((v) => JSON.stringify(v))
        )
      )
      .map(([route, text]): BadCase => ({
        target: `route ${route.method} ${route.path} unread body`,
        method: route.method,
        path: fillPath(route.path, fixture),
        headers: { ...tokenFor(route, fixture), ...JSON_HEADERS },
        body: text,
        expect: { valid: true, names: [...pathNouns(route), 'body'] },
      }))
  );
}

// ---------------------------------------------------------------------------------------------------------------
// Ingest.

const INGEST = {
  ndjson: { path: '/api/logs/ingest', type: 'application/x-ndjson' },
  loki: { path: '/loki/api/v1/push', type: 'application/json' },
  otlp: { path: '/v1/logs', type: 'application/json' },
} as const;
type IngestFormat = keyof typeof INGEST;

const timeLike = fc.oneof(
  fc.constantFrom(
    new Date().toISOString(),
    '2026-13-45T99:99:99Z',
    'yesterday',
    '',
    '0',
    '-1',
    '1e400',
    null,
    true,
    {}
  ),
  badNumber
);
const levelLike = fc.oneof(
  fc.constantFrom('info', 'ERROR', 'warning', 'critical', 'silly', 10, 30, 60, 70, -1, 'x', null, [], {}),
  shortNasty
);

/** One NDJSON line: log objects with wrong types, broken JSON, arrays, null, deep, huge, NUL and invalid bytes. */
const ndjsonLine: fc.Arbitrary<Buffer> = fc.oneof(
  {
    weight: 6,
    arbitrary: fc
      .record(
        {
          ts: timeLike,
          time: timeLike,
          level: levelLike,
          service: fc.oneof(shortNasty, wrongType),
          message: fc.oneof(nastyString, wrongType),
          msg: fc.oneof(shortNasty, wrongType),
          request_id: fc.oneof(shortNasty, wrongType),
          trace_id: fc.oneof(shortNasty, wrongType),
          err: wrongType,
          attrs: fc.oneof(wrongType, deep),
          [`k${'\u0000'}`]: shortNasty,
        },
        { requiredKeys: [] }
      )
      .map((record) => Buffer.from(toJson(record), 'utf8')),
  },
  {
    weight: 2,
    arbitrary: fc
      .constantFrom(
        '{',
        '{"a":',
        '{"a":1}}',
        "{'a':1}",
        '[1,2]',
        'null',
        '"text"',
        '42',
        'true',
        ' ',
        '\t',
        'plain text'
      )
      .map((text) => Buffer.from(text)),
  },
  { weight: 1, arbitrary: deep.map((raw) => Buffer.from(`{"deep":${raw.json}}`)) },
  { weight: 1, arbitrary: deep.map((raw) => Buffer.from(`{"n":"\\u0000","deep":${raw.json}}`)) },
  {
    weight: 1,
    arbitrary: fc.constantFrom(
      ...[300_000, 1_000, 5_000, 20_000].map((n) => Buffer.from(`{"message":"${'x'.repeat(n)}"}`))
    ),
  },
  {
    weight: 2,
    arbitrary: fc
      .array(fc.constantFrom(0x00, 0xff, 0xfe, 0xc0, 0xaf, 0xed, 0xa0, 0x80, 0x22, 0x5c, 0x7b, 0x61), { maxLength: 12 })
      .map((bytes) => Buffer.concat([Buffer.from('{"message":"'), Buffer.from(bytes), Buffer.from('"}')])),
  },
  {
    weight: 1,
    arbitrary: fc
      .constantFrom('\\u0000', '\\ud800', '\\udfff\\ud800', '\\u0000\\u0000')
      .map((escape) => Buffer.from(`{"message":"a${escape}b","${escape}":"${escape}"}`)),
  }
);

/** A Loki push body with one part broken; `structural` when the break is one the whole request is refused for. */
function lokiBody(): fc.Arbitrary<{ text: string; valid: boolean; names: string[] }> {
  const value = fc.oneof(nastyString, badNumber, wrongType, deep);
  const now = `${Date.now()}000000`;
  return fc
    .tuple(
      fc.constantFrom('body', 'streams', 'stream', 'labels', 'label', 'values', 'entry', 'ts', 'line', 'metadata'),
      value,
      fc.array(ndjsonLine, { minLength: 1, maxLength: 3 })
    )
    .map(([where, bad, lines]) => {
      const entries: unknown[] = lines.map((line) => [now, line.toString('utf8')]);
      const stream: Record<string, unknown> = { stream: { service_name: 'bad-input', env: 'test' }, values: entries };
      const body: Record<string, unknown> = { streams: [stream] };
      let replaced: unknown = body;
      switch (where) {
        case 'body':
          replaced = bad;
          break;
        case 'streams':
          body.streams = bad;
          break;
        case 'stream':
          body.streams = [bad];
          break;
        case 'labels':
          stream.stream = bad;
          break;
        case 'label':
          stream.stream = { service_name: bad };
          break;
        case 'values':
          stream.values = bad;
          break;
        case 'entry':
          entries.push(bad);
          break;
        case 'ts':
          entries.push([bad, 'line']);
          break;
        case 'line':
          entries.push([now, bad]);
          break;
        case 'metadata':
          entries.push([now, 'line', bad]);
          break;
      }
      const text = toJson(replaced);
      const seen = JSON.parse(text) as unknown;
      const isObject = (v: unknown): v is Record<string, unknown> =>
        typeof v === 'object' && v !== null && !Array.isArray(v);
      const structural =
        !isObject(seen) ||
        !Array.isArray(seen.streams) ||
        seen.streams.some(
          (s: unknown) => !isObject(s) || !Array.isArray(s.values) || (s.stream !== undefined && !isObject(s.stream))
        );
      const names = {
        body: ['body', 'streams'],
        streams: ['streams'],
        stream: ['streams[0]'],
        labels: ['streams[0]'],
        label: ['entr', 'streams'],
        values: ['streams[0]', 'entr'],
        entry: ['entr'],
        ts: ['entr'],
        line: ['entr'],
        metadata: ['entr'],
      }[where];
      return { text, valid: !structural, names: [...names, 'nested', 'JSON'] };
    });
}

/** An OTLP/HTTP JSON body with one part broken. */
function otlpBody(): fc.Arbitrary<{ text: string; valid: boolean; names: string[] }> {
  const value = fc.oneof(nastyString, badNumber, wrongType, deep);
  const anyValueOf = fc.oneof(
    value.map((v) => ({ stringValue: v })),
    value.map((v) => ({ intValue: v })),
    value.map((v) => ({ doubleValue: v })),
    value.map((v) => ({ kvlistValue: { values: [{ key: 'k', value: v }] } })),
    value.map((v) => ({ arrayValue: { values: v } })),
    fc.constantFrom(20, 200, 5_000).map((depth) => ({
      __raw: new Raw(`${'{"arrayValue":{"values":['.repeat(depth)}{"stringValue":"x"}${']}}'.repeat(depth)}`),
    })),
    value
  );
  return fc
    .tuple(
      fc.constantFrom(
        'body',
        'resourceLogs',
        'resourceLog',
        'resource',
        'scopeLogs',
        'scopeLog',
        'logRecords',
        'record',
        'recordField',
        'attribute'
      ),
      value,
      anyValueOf,
      fc.constantFrom(
        'timeUnixNano',
        'observedTimeUnixNano',
        'severityNumber',
        'severityText',
        'traceId',
        'spanId',
        'eventName',
        'attributes',
        'body'
      )
    )
    .map(([where, bad, any, field]) => {
      const anyJson = isRawHolder(any) ? any.__raw : any;
      const record: Record<string, unknown> = { body: { stringValue: 'ok' } };
      const scopeLog: Record<string, unknown> = { scope: { name: 's' }, logRecords: [record] };
      const resourceLog: Record<string, unknown> = {
        resource: { attributes: [{ key: 'service.name', value: { stringValue: 'bad-input' } }] },
        scopeLogs: [scopeLog],
      };
      const body: Record<string, unknown> = { resourceLogs: [resourceLog] };
      let replaced: unknown = body;
      switch (where) {
        case 'body':
          replaced = bad;
          break;
        case 'resourceLogs':
          body.resourceLogs = bad;
          break;
        case 'resourceLog':
          body.resourceLogs = [bad];
          break;
        case 'resource':
          resourceLog.resource = bad;
          break;
        case 'scopeLogs':
          resourceLog.scopeLogs = bad;
          break;
        case 'scopeLog':
          resourceLog.scopeLogs = [bad];
          break;
        case 'logRecords':
          scopeLog.logRecords = bad;
          break;
        case 'record':
          scopeLog.logRecords = [record, bad];
          break;
        case 'recordField':
          record[field] = field === 'body' ? anyJson : bad;
          break;
        case 'attribute':
          record.attributes = [
            { key: 'k', value: anyJson },
            { key: bad, value: anyJson },
          ];
          break;
      }
      const text = toJson(replaced);
      const seen = JSON.parse(text) as unknown;
      const isObject = (v: unknown): v is Record<string, unknown> =>
        typeof v === 'object' && v !== null && !Array.isArray(v);
      const arrayOrAbsent = (v: unknown) => v === undefined || v === null || Array.isArray(v);
      const structural =
        !isObject(seen) ||
        !arrayOrAbsent(seen.resourceLogs) ||
        ((seen.resourceLogs as unknown[] | null) ?? []).some(
          (r) =>
            !isObject(r) ||
            !arrayOrAbsent(r.scopeLogs) ||
            ((r.scopeLogs as unknown[] | null) ?? []).some((s) => !isObject(s) || !arrayOrAbsent(s.logRecords))
        );
      return { text, valid: !structural, names: ['resourceLogs', 'body', 'nested', 'JSON', 'OTLP'] };
    });
}

function isRawHolder(value: unknown): value is { __raw: Raw } {
  return typeof value === 'object' && value !== null && '__raw' in value;
}

interface Compressed {
  body: Buffer;
  encoding: string;
  /** Decompressed size. */
  size: number;
  valid: boolean;
  names: string[];
  /** The status the answer must have (bombs: 413 whatever the endpoint). */
  status?: number;
}

/** Compressed bodies: bombs over the decompressed limit (413), bodies within it (read), corrupt and cut ones (400). */
function compressedBodies(fixture: Fixture): Compressed[] {
  const limit = fixture.maxIngestBytes;
  const line = Buffer.from('{"level":"info","message":"bomb"}\n');
  const lines = (bytes: number) => Buffer.concat(Array.from({ length: Math.floor(bytes / line.length) }, () => line));
  const tooLarge = ['larger than the limit', 'maxBodyBytes'];
  const bomb = (raw: Buffer, encoding: 'gzip' | 'deflate'): Compressed => ({
    body: encoding === 'gzip' ? gzipSync(raw, { level: 9 }) : deflateSync(raw, { level: 9 }),
    encoding,
    size: raw.length,
    valid: false,
    names: tooLarge,
    status: 413,
  });
  const within = (raw: Buffer, body: Buffer, encoding: string, valid: boolean, names: string[]): Compressed => ({
    body,
    encoding,
    size: raw.length,
    valid,
    names,
  });
  const inner = gzipSync(lines(2 * 1024 * 1024));
  const cut = gzipSync(lines(64 * 1024));
  return [
    bomb(Buffer.alloc(4 * 1024 * 1024), 'gzip'),
    bomb(Buffer.alloc(limit + 1, 0x20), 'gzip'),
    bomb(Buffer.alloc(8 * 1024 * 1024, 0x61), 'deflate'),
    bomb(lines(3 * 1024 * 1024), 'gzip'),
    within(lines(Math.floor(limit / 4)), gzipSync(lines(Math.floor(limit / 4))), 'gzip', true, ['entr', 'line']),
    within(inner, gzipSync(inner), 'gzip', true, ['entr', 'line']),
    within(Buffer.from('not gzip at all'), Buffer.from('not gzip at all'), 'gzip', false, ['gzip']),
    within(lines(64 * 1024), cut.subarray(0, 200), 'gzip', false, ['gzip', 'completely']),
    within(Buffer.from('not deflate'), Buffer.from('not deflate'), 'deflate', false, ['deflate']),
  ];
}

const mediaType = (header: string) => header.split(';')[0]!.trim().toLowerCase();
/** What each endpoint reads (logs/ingest routes): NDJSON also as JSON and text, Loki and OTLP only JSON. */
const READ_TYPES: Record<IngestFormat, string[]> = {
  ndjson: [
    'application/x-ndjson',
    'application/ndjson',
    'application/jsonl',
    'application/x-jsonlines',
    'application/json',
    'text/plain',
  ],
  loki: ['application/json'],
  otlp: ['application/json'],
};

function ingestCase(routes: readonly Route[], fixture: Fixture) {
  const routeOf = (format: IngestFormat) => {
    const found = routes.find((route) => route.method === 'POST' && route.path === INGEST[format].path);
    if (!found) {
      throw new Error(`no POST ${INGEST[format].path} in the routes table`);
    }
    return found;
  };
  const tooLarge = ['limit'];
  const bodies = {
    ndjson: fc
      .tuple(fc.array(ndjsonLine, { minLength: 1, maxLength: 12 }), fc.constantFrom('\n', '\r\n'))
      .map(([lines, separator]) => ({
        text: Buffer.concat(lines.flatMap((line, index) => (index === 0 ? [line] : [Buffer.from(separator), line]))),
        valid: true,
        names: ['line', ...tooLarge],
      })),
    loki: lokiBody().map((body) => ({ ...body, text: Buffer.from(body.text), names: [...body.names, ...tooLarge] })),
    otlp: otlpBody().map((body) => ({ ...body, text: Buffer.from(body.text), names: [...body.names, ...tooLarge] })),
  };
  const formats = Object.keys(INGEST) as IngestFormat[];
  const bodyCases = fc
    .constantFrom(...formats)
    .chain((format) => fc.tuple(fc.constant(format), bodies[format]))
    .map(([format, { text, valid, names }]): BadCase => ({
      target: `ingest ${format} body`,
      method: 'POST',
      path: INGEST[format].path,
      headers: auth(fixture.tokens.ingest, { 'content-type': INGEST[format].type }),
      body: text,
      expect: { valid, names },
    }));
  const services = fc
    .tuple(
      fc.constantFrom(...formats),
      urlValue(fixture),
      fc.option(fc.string({ unit: fc.constantFrom('a', 'ÿ', ' ', '\t'), maxLength: 300 }))
    )
    .map(([format, service, header]): BadCase => {
      const raw = `service=${service}`;
      return {
        target: `ingest ${format} service`,
        method: 'POST',
        path: `${INGEST[format].path}?${raw}`,
        headers: auth(fixture.tokens.ingest, {
          'content-type': INGEST[format].type,
          ...(header !== null ? { 'x-sysmon-service': header } : {}),
        }),
        body: VALID_INGEST_BODIES[INGEST[format].path]!,
        expect: { valid: queryValid(routeOf(format), raw), names: ['service'] },
      };
    });
  return fc.oneof({ weight: 12, arbitrary: bodyCases }, { weight: 1, arbitrary: services });
}

const WRONG_CONTENT_TYPES = [
  'text/html',
  'application/xml',
  'multipart/form-data; boundary=x',
  'application/x-protobuf',
  'application/protobuf',
  'x',
  'application/json; charset=utf-16',
  'text/plain',
  'APPLICATION/JSON',
];
const WRONG_CONTENT_ENCODINGS = ['br', 'compress', 'zstd', 'x-unknown', 'gzip, gzip', 'snappy'];

/**
 * Every ingest endpoint with every wrong Content-Type, every unsupported Content-Encoding, and every compressed
 * body: bombs over the decompressed limit (413), bodies within it (read), corrupt and truncated streams (400).
 */
function ingestSweepCases(fixture: Fixture): BadCase[] {
  const compressed = compressedBodies(fixture);
  return (Object.keys(INGEST) as IngestFormat[]).flatMap((format): BadCase[] => {
    const { path, type: contentType } = INGEST[format];
    const body = VALID_INGEST_BODIES[path]!;
    return [
      ...WRONG_CONTENT_TYPES.map((type): BadCase => ({
        target: `ingest ${format} Content-Type ${type}`,
        method: 'POST',
        path,
        headers: auth(fixture.tokens.ingest, { 'content-type': type }),
        body,
        expect: { valid: READ_TYPES[format].includes(mediaType(type)), names: ['Content-Type'] },
      })),
      ...WRONG_CONTENT_ENCODINGS.map((encoding): BadCase => ({
        target: `ingest ${format} Content-Encoding ${encoding}`,
        method: 'POST',
        path,
        headers: auth(fixture.tokens.ingest, { 'content-type': contentType, 'content-encoding': encoding }),
        body,
        expect: { valid: false, names: ['Content-Encoding'] },
      })),
      ...compressed.map((chosen): BadCase => ({
        target: `ingest ${format} ${chosen.encoding} ${chosen.body.length} bytes → ${chosen.size} bytes`,
        method: 'POST',
        path,
        headers: auth(fixture.tokens.ingest, { 'content-type': contentType, 'content-encoding': chosen.encoding }),
        body: chosen.body,
        // Within the limit, an NDJSON bomb of lines is stored; at the JSON formats' endpoints it is not JSON (400).
        expect: {
          valid: chosen.valid && format === 'ndjson',
          names: [...chosen.names, 'JSON'],
          ...(chosen.status !== undefined ? { status: chosen.status } : {}),
        },
      })),
    ];
  });
}

// ---------------------------------------------------------------------------------------------------------------

export interface CaseFamily {
  name: string;
  /** Drawn from the seed, `count` of them... */
  count: number;
  arbitrary?: fc.Arbitrary<BadCase>;
  /** ...or a fixed sweep (every edge value of every field). */
  cases?: BadCase[];
}

/**
 * The sweeps (every edge of every field, whatever the seed), then the random families sharing what is left of
 * `total` (at least half of it).
 */
export function caseFamilies(routes: readonly Route[], fixture: Fixture, total: number): CaseFamily[] {
  const sweeps: Array<[string, BadCase[]]> = [
    ['query field edges', queryEdgeCases(fixture)],
    ['query-string edges', queryParamEdgeCases(routes, fixture)],
    ['body field edges', bodyEdgeCases(routes, fixture)],
    ['path parameter edges', pathParamEdgeCases(routes, fixture)],
    ['ingest headers and bombs', ingestSweepCases(fixture)],
  ];
  const swept = sweeps.reduce((sum, [, cases]) => sum + cases.length, 0);
  const random = Math.max(total - swept, Math.ceil(total / 2));
  const shares: Array<[string, number, fc.Arbitrary<BadCase>]> = [
    ['query fields', 0.25, queryFieldCase(fixture)],
    ['query envelope', 0.07, envelopeCase(fixture)],
    ['query transport', 0.02, queryTransportCase(fixture)],
    ['search', 0.15, searchCase(routes, fixture)],
    ['path parameters', 0.08, pathParamCase(routes, fixture)],
    ['query-string parameters', 0.12, queryParamCase(routes, fixture)],
    ['bodies', 0.08, bodyCase(routes, fixture)],
    ['body transport', 0.04, bodyTransportCase(routes, fixture)],
    ['ingest', 0.19, ingestCase(routes, fixture)],
  ];
  return [
    ...sweeps.map(([name, cases]) => ({ name, count: cases.length, cases })),
    ...shares.map(([name, share, arbitrary]) => ({ name, count: Math.ceil(random * share), arbitrary })),
  ];
}

/** A small seeded PRNG (mulberry32) for the shuffle. */
function prng(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

/** The cases of every family, drawn from `seed` (each family from its own derived seed), in a seeded shuffle. */
export function generateCases(families: readonly CaseFamily[], seed: number): BadCase[] {
  const cases = families.flatMap(
    (family, index) =>
      family.cases ?? fc.sample(family.arbitrary!, { seed: (seed + index * 7_919) | 0, numRuns: family.count })
  );
  const random = prng(seed);
  for (let i = cases.length - 1; i > 0; i -= 1) {
    const j = Math.floor(random() * (i + 1));
    [cases[i], cases[j]] = [cases[j]!, cases[i]!];
  }
  return cases;
}
