import React from 'react';
import { render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { LoadingState, type PanelData } from '@grafana/data';
import { QUEUES_FRAME } from '@penguinmails/sysmon-contract';
import { testIds } from '../../../components/testIds';
import { panelProps } from '../../../testUtils/panelProps';
import { installTextMetricsStub } from '../../../testUtils/textMetrics';
import { queuesFrame } from '../testFrames';
import { DEFAULT_OPTIONS, QueueBoardOptions } from '../types';
import { QueueBoardPanel } from './QueueBoardPanel';

function renderPanel(
  series: PanelData['series'],
  options: Partial<QueueBoardOptions> = {},
  size: [number, number] = [1200, 600],
  result: Partial<PanelData> = {}
) {
  const props = panelProps(series, { ...DEFAULT_OPTIONS, ...options }, { size, title: 'Queues', result });
  return render(<QueueBoardPanel {...props} />);
}

const frame = queuesFrame([
  {
    queue: 'analytics-aggregation',
    tier: 'low',
    paused: true,
    depth: 25_000,
    oldestWaitMs: 30_000,
    throughputPerMin: 0,
    failureRate: 0,
  },
  {
    queue: 'email-sending',
    tier: 'high',
    depth: 120,
    active: 8,
    workers: 4,
    oldestWaitMs: 95_000,
    throughputPerMin: 1500,
    failureRate: 0.002,
    drainEtaSeconds: 80,
  },
  {
    queue: 'warmup-processing',
    tier: 'normal',
    depth: 3,
    oldestWaitMs: 500,
    throughputPerMin: 12,
    failureRate: 0,
  },
]);

describe('QueueBoardPanel', () => {
  let restoreTextMetrics: () => void;
  beforeAll(() => {
    restoreTextMetrics = installTextMetricsStub();
  });
  afterAll(() => restoreTextMetrics());

  it('explains each number: its label’s tooltip is the contract field’s meaning', async () => {
    renderPanel([frame]);
    const label = screen.getByTestId(testIds.queueBoard.label('email-sending', 'oldest_wait'));
    await userEvent.hover(within(label).getByText('oldest wait'));
    expect(await screen.findByRole('tooltip')).toHaveTextContent(QUEUES_FRAME.fields.oldestWaitMs.description);
  });

  it('renders one tile per queue, in tier order, with big formatted numbers', () => {
    renderPanel([frame]);
    const board = screen.getByTestId(testIds.queueBoard.container);
    const tiles = within(board).getAllByRole('region');
    expect(tiles.map((tile) => tile.getAttribute('data-testid'))).toEqual([
      testIds.queueBoard.tile('email-sending'),
      testIds.queueBoard.tile('warmup-processing'),
      testIds.queueBoard.tile('analytics-aggregation'),
    ]);
    expect(screen.getByTestId(testIds.queueBoard.metric('email-sending', 'depth'))).toHaveTextContent('120');
    expect(screen.getByTestId(testIds.queueBoard.metric('email-sending', 'oldest_wait'))).toHaveTextContent(
      '1.58 mins'
    );
    expect(screen.getByTestId(testIds.queueBoard.metric('email-sending', 'failure_rate'))).toHaveTextContent('0.200%');
    expect(screen.getByTestId(testIds.queueBoard.metric('email-sending', 'throughput'))).toHaveTextContent(
      '1.50K jobs/min'
    );
    // The unit is its own, smaller text, as in Grafana's stat panel.
    expect(
      within(screen.getByTestId(testIds.queueBoard.metric('email-sending', 'throughput'))).getByText('K jobs/min')
    ).toBeInTheDocument();
    expect(screen.getByTestId(testIds.queueBoard.metric('analytics-aggregation', 'depth'))).toHaveTextContent('25 K');
    expect(within(screen.getByTestId(testIds.queueBoard.tile('email-sending'))).getByText('high')).toBeInTheDocument();
  });

  it('colours tiles and numbers by the thresholds in the options', () => {
    renderPanel([frame]);
    expect(screen.getByTestId(testIds.queueBoard.tile('email-sending'))).toHaveAttribute('data-level', 'warn');
    expect(screen.getByTestId(testIds.queueBoard.metric('email-sending', 'oldest_wait'))).toHaveAttribute(
      'data-level',
      'warn'
    );
    expect(screen.getByTestId(testIds.queueBoard.tile('analytics-aggregation'))).toHaveAttribute('data-level', 'crit');
    expect(screen.getByTestId(testIds.queueBoard.tile('warmup-processing'))).toHaveAttribute('data-level', 'ok');
    expect(screen.getByRole('region', { name: 'analytics-aggregation: critical' })).toBeInTheDocument();
  });

  it('follows changed thresholds and sort order', () => {
    renderPanel([frame], { depthWarn: 2, depthCrit: 100, oldestWaitWarnSeconds: 600, sortBy: 'severity' });
    expect(screen.getByTestId(testIds.queueBoard.tile('warmup-processing'))).toHaveAttribute('data-level', 'warn');
    expect(screen.getByTestId(testIds.queueBoard.tile('email-sending'))).toHaveAttribute('data-level', 'crit');
    const order = screen.getAllByRole('region').map((tile) => tile.getAttribute('data-testid'));
    // Both critical: the high tier comes first; the warning tile last.
    expect(order).toEqual([
      testIds.queueBoard.tile('email-sending'),
      testIds.queueBoard.tile('analytics-aggregation'),
      testIds.queueBoard.tile('warmup-processing'),
    ]);
  });

  it('badges paused queues only', () => {
    renderPanel([frame]);
    expect(screen.getByTestId(testIds.queueBoard.paused('analytics-aggregation'))).toHaveTextContent(/paused/i);
    expect(screen.queryByTestId(testIds.queueBoard.paused('email-sending'))).not.toBeInTheDocument();
  });

  it('shows details when the tiles have room, and unknown values as a dash', () => {
    renderPanel([frame], {}, [1800, 900]);
    const tile = screen.getByTestId(testIds.queueBoard.tile('email-sending'));
    expect(tile).toHaveTextContent('active 8 · workers 4 · drains in 1.33 mins');
    expect(screen.getByTestId(testIds.queueBoard.tile('analytics-aggregation'))).toHaveTextContent(
      'workers — · not draining'
    );
  });

  it('lays the tiles out to fill the panel', () => {
    renderPanel([frame], {}, [2400, 300]);
    expect(screen.getByTestId(testIds.queueBoard.container)).toHaveAttribute('data-columns', '3');
    renderPanel([frame], {}, [400, 1200]);
    expect(screen.getAllByTestId(testIds.queueBoard.container)[1]).toHaveAttribute('data-columns', '1');
  });

  it('explains an empty panel', () => {
    renderPanel([]);
    expect(screen.getByTestId(testIds.queueBoard.empty)).toHaveTextContent('add a "Queues" query');
    renderPanel([queuesFrame([])]);
    expect(screen.getAllByTestId(testIds.queueBoard.empty)[1]).toHaveTextContent('No queues to show.');
  });

  describe('unknown is not zero', () => {
    const REDIS_DOWN = 'Redis is unreachable (connect ECONNREFUSED 127.0.0.1:6390); queue data is unknown';
    const WRONGTYPE = 'WRONGTYPE Operation against a key holding the wrong kind of value';

    it('shows "no data" and the reason in the tile of a queue the service could not read, no numbers', () => {
      const withBroken = queuesFrame([
        { queue: 'email-sending', tier: 'high', depth: 120, oldestWaitMs: 1000, throughputPerMin: 5, failureRate: 0 },
        // As the service sends it: numbers and paused null, the error set.
        { queue: 'broken-queue', tier: 'normal', paused: null, error: WRONGTYPE },
      ]);
      renderPanel([withBroken], {}, [1800, 900]);
      const tile = screen.getByTestId(testIds.queueBoard.tile('broken-queue'));
      const noData = within(tile).getByTestId(testIds.queueBoard.noData('broken-queue'));
      expect(noData).toHaveTextContent(`no data${WRONGTYPE}`);
      expect(within(tile).queryAllByTestId(/queueboard-metric-/)).toHaveLength(0);
      expect(within(tile).queryByTestId(testIds.queueBoard.details('broken-queue'))).not.toBeInTheDocument();
      expect(tile).not.toHaveTextContent(/\b0\b/);
      expect(tile).toHaveAttribute('data-level', 'none');
      expect(screen.getByRole('region', { name: 'broken-queue: no data' })).toBe(tile);
      // The other tiles keep their numbers.
      expect(screen.getByTestId(testIds.queueBoard.metric('email-sending', 'depth'))).toHaveTextContent('120');
    });

    it('shows "No data — <reason>" in place of the board when the query failed (Grafana’s data.errors)', () => {
      renderPanel([], {}, [1200, 600], {
        state: LoadingState.Error,
        errors: [{ refId: 'A', message: REDIS_DOWN, status: 503 }],
      });
      expect(screen.getByTestId(testIds.queueBoard.failed)).toHaveTextContent(`No data — ${REDIS_DOWN}`);
      expect(screen.queryByTestId(testIds.queueBoard.container)).not.toBeInTheDocument();
      expect(screen.queryByTestId(testIds.queueBoard.empty)).not.toBeInTheDocument();
    });

    it('does not show older numbers Grafana kept when the request failed as a whole', () => {
      renderPanel([frame], {}, [1200, 600], {
        state: LoadingState.Error,
        errors: [{ message: 'HTTP 502 Bad Gateway' }],
      });
      expect(screen.getByTestId(testIds.queueBoard.failed)).toHaveTextContent('No data — HTTP 502 Bad Gateway');
      expect(screen.queryAllByTestId(/queueboard-metric-/)).toHaveLength(0);
    });
  });
});
