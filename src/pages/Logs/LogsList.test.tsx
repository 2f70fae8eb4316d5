import React from 'react';
import { act, render, screen } from '@testing-library/react';
import { testIds } from '../../components/testIds';
import { fixtureLines, logLinesFrame } from '../../testUtils/logPageFixtures';
import { installVirtualLayout } from '../../testUtils/virtualLayout';
import { readLogPage } from './logsModel';
import { LogsList } from './LogsList';

const ROW_PX = 24;
const VIEWPORT_PX = 600;

describe('LogsList', () => {
  let restore: () => void;
  beforeAll(() => {
    restore = installVirtualLayout({ viewportPx: VIEWPORT_PX, rowPx: ROW_PX });
  });
  afterAll(() => restore());

  const rows = readLogPage([logLinesFrame(fixtureLines(10_000))]).rows;

  function renderList(onReachEnd?: () => void) {
    return render(
      <LogsList
        rows={rows}
        searchWords={[]}
        onToggle={() => {}}
        onFilter={() => {}}
        onShowContext={() => {}}
        onReachEnd={onReachEnd}
        height={VIEWPORT_PX}
      />
    );
  }
  const renderedIds = () =>
    Array.from(screen.getByTestId(testIds.logs.list).querySelectorAll('[data-id]')).map((el) =>
      el.getAttribute('data-id')
    );

  it('keeps only the rows in view (plus overscan) in the DOM for 10,000 lines', () => {
    renderList();
    const ids = renderedIds();
    expect(rows).toHaveLength(10_000);
    expect(ids.length).toBeGreaterThanOrEqual(VIEWPORT_PX / ROW_PX);
    expect(ids.length).toBeLessThan(60);
    expect(ids[0]).toBe('100000');
    // The spacer is as tall as every row, so the scrollbar covers all 10,000.
    const spacer = screen.getByTestId(testIds.logs.list).firstElementChild as HTMLElement;
    expect(parseFloat(spacer.style.height)).toBe(10_000 * ROW_PX);
  });

  it('renders the rows at the scroll position, still a bounded number, and asks for more near the end', () => {
    const onReachEnd = jest.fn();
    renderList(onReachEnd);
    const list = screen.getByTestId(testIds.logs.list);
    act(() => {
      list.scrollTop = 5_000 * ROW_PX;
      list.dispatchEvent(new Event('scroll'));
    });
    const ids = renderedIds();
    expect(ids).toContain(String(100_000 - 5_000));
    expect(ids).not.toContain('100000');
    expect(ids.length).toBeLessThan(60);
    expect(onReachEnd).not.toHaveBeenCalled();
    act(() => {
      list.scrollTop = 10_000 * ROW_PX - VIEWPORT_PX;
      list.dispatchEvent(new Event('scroll'));
    });
    expect(renderedIds()).toContain(String(100_000 - 9_999));
    expect(onReachEnd).toHaveBeenCalled();
  });
});
