// The Glossary page's model (pure): searching the contract's GLOSSARY by name and by words of the meaning, grouping
// by area, and the words and links an entry shows.
import {
  GLOSSARY,
  GLOSSARY_AREAS,
  QUERY_TYPES,
  SOURCE_LABELS,
  type AlertExample,
  type AppPageLink,
  type FieldRef,
  type GlossaryEntry,
  type MetricArea,
} from '@penguinmails/sysmon-contract';
import { PLUGIN_BASE_URL, ROUTES } from '../../constants';

export const KIND_FILTERS = [
  { value: 'all', label: 'All' },
  { value: 'metric', label: 'Prometheus metrics' },
  { value: 'field', label: 'Query fields' },
] as const;
export type KindFilter = (typeof KIND_FILTERS)[number]['value'];

export function isKindFilter(value: string | null): value is KindFilter {
  return KIND_FILTERS.some((filter) => filter.value === value);
}

export interface GlossaryGroup {
  area: MetricArea;
  label: string;
  entries: GlossaryEntry[];
}

/** The words of a search, lower-cased; punctuation other than `_`, `.`, `:` and `-` separates words. */
export function searchWords(text: string): string[] {
  return text
    .toLowerCase()
    .split(/[^\p{L}\p{N}_.:-]+/u)
    .filter((word) => word !== '');
}

const QUERY_TYPE_LABELS = new Map(QUERY_TYPES.map((type) => [type.value, type.label]));

/** Everything a search looks in: names (metric, field, query type, frame, labels) and the words of the meaning. */
export function searchText(entry: GlossaryEntry): string {
  const parts: Array<string | undefined> = [entry.name, entry.meaning, entry.reading, entry.unit, entry.type];
  if (entry.kind === 'metric') {
    parts.push(...entry.labels, ...(entry.prefixes ?? []), entry.alert.rule, entry.presence);
    parts.push(...entry.carriedBy.flatMap((ref) => [...ref.queryTypes, ref.field]));
  } else {
    parts.push(...entry.queryTypes, ...entry.queryTypes.map((type) => QUERY_TYPE_LABELS.get(type)), entry.frame);
    parts.push(entry.metric);
  }
  return parts
    .filter((part): part is string => Boolean(part))
    .join(' ')
    .toLowerCase();
}

/** True when every word of the search is in the entry (anywhere: `queue depth` finds sysmon_queue_depth). */
export function matchesSearch(entry: GlossaryEntry, words: readonly string[]): boolean {
  if (words.length === 0) {
    return true;
  }
  const text = searchText(entry);
  return words.every((word) => text.includes(word));
}

/**
 * The entries to show, grouped by area in the glossary's order (areas without a match left out). Within an area,
 * entries whose name holds the search come first, then the rest in definition order (metrics before fields).
 */
export function glossaryGroups(
  search: string,
  kind: KindFilter = 'all',
  entries: readonly GlossaryEntry[] = GLOSSARY
): GlossaryGroup[] {
  const words = searchWords(search);
  const shown = entries.filter((entry) => (kind === 'all' || entry.kind === kind) && matchesSearch(entry, words));
  const byName = (entry: GlossaryEntry) =>
    words.length > 0 && words.every((word) => entry.name.toLowerCase().includes(word)) ? 0 : 1;
  return GLOSSARY_AREAS.map(({ area, label }) => ({
    area,
    label,
    entries: shown.filter((entry) => entry.area === area).sort((a, b) => byName(a) - byName(b)),
  })).filter((group) => group.entries.length > 0);
}

/** The app URL of a page an entry is shown on. */
export function appPageUrl(link: AppPageLink): string {
  return `${PLUGIN_BASE_URL}/${link.path}`;
}

/** "queues → depth", "logs, log_context → body" (query types, then the field). */
export function fieldRefText(ref: FieldRef): string {
  return `${ref.queryTypes.join(', ')} → ${ref.field}`;
}

/** "metric · gauge", "field · number". */
export function kindText(entry: GlossaryEntry): string {
  return `${entry.kind === 'metric' ? 'metric' : 'field'} · ${entry.type}`;
}

/** Text with `inline code` (as the definitions write names), split into plain and code parts. */
export function textParts(text: string): Array<{ code: boolean; text: string }> {
  return text
    .split(/`([^`]+)`/)
    .map((part, index) => ({ code: index % 2 === 1, text: part }))
    .filter((part) => part.text !== '');
}

/** "SysmonQueueDepthHigh (prometheus/rules.yml) · for 10m", "Example · fires at once". */
export function alertText(alert: AlertExample): string {
  const name = alert.rule ? `${alert.rule} (prometheus/rules.yml)` : 'Example';
  if (!alert.for) {
    return name;
  }
  return `${name} · ${/^0[smh]?$/.test(alert.for) ? 'fires at once' : `for ${alert.for}`}`;
}

/** Where its values come from, in words. */
export function sourceText(entry: GlossaryEntry): string {
  return SOURCE_LABELS[entry.source];
}

/** The link to a search for one entry by name (what other pages can link to). */
export function glossaryUrl(search?: string): string {
  const base = `${PLUGIN_BASE_URL}/${ROUTES.Glossary}`;
  return search ? `${base}?q=${encodeURIComponent(search)}` : base;
}

/** How many metrics and fields a set of groups holds, in words: "3 metrics, 12 fields". */
export function countText(groups: readonly GlossaryGroup[]): string {
  const entries = groups.flatMap((group) => group.entries);
  const metrics = entries.filter((entry) => entry.kind === 'metric').length;
  const fields = entries.length - metrics;
  const plural = (count: number, word: string) => `${count} ${word}${count === 1 ? '' : 's'}`;
  return `${plural(metrics, 'metric')}, ${plural(fields, 'field')}`;
}
