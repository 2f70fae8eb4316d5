import { APP_PAGES, GLOSSARY, METRICS, QUEUES_FRAME } from '@penguinmails/sysmon-contract';
import { ROUTES } from '../../constants';
import {
  alertText,
  appPageUrl,
  countText,
  fieldRefText,
  glossaryGroups,
  glossaryUrl,
  matchesSearch,
  searchWords,
  textParts,
} from './glossaryModel';

const ids = (search: string, kind?: 'all' | 'metric' | 'field') =>
  glossaryGroups(search, kind).flatMap((group) => group.entries.map((entry) => entry.id));

describe('glossaryModel', () => {
  it('shows every entry, grouped by area in the glossary’s order, without a search', () => {
    const groups = glossaryGroups('');
    expect(groups.map((group) => group.area)).toEqual(['queues', 'infrastructure', 'reputation', 'logs', 'service']);
    expect(groups.map((group) => group.label)).toContain('The service itself');
    expect(groups.flatMap((group) => group.entries)).toHaveLength(GLOSSARY.length);
  });

  it('finds an entry by its name, whole or by words of it', () => {
    expect(ids('sysmon_queue_depth')[0]).toBe('metric:sysmon_queue_depth');
    expect(ids('SYSMON_QUEUE_DEPTH')[0]).toBe('metric:sysmon_queue_depth');
    expect(ids('queue depth')).toContain('metric:sysmon_queue_depth');
    // The field by its name first, then what mentions it: the metric that carries it, the series that charts it.
    expect(ids('oldest_wait_ms')).toEqual([
      'field:queues.oldest_wait_ms',
      'metric:sysmon_queue_oldest_wait_seconds',
      'field:queue_metrics.value',
    ]);
    expect(ids('process_')).toEqual(['metric:process_*, nodejs_*']);
  });

  it('finds an entry by words of its meaning or how to read it, in any order', () => {
    expect(ids('workers are stuck')).toEqual(
      expect.arrayContaining(['metric:sysmon_queue_oldest_wait_seconds', 'field:queues.oldest_wait_ms'])
    );
    expect(ids('stuck workers')).toEqual(ids('workers stuck'));
    expect(ids('blocklist')).toEqual(expect.arrayContaining(['metric:sysmon_ip_listed']));
    expect(ids('event loop lag')).toEqual(['metric:process_*, nodejs_*']);
    expect(ids('no such words anywhere')).toEqual([]);
  });

  it('puts entries whose name holds the search first in their area', () => {
    const queues = glossaryGroups('depth').find((group) => group.area === 'queues')!;
    const names = queues.entries.map((entry) => entry.name);
    expect(names.slice(0, 2)).toEqual(['sysmon_queue_depth', 'depth']);
    expect(names.length).toBeGreaterThan(2);
  });

  it('filters by kind', () => {
    expect(ids('', 'metric')).toHaveLength(Object.keys(METRICS).length);
    expect(ids('', 'field').every((id) => id.startsWith('field:'))).toBe(true);
    expect(ids('depth', 'field')).not.toContain('metric:sysmon_queue_depth');
  });

  it('splits searches into lower-case words, keeping names whole', () => {
    expect(searchWords('  Workers, are "stuck"! ')).toEqual(['workers', 'are', 'stuck']);
    expect(searchWords('sysmon_queue_depth attrs.key:value')).toEqual(['sysmon_queue_depth', 'attrs.key:value']);
    const depth = GLOSSARY.find((entry) => entry.id === 'field:queues.depth')!;
    expect(matchesSearch(depth, [])).toBe(true);
    expect(matchesSearch(depth, ['sysmon_queue_depth'])).toBe(true);
    expect(matchesSearch(depth, ['queues'])).toBe(true);
  });

  it('links to the app pages by their routes, and words the counts and query fields', () => {
    expect(appPageUrl({ path: 'queues', label: 'Queues' })).toBe('/a/penguinmails-sysmon-app/queues');
    expect(glossaryUrl('workers are stuck')).toBe('/a/penguinmails-sysmon-app/glossary?q=workers%20are%20stuck');
    const routes: string[] = Object.values(ROUTES);
    for (const path of Object.values(APP_PAGES)) {
      expect(routes).toContain(path);
    }
    expect(fieldRefText({ queryTypes: ['logs', 'log_context'], frame: 'logs', field: 'body' })).toBe(
      'logs, log_context → body'
    );
    expect(countText(glossaryGroups('oldest_wait_ms'))).toBe('1 metric, 2 fields');
    expect(countText(glossaryGroups('delist_url'))).toBe('0 metrics, 1 field');
    expect(countText(glossaryGroups('sysmon_ip_listed'))).toBe('1 metric, 1 field');
    expect(QUEUES_FRAME.fields.depth.metric).toBe('queueDepth');
  });
});

describe('glossary text', () => {
  it('splits `code` out of a definition’s text', () => {
    expect(textParts('Only with `probes:` in the config, and `x`')).toEqual([
      { code: false, text: 'Only with ' },
      { code: true, text: 'probes:' },
      { code: false, text: ' in the config, and ' },
      { code: true, text: 'x' },
    ]);
    expect(textParts('plain')).toEqual([{ code: false, text: 'plain' }]);
  });

  it('words an alert example: its rule, and how long it must hold', () => {
    expect(alertText({ rule: 'SysmonQueueDepthHigh', expr: 'x', for: '10m' })).toBe(
      'SysmonQueueDepthHigh (prometheus/rules.yml) · for 10m'
    );
    expect(alertText({ rule: 'SysmonServiceDown', expr: 'x', for: '0s' })).toBe(
      'SysmonServiceDown (prometheus/rules.yml) · fires at once'
    );
    expect(alertText({ expr: 'x' })).toBe('Example');
  });
});
