import React from 'react';
import { MemoryRouter } from 'react-router-dom';
import { render, screen, within } from '@testing-library/react';
import { finding, FINDING_LOGS_VIEW, INFRA_NOW } from '../../testUtils/infraFixtures';
import { linkedLogsView } from '../../testUtils/logsLink';
import { infraTestIds } from '../infraTestIds';
import { FindingsList } from './FindingsList';
import { findingsSummary, sortFindings } from './findingsModel';

const t = infraTestIds.findings;

function renderList(props: Partial<React.ComponentProps<typeof FindingsList>> = {}) {
  return render(
    <MemoryRouter future={{ v7_startTransition: true, v7_relativeSplatPath: true }}>
      <FindingsList findings={[]} now={INFRA_NOW} {...props} />
    </MemoryRouter>
  );
}

const critical = finding({
  id: 'api:connect_failed',
  service: 'api',
  severity: 'critical',
  title: 'API is down',
  cause: 'connect ECONNREFUSED 127.0.0.1:8080 (3 of the last 3 checks)',
  firstSeen: new Date(INFRA_NOW - 60_000).toISOString(),
  logs: null,
});
const listed = finding({
  id: 'reputation:192.0.2.10:b.barracudacentral.org',
  source: 'reputation',
  service: 'reputation',
  severity: 'warning',
  title: '192.0.2.10 is listed on Barracuda',
  firstSeen: new Date(INFRA_NOW - 3 * 86400_000).toISOString(),
  logs: null,
});

describe('FindingsList', () => {
  it('lists findings most severe first with cause, service label and when first seen', () => {
    renderList({ findings: [finding(), critical], serviceLabels: new Map([['smtp', 'SMTP']]) });
    const items = within(screen.getByTestId(t.list)).getAllByRole('listitem');
    expect(items.map((item) => item.getAttribute('data-severity'))).toEqual(['critical', 'warning']);
    const smtp = screen.getByTestId(t.item('smtp:slow_banner'));
    expect(smtp).toHaveTextContent('Warning');
    expect(smtp).toHaveTextContent('SMTP is degraded');
    expect(smtp).toHaveTextContent('SMTP · first seen 4 min ago');
    expect(smtp).toHaveTextContent('banner took 4.2 s, threshold 1 s (3 of the last 3 checks)');
    // The exact time is on hover.
    expect(within(smtp).getByText('4 min ago')).toHaveAttribute('dateTime', '2026-01-02T03:00:05.000Z');
    // A service without a label shows its id.
    expect(screen.getByTestId(t.item('api:connect_failed'))).toHaveTextContent('api · first seen 1 min ago');
  });

  it('links a finding to the Logs page for its service, warn and worse, over its window; none without logs', () => {
    renderList({ findings: [finding(), critical] });
    const link = screen.getByTestId(t.logsLink('smtp:slow_banner'));
    expect(link).toHaveTextContent('Search logs');
    expect(linkedLogsView(link)).toMatchObject(FINDING_LOGS_VIEW);
    expect(screen.queryByTestId(t.logsLink('api:connect_failed'))).not.toBeInTheDocument();
  });

  it('shows at most `limit` and counts the rest; says so when there is nothing', () => {
    const { unmount } = renderList({ findings: [finding(), critical, listed], limit: 2 });
    expect(within(screen.getByTestId(t.list)).getAllByRole('listitem')).toHaveLength(2);
    expect(screen.getByText('and 1 more')).toBeInTheDocument();
    unmount();
    renderList({ findings: [], emptyText: 'All clear.' });
    expect(screen.getByTestId(t.empty)).toHaveTextContent('All clear.');
  });
});

describe('findings model', () => {
  it('sorts by severity, then longest-standing first, and summarises counts', () => {
    const older = finding({ id: 'old', firstSeen: new Date(INFRA_NOW - 3600_000).toISOString() });
    expect(sortFindings([finding(), listed, critical, older]).map((f) => f.id)).toEqual([
      'api:connect_failed',
      listed.id,
      'old',
      'smtp:slow_banner',
    ]);
    expect(findingsSummary([finding(), listed, critical])).toBe('1 critical, 2 warning');
    expect(findingsSummary([])).toBe('');
  });
});
