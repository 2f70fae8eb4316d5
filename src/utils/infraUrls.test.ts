import { parseLogsView } from './logsUrl';
import { findingLogsUrl, infrastructurePageUrl } from './infraUrls';

const viewOf = (url: string) => parseLogsView(new URL(url, 'http://grafana').searchParams);

describe('infrastructure links', () => {
  it('opens the page, or one service’s history', () => {
    expect(infrastructurePageUrl()).toBe('/a/penguinmails-sysmon-app/infrastructure');
    expect(infrastructurePageUrl('smtp')).toBe('/a/penguinmails-sysmon-app/infrastructure?service=smtp');
    expect(infrastructurePageUrl('a b&c')).toBe('/a/penguinmails-sysmon-app/infrastructure?service=a+b%26c');
  });

  it('links a finding to its service’s warnings and errors over its window', () => {
    const url = findingLogsUrl({ logs: { service: 'smtp-sink', from: 1_000_000, to: 2_000_000 } })!;
    expect(url.startsWith('/a/penguinmails-sysmon-app/logs?')).toBe(true);
    expect(viewOf(url)).toMatchObject({
      services: ['smtp-sink'],
      levels: ['warn', 'error', 'fatal'],
      from: '1000000',
      to: '2000000',
      search: '',
    });
  });

  it('searches up to now while the finding is active, and has no link without a log service', () => {
    expect(viewOf(findingLogsUrl({ logs: { service: 'api', from: 5, to: null } })!).to).toBe('now');
    expect(findingLogsUrl({ logs: null })).toBeUndefined();
    expect(findingLogsUrl({ logs: { service: '', from: 5, to: null } })).toBeUndefined();
  });
});
