import React from 'react';
import { MemoryRouter, Route, Routes, useLocation } from 'react-router-dom';
import { render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { GLOSSARY, METRICS } from '@penguinmails/sysmon-contract';
import { testIds } from '../../components/testIds';
import { GlossaryPage } from './GlossaryPage';

const T = testIds.glossary;
const PATH = '/a/penguinmails-sysmon-app/glossary';

function LocationDisplay() {
  const location = useLocation();
  return <span data-testid="location">{`${location.pathname}${location.search}`}</span>;
}

function renderPage(path = PATH) {
  return render(
    <MemoryRouter initialEntries={[path]} future={{ v7_startTransition: true, v7_relativeSplatPath: true }}>
      <Routes>
        <Route
          path={PATH}
          element={
            <>
              <GlossaryPage />
              <LocationDisplay />
            </>
          }
        />
      </Routes>
    </MemoryRouter>
  );
}

const shownIds = () =>
  screen
    .queryAllByTestId(/^data-testid glossary-entry-/)
    .map((element) => element.getAttribute('data-testid')!.replace('data-testid glossary-entry-', ''));

describe('GlossaryPage', () => {
  it('lists every metric and field, grouped by area', () => {
    renderPage();
    expect(shownIds()).toHaveLength(GLOSSARY.length);
    for (const area of ['queues', 'infrastructure', 'reputation', 'logs', 'service']) {
      expect(screen.getByTestId(T.area(area))).toBeInTheDocument();
    }
    expect(within(screen.getByTestId(T.area('service'))).getByRole('heading')).toHaveTextContent('The service itself');
    expect(screen.getByTestId(T.count)).toHaveTextContent(`${Object.keys(METRICS).length} metrics`);
  });

  it('shows a metric with its PromQL, alert rule, the query field that carries it and where it is shown', () => {
    renderPage();
    const depth = screen.getByTestId(T.entry('metric:sysmon_queue_depth'));
    expect(within(depth).getByText('sysmon_queue_depth')).toBeInTheDocument();
    expect(depth).toHaveTextContent('metric · gauge');
    expect(depth).toHaveTextContent(METRICS.queueDepth.help);
    expect(depth).toHaveTextContent('queues → depth');
    expect(depth).toHaveTextContent('SysmonQueueDepthHigh (prometheus/rules.yml) · for 10m');
    expect(depth).toHaveTextContent(METRICS.queueDepth.promql);
    expect(within(depth).getByTestId(T.shownAt('metric:sysmon_queue_depth'))).toHaveAttribute(
      'href',
      '/a/penguinmails-sysmon-app/queues'
    );
    const field = screen.getByTestId(T.entry('field:queues.depth'));
    expect(field).toHaveTextContent('field · number');
    expect(field).toHaveTextContent('sysmon_queue_depth');
    const tags = screen.getByTestId(T.entry('field:events.tags'));
    expect(tags).toHaveTextContent('dashboard annotations');
  });

  it('searches by name and by words of the meaning, keeping the search in the URL', async () => {
    renderPage();
    const search = screen.getByTestId(T.search);
    await userEvent.type(search, 'sysmon_queue_oldest_wait_seconds');
    // The metric, and the field that carries the same number.
    expect(shownIds()).toEqual(['metric:sysmon_queue_oldest_wait_seconds', 'field:queues.oldest_wait_ms']);
    expect(screen.getByTestId('location')).toHaveTextContent('?q=sysmon_queue_oldest_wait_seconds');

    await userEvent.clear(search);
    await userEvent.type(search, 'workers are stuck');
    expect(shownIds()).toEqual(
      expect.arrayContaining(['metric:sysmon_queue_oldest_wait_seconds', 'field:queues.oldest_wait_ms'])
    );
    expect(screen.queryByTestId(T.area('logs'))).not.toBeInTheDocument();

    await userEvent.clear(search);
    await userEvent.type(search, 'zzz nothing');
    expect(screen.getByTestId(T.empty)).toHaveTextContent('Nothing matches “zzz nothing”');
  });

  it('opens with the URL’s search and kind, and filters by kind', async () => {
    renderPage(`${PATH}?q=uptime&kind=field`);
    expect(screen.getByTestId(T.search)).toHaveValue('uptime');
    expect(shownIds()).toEqual(['field:services.uptime_24h', 'field:services.uptime_7d', 'field:services.uptime_30d']);
    await userEvent.click(screen.getByRole('radio', { name: 'Prometheus metrics' }));
    expect(screen.getByTestId(T.empty)).toBeInTheDocument();
    expect(screen.getByTestId('location')).toHaveTextContent('kind=metric');
    await userEvent.click(screen.getByRole('radio', { name: 'All' }));
    expect(screen.getByTestId('location')).not.toHaveTextContent('kind=');
  });
});
