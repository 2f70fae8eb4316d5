import {
  DEFAULT_LOGS_VIEW,
  logsPageUrl,
  logsViewParams,
  parseLogsView,
  quoteSearchValue,
  requestLogsUrl,
  type LogsViewState,
} from './logsUrl';

describe('logs view URL', () => {
  it('round-trips the whole view: state → URL → state', () => {
    const view: LogsViewState = {
      search: 'timeout "connection refused" -healthcheck level:>=warn',
      levels: ['error', 'fatal'],
      services: ['smtp', 'platform api'],
      from: '1767322800000',
      to: 'now-5m',
      tail: true,
      line: '123456789012',
      context: '42',
    };
    const url = logsPageUrl(view);
    expect(url.startsWith('/a/penguinmails-sysmon-app/logs?')).toBe(true);
    expect(parseLogsView(new URLSearchParams(url.split('?')[1]))).toEqual(view);
  });

  it('leaves defaults out and reads an empty URL as the default view', () => {
    expect(logsViewParams(DEFAULT_LOGS_VIEW).toString()).toBe('');
    expect(parseLogsView(new URLSearchParams())).toEqual({ ...DEFAULT_LOGS_VIEW, line: undefined, context: undefined });
  });

  it('ignores what it cannot use: unknown levels, duplicate values, non-numeric line ids', () => {
    const view = parseLogsView(
      new URLSearchParams('level=error&level=loud&level=error&service=&line=abc&context=1;drop')
    );
    expect(view.levels).toEqual(['error']);
    expect(view.services).toEqual([]);
    expect(view.line).toBeUndefined();
    expect(view.context).toBeUndefined();
  });

  it('links a request to its logs around when the job ran', () => {
    const url = new URL(requestLogsUrl('req-1', 1_000_000_000, 1_000_060_000), 'http://grafana');
    expect(url.searchParams.get('q')).toBe('request_id:req-1');
    expect(url.searchParams.get('from')).toBe(String(1_000_000_000 - 300_000));
    expect(url.searchParams.get('to')).toBe(String(1_000_060_000 + 300_000));
    // Still running: up to now. Unknown start: the last day.
    expect(
      new URL(requestLogsUrl('req-1', '2026-01-02T03:04:05.000Z', null), 'http://g').searchParams.get('to')
    ).toBeNull();
    expect(new URL(requestLogsUrl('req 2'), 'http://g').searchParams.get('q')).toBe('request_id:"req 2"');
    expect(new URL(requestLogsUrl('req 2'), 'http://g').searchParams.get('from')).toBe('now-24h');
  });

  it('quotes a value only when the search language would split it', () => {
    expect(quoteSearchValue('req-123')).toBe('req-123');
    expect(quoteSearchValue('a b')).toBe('"a b"');
    expect(quoteSearchValue('smtp:421')).toBe('"smtp:421"');
    expect(quoteSearchValue('say "hi"\\')).toBe('"say \\"hi\\"\\\\"');
    expect(quoteSearchValue('OR')).toBe('"OR"');
  });
});
