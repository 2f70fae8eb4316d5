import React from 'react';
import { render, screen, within } from '@testing-library/react';
import { INFRA_NOW } from '../../testUtils/infraFixtures';
import { LatestCheck } from './LatestCheck';

describe('LatestCheck', () => {
  it('shows the evidence: timed steps with the server’s replies, problems in words, and facts', () => {
    render(
      <LatestCheck
        now={INFRA_NOW}
        check={{
          service: 'smtp',
          kind: 'smtp',
          outcome: 'hard',
          latencyMs: null,
          steps: [
            { name: 'connect', ms: 2.5, ok: true },
            { name: 'banner', ms: 35, ok: false, detail: '421 4.7.0 Too many connections' },
          ],
          problems: [{ code: 'smtp_reply_4xx', severity: 'hard', text: '421 4.7.0 Too many connections' }],
          facts: { certDaysLeft: 12, tls: false, empty: null },
          checkedAt: new Date(INFRA_NOW - 5_000).toISOString(),
        }}
      />
    );
    expect(screen.getByText(/Latest check/)).toHaveTextContent('Latest check 5 s ago: failed');
    const rows = screen.getAllByRole('row').slice(1);
    expect(rows.map((row) => row.textContent?.trim())).toEqual([
      'connect2.50 ms',
      'banner35 ms421 4.7.0 Too many connections',
    ]);
    expect(within(rows[1]).getByRole('img', { name: 'failed' })).toBeInTheDocument();
    expect(within(rows[0]).getByRole('img', { name: 'ok' })).toBeInTheDocument();
    expect(screen.getByRole('listitem')).toHaveTextContent('421 4.7.0 Too many connections');
    expect(screen.getByText('certDaysLeft: 12 · tls: false')).toBeInTheDocument();
  });

  it('says so before the first check', () => {
    render(<LatestCheck now={INFRA_NOW} check={null} />);
    expect(screen.getByText('Not checked yet.')).toBeInTheDocument();
  });
});
