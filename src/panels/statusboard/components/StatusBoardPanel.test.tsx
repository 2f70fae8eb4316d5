import React from 'react';
import { render, screen, within } from '@testing-library/react';
import { createTheme, LoadingState, type PanelData } from '@grafana/data';
import { infraTestIds } from '../../../components/infraTestIds';
import { panelProps } from '../../../testUtils/panelProps';
import { installTextMetricsStub } from '../../../testUtils/textMetrics';
import { demoFrame, servicesFrame } from '../testFrames';
import { DEFAULT_OPTIONS, type StatusBoardOptions } from '../types';
import { StatusBoardPanel } from './StatusBoardPanel';

const S = infraTestIds.statusBoard;

function renderPanel(
  series: PanelData['series'],
  options: Partial<StatusBoardOptions> = {},
  size: [number, number] = [1200, 600],
  result: Partial<PanelData> = {}
) {
  const props = panelProps(series, { ...DEFAULT_OPTIONS, ...options }, { size, title: 'Services', result });
  return render(<StatusBoardPanel {...props} />);
}

describe('StatusBoardPanel', () => {
  let restoreTextMetrics: () => void;
  beforeAll(() => {
    restoreTextMetrics = installTextMetricsStub();
    jest.useFakeTimers({ now: Date.parse('2026-01-02T03:04:05.000Z'), doNotFake: ['setTimeout', 'setInterval'] });
  });
  afterAll(() => {
    restoreTextMetrics();
    jest.useRealTimers();
  });

  it('shows a tile per service in the configuration’s order with state word, colour, latency, since and cause', () => {
    renderPanel([demoFrame()]);
    const board = screen.getByTestId(S.container);
    const tiles = within(board).getAllByRole('region');
    expect(tiles.map((tile) => tile.getAttribute('aria-label'))).toEqual([
      'SMTP: Degraded',
      'API: Operational',
      'PostgreSQL: Operational',
      'Redis: Down',
      'Workers: Unknown',
    ]);
    expect(screen.getByTestId(S.state('smtp'))).toHaveTextContent('Degraded');
    expect(screen.getByTestId(S.latency('smtp'))).toHaveTextContent('4.20 s');
    expect(screen.getByTestId(S.since('smtp'))).toHaveTextContent('for 4 min');
    expect(screen.getByTestId(S.since('smtp'))).toHaveAttribute('title', 'since 2026-01-02 03:00:05');
    expect(screen.getByTestId(S.cause('smtp'))).toHaveTextContent('banner took 4.2 s, threshold 1 s');
    expect(screen.getByTestId(S.cause('redis'))).toHaveTextContent('connect ECONNREFUSED');
    expect(screen.queryByTestId(S.cause('api'))).not.toBeInTheDocument();
    // Unknown and never checked: says so, no latency, no since, not green.
    expect(screen.getByTestId(S.detail('workers'))).toHaveTextContent('not checked yet');
    expect(screen.queryByTestId(S.latency('workers'))).not.toBeInTheDocument();
    expect(screen.queryByTestId(S.since('workers'))).not.toBeInTheDocument();
    // Down, no latency measured: since when only, no dash posing as a number.
    expect(screen.getByTestId(S.detail('redis'))).toHaveTextContent(/^for 1 min$/);
    const theme = createTheme();
    expect(screen.getByTestId(S.tile('smtp'))).toHaveStyle({ borderLeftColor: theme.colors.warning.main });
    expect(screen.getByTestId(S.tile('api'))).toHaveStyle({ borderLeftColor: theme.colors.success.main });
    expect(screen.getByTestId(S.tile('workers'))).not.toHaveStyle({ borderLeftColor: theme.colors.success.main });
  });

  it('orders by severity and hides causes when asked', () => {
    renderPanel([demoFrame()], { order: 'severity', showCause: false });
    const tiles = within(screen.getByTestId(S.container)).getAllByRole('region');
    expect(tiles.map((tile) => tile.getAttribute('data-state'))).toEqual([
      'down',
      'degraded',
      'unknown',
      'operational',
      'operational',
    ]);
    expect(screen.queryByTestId(S.cause('smtp'))).not.toBeInTheDocument();
  });

  it('sizes the state word to the tile: larger on a larger panel', () => {
    const { unmount } = renderPanel([demoFrame()], {}, [600, 300]);
    const small = parseFloat(getComputedStyle(screen.getByTestId(S.state('api'))).fontSize);
    unmount();
    renderPanel([demoFrame()], {}, [1900, 1000]);
    const large = parseFloat(getComputedStyle(screen.getByTestId(S.state('api'))).fontSize);
    expect(large).toBeGreaterThan(small);
    expect(small).toBeGreaterThanOrEqual(12);
  });

  it('shows "No data — <reason>" in place of the board when the query failed, never a green board', () => {
    renderPanel([demoFrame()], {}, [1200, 600], {
      state: LoadingState.Error,
      errors: [{ refId: 'A', message: 'HTTP 502 Bad Gateway' }],
    });
    expect(screen.getByTestId(S.failed)).toHaveTextContent('No data — HTTP 502 Bad Gateway');
    expect(screen.queryByTestId(S.container)).not.toBeInTheDocument();
  });

  it('says what is missing: no services query, or no probes configured', () => {
    const { unmount } = renderPanel([]);
    expect(screen.getByTestId(S.empty)).toHaveTextContent('add a "Services" query');
    unmount();
    renderPanel([servicesFrame([])]);
    expect(screen.getByTestId(S.empty)).toHaveTextContent('No services are probed');
  });
});
