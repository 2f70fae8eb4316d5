import React from 'react';
import { render, screen } from '@testing-library/react';
import { infraTestIds } from '../../components/infraTestIds';
import { withLayoutStubs } from '../../testUtils/layoutStubs';
import { LatencyChart } from './LatencyChart';

const T = infraTestIds.infrastructure.history;

describe('LatencyChart', () => {
  withLayoutStubs();

  it('draws the latency with its range and the states as a strip', () => {
    render(
      <LatencyChart
        stepMs={60_000}
        width={600}
        points={[
          [0, 12, 0],
          [60_000, 4200, 1],
          [120_000, null, null],
          [180_000, 15, 0],
        ]}
      />
    );
    const chart = screen.getByTestId(T.chart);
    expect(chart.querySelector('canvas')).not.toBeNull();
    expect(chart).toHaveTextContent('latest 15 ms · min 12 ms · max 4.20 s');
    expect(screen.getByTestId(T.states)).toHaveAttribute('data-states', 'operational,degraded,none,operational');
  });

  it('says why there is no line with one measurement or none, instead of an empty plot', () => {
    const { rerender } = render(<LatencyChart stepMs={60_000} width={600} points={[[0, 284, 0]]} />);
    expect(screen.getByTestId(T.chart)).toHaveTextContent(
      'One measurement in this range so far (284 ms): the line needs two'
    );
    rerender(
      <LatencyChart
        stepMs={60_000}
        width={600}
        points={[
          [0, null, 3],
          [60_000, null, 3],
        ]}
      />
    );
    expect(screen.getByTestId(T.chart)).toHaveTextContent('No latency measured in this range');
    expect(screen.getByTestId(T.states)).toHaveAttribute('data-states', 'unknown');
  });
});
