import React from 'react';
import { render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { SERVICES_FRAME } from '@penguinmails/sysmon-contract';
import { infraTestIds } from '../../components/infraTestIds';
import { INFRA_NOW, infrastructureResponse } from '../../testUtils/infraFixtures';
import { ServiceCard } from './ServiceCard';

const T = infraTestIds.infrastructure;

describe('ServiceCard', () => {
  it('explains its numbers with the contract’s field meanings, without focus stops inside the card’s button', async () => {
    const service = infrastructureResponse().services.find((view) => view.lastCheck?.latencyMs != null)!;
    const onSelect = jest.fn();
    render(
      <ServiceCard
        service={service}
        sparkline={[]}
        sparklineLoaded
        now={INFRA_NOW}
        selected={false}
        onSelect={onSelect}
      />
    );
    const card = screen.getByTestId(T.card(service.service));
    expect(card.querySelectorAll('[tabindex]')).toHaveLength(0);

    await userEvent.hover(within(screen.getByTestId(T.cardLatency(service.service))).getByText(/ms|s$/));
    expect(await screen.findByRole('tooltip')).toHaveTextContent(SERVICES_FRAME.fields.latencyMs.description);
    await userEvent.unhover(screen.getByTestId(T.cardLatency(service.service)));

    await userEvent.hover(screen.getByTestId(T.cardUptime(service.service, '7d')).firstElementChild!);
    expect(await screen.findByText(SERVICES_FRAME.fields.uptime7d.description)).toBeInTheDocument();

    await userEvent.click(card);
    expect(onSelect).toHaveBeenCalledWith(service.service);
  });
});
