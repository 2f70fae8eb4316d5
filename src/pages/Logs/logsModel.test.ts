import { dateTime } from '@grafana/data';
import { DEFAULT_LOGS_VIEW } from '../../utils/logsUrl';
import { fixtureLines, logLinesFrame, logVolumeFrames, variableFrame } from '../../testUtils/logPageFixtures';
import {
  filterFieldOf,
  readLogPage,
  readServices,
  readVolume,
  resultOf,
  searchRequest,
  tailRequest,
  timeRangeOf,
  volumeIntervalMs,
} from './logsModel';
import { appendLines, compareIds, prependLines } from './tailBuffer';
import { addFilterTerm } from './searchTerms';
import { highlightParts } from './highlight';
import { toCsv, toNdjson } from './download';

const range = {
  from: dateTime(Date.UTC(2026, 0, 2, 2)),
  to: dateTime(Date.UTC(2026, 0, 2, 3)),
  raw: { from: 'now-1h', to: 'now' },
};

describe('logs model', () => {
  it('sends lines and volume with the same filters; unset filters are left out', () => {
    const request = searchRequest({ ...DEFAULT_LOGS_VIEW, search: ' smtp ', levels: ['error'] }, range);
    expect(request.queries).toEqual([
      {
        refId: 'logs',
        queryType: 'logs',
        search: 'smtp',
        levels: ['error'],
        services: undefined,
        limit: 500,
        before: undefined,
      },
      { refId: 'volume', queryType: 'log_volume', search: 'smtp', levels: ['error'], services: undefined },
    ]);
    expect(request.range).toEqual({ from: '2026-01-02T02:00:00.000Z', to: '2026-01-02T03:00:00.000Z' });
    expect(request.intervalMs).toBe(30_000);
    // An older page: lines only, with the cursor.
    expect(searchRequest(DEFAULT_LOGS_VIEW, range, '99').queries).toEqual([
      expect.objectContaining({ queryType: 'logs', before: '99' }),
    ]);
    expect(tailRequest(DEFAULT_LOGS_VIEW, '123', 0).queries[0]).toMatchObject({ queryType: 'logs', after: '123' });
  });

  it('buckets the volume into about 120 bars of whole seconds', () => {
    expect(volumeIntervalMs(range)).toBe(30_000);
    const week = { ...range, from: dateTime(range.to.valueOf() - 7 * 24 * 3600_000) };
    expect(volumeIntervalMs(week)).toBe(5_040_000);
  });

  it('reads log-lines frames: rows, labels, cursors', () => {
    const frame = logLinesFrame(fixtureLines(3), { searchWords: ['line'], nextCursor: '99998', newestId: '100000' });
    const page = readLogPage([frame]);
    expect(page.rows.map((row) => row.id)).toEqual(['100000', '99999', '99998']);
    expect(page.rows[0]).toMatchObject({ level: 'info', body: 'line 100000', labels: { service: 'api' } });
    expect(page).toMatchObject({ searchWords: ['line'], nextCursor: '99998', newestId: '100000' });
    // labels sent as a JSON string are read too; unknown levels become unknown
    const json = logLinesFrame([{ id: '1', ts: 0, level: 'loud' as never, message: 'x' }]);
    json.data!.values[4] = ['{"service":"smtp"}'];
    expect(readLogPage([json]).rows[0]).toMatchObject({ level: 'unknown', labels: { service: 'smtp' } });
  });

  it('reads one volume series per level in severity order, and the services', () => {
    const volume = readVolume(logVolumeFrames([1, 2], { error: [1, 2], info: [3, 4] }));
    expect(volume.map((s) => [s.level, s.total])).toEqual([
      ['info', 7],
      ['error', 3],
    ]);
    expect(readServices([variableFrame(['smtp', 'api', 'smtp'])])).toEqual(['api', 'smtp']);
  });

  it('takes each refId’s error on its own, and a missing result as an error', () => {
    const response = { results: { logs: { error: 'unterminated quote', status: 400 }, volume: { frames: [] } } };
    expect(resultOf(response, 'logs').error).toBe('unterminated quote');
    expect(resultOf(response, 'volume').error).toBeUndefined();
    expect(resultOf(response, 'other').error).toMatch(/no result/);
  });

  it('resolves relative and epoch-ms ranges', () => {
    const absolute = timeRangeOf('1767322800000', '1767326400000');
    expect(absolute.from.valueOf()).toBe(1767322800000);
    const relative = timeRangeOf('now-15m', 'now');
    expect(relative.to.valueOf() - relative.from.valueOf()).toBeCloseTo(15 * 60_000, -3);
  });

  it('filters by the labels the search language knows', () => {
    expect(filterFieldOf('request_id')).toBe('request_id');
    expect(filterFieldOf('attrs.campaign')).toBe('attrs.campaign');
    expect(filterFieldOf('stack')).toBeUndefined();
    expect(addFilterTerm('', 'service', 'smtp')).toBe('service:smtp');
    expect(addFilterTerm('a service:smtp', 'service', 'smtp')).toBe('a service:smtp');
  });
});

describe('tail buffer', () => {
  const rows = (ids: number[]) =>
    readLogPage([logLinesFrame(ids.map((id) => ({ id: String(id), ts: id, level: 'info' as const, message: '' })))])
      .rows;

  it('puts new lines first (newest first), each once, and drops the oldest beyond the limit', () => {
    const merged = prependLines(rows([5, 4, 3]), rows([6, 7, 5]), 4);
    expect(merged.map((r) => r.id)).toEqual(['7', '6', '5', '4']);
    expect(appendLines(rows([5]), rows([5, 4])).map((r) => r.id)).toEqual(['5', '4']);
  });

  it('orders ids numerically', () => {
    expect(compareIds('10', '9')).toBeGreaterThan(0);
    expect(compareIds('123', '124')).toBeLessThan(0);
  });
});

describe('highlight and downloads', () => {
  it('marks search words case-insensitively, regex characters literal', () => {
    expect(highlightParts('SMTP 421 (smtp)', ['smtp', '('])).toEqual([
      { text: 'SMTP', match: true },
      { text: ' 421 ', match: false },
      { text: '(', match: true },
      { text: 'smtp', match: true },
      { text: ')', match: false },
    ]);
  });

  it('writes NDJSON and CSV with quoting', () => {
    const [row] = readLogPage([
      logLinesFrame([{ id: '1', ts: 0, level: 'warn', message: 'a,"b"', labels: { service: 's' } }]),
    ]).rows;
    expect(toNdjson([row])).toBe(
      '{"id":"1","time":"1970-01-01T00:00:00.000Z","level":"warn","message":"a,\\"b\\"","service":"s"}\n'
    );
    expect(toCsv([row])).toBe(
      'time,level,service,message,request_id,trace_id,id\r\n1970-01-01T00:00:00.000Z,warn,s,"a,""b""",,,1\r\n'
    );
  });
});
