import { parseLogsView } from '../utils/logsUrl';

/** The view of the Logs page a link opens; the test fails when the link leads anywhere else. */
export function linkedLogsView(link: Element) {
  const url = new URL(link.getAttribute('href')!, 'http://grafana');
  expect(url.pathname).toBe('/a/penguinmails-sysmon-app/logs');
  return parseLogsView(url.searchParams);
}
