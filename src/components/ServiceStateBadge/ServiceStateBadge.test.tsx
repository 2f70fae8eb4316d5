import React from 'react';
import { render, screen } from '@testing-library/react';
import { createTheme } from '@grafana/data';
import { ServiceStateBadge } from './ServiceStateBadge';

describe('ServiceStateBadge', () => {
  it('shows the contract’s word on the theme colour of the state', () => {
    const theme = createTheme();
    render(
      <>
        <ServiceStateBadge state="degraded" data-testid="degraded" />
        <ServiceStateBadge state="unknown" size="sm" data-testid="unknown" />
      </>
    );
    const degraded = screen.getByTestId('degraded');
    expect(degraded).toHaveTextContent('Degraded');
    expect(degraded).toHaveAttribute('data-state', 'degraded');
    expect(degraded).toHaveStyle({ background: theme.colors.warning.main });
    const unknown = screen.getByTestId('unknown');
    expect(unknown).toHaveTextContent('Unknown');
    expect(unknown).not.toHaveStyle({ background: theme.colors.success.main });
  });
});
