// A reader of the Prometheus text exposition format (what /metrics answers), for tests and the metrics benchmark:
// every sample with its labels, and each family's HELP and TYPE.

export interface Sample {
  /** The series' metric name (for a histogram: `<name>_bucket`, `_sum`, `_count`). */
  name: string;
  labels: Record<string, string>;
  value: number;
}

export interface Exposition {
  samples: Sample[];
  /** By family name. */
  families: Map<string, { help?: string; type?: string }>;
}

const unescapeLabel = (value: string) =>
  value.replace(/\\(.)/g, (_match, char: string) => (char === 'n' ? '\n' : char));
const unescapeHelp = (value: string) =>
  value.replace(/\\(.)/g, (match, char: string) => (char === 'n' ? '\n' : char === '\\' ? '\\' : match));

const SAMPLE = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})?\s+(\S+)(?:\s+\d+)?$/;
const LABEL = /([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"/g;

function parseValue(text: string): number {
  if (text === '+Inf') {
    return Number.POSITIVE_INFINITY;
  }
  if (text === '-Inf') {
    return Number.NEGATIVE_INFINITY;
  }
  return Number(text);
}

export function parseExposition(text: string): Exposition {
  const samples: Sample[] = [];
  const families = new Map<string, { help?: string; type?: string }>();
  const family = (name: string) => {
    let entry = families.get(name);
    if (!entry) {
      entry = {};
      families.set(name, entry);
    }
    return entry;
  };
  for (const line of text.split('\n')) {
    if (line === '') {
      continue;
    }
    const meta = /^# (HELP|TYPE) (\S+) ?(.*)$/.exec(line);
    if (meta) {
      const [, kind, name, rest] = meta;
      if (kind === 'HELP') {
        family(name!).help = unescapeHelp(rest!);
      } else {
        family(name!).type = rest;
      }
      continue;
    }
    if (line.startsWith('#')) {
      continue;
    }
    const match = SAMPLE.exec(line);
    if (!match) {
      throw new Error(`not a sample line: ${line}`);
    }
    const labels: Record<string, string> = {};
    for (const [, key, value] of (match[2] ?? '').matchAll(LABEL)) {
      labels[key!] = unescapeLabel(value!);
    }
    samples.push({ name: match[1]!, labels, value: parseValue(match[3]!) });
  }
  return { samples, families };
}

/** The samples of one series name whose labels include `labels`. */
export function samplesOf(exposition: Exposition, name: string, labels: Record<string, string> = {}): Sample[] {
  return exposition.samples.filter(
    (sample) => sample.name === name && Object.entries(labels).every(([key, value]) => sample.labels[key] === value)
  );
}

/** The value of the one sample matching, undefined when there is none; throws when several match. */
export function valueOf(exposition: Exposition, name: string, labels: Record<string, string> = {}): number | undefined {
  const found = samplesOf(exposition, name, labels);
  if (found.length > 1) {
    throw new Error(`${found.length} samples of ${name} match ${JSON.stringify(labels)}`);
  }
  return found[0]?.value;
}
