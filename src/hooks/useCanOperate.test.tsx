import { renderHook, waitFor } from '@testing-library/react';
import { FakeBackendSrv } from '../testUtils/fakeBackendSrv';
import { DATASOURCE_PROXY_URL } from '../testUtils/fixtures';
import { useCanOperate } from './useCanOperate';

const WHOAMI_URL = `${DATASOURCE_PROXY_URL}/operator/whoami`;

describe('useCanOperate', () => {
  let srv: FakeBackendSrv;
  beforeEach(() => {
    srv = new FakeBackendSrv().install();
  });

  it('is false until the operator route says yes, then true for every later component at once', async () => {
    srv.answerOperatorWhoamiAs('Editor');
    const first = renderHook(() => useCanOperate('penguinmails-sysmon'));
    expect(first.result.current).toBe(false);
    await waitFor(() => expect(first.result.current).toBe(true));

    const later = renderHook(() => useCanOperate('penguinmails-sysmon'));
    expect(later.result.current).toBe(true);
    expect(srv.requestsTo('GET', WHOAMI_URL)).toHaveLength(1);
  });

  it('stays false for a Viewer, without asking again', async () => {
    srv.answerOperatorWhoamiAs('Viewer');
    const first = renderHook(() => useCanOperate('penguinmails-sysmon'));
    await waitFor(() => expect(srv.requestsTo('GET', WHOAMI_URL)).toHaveLength(1));
    first.unmount();
    const later = renderHook(() => useCanOperate('penguinmails-sysmon'));
    expect(later.result.current).toBe(false);
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(later.result.current).toBe(false);
    expect(srv.requestsTo('GET', WHOAMI_URL)).toHaveLength(1);
  });

  it('asks again on a later mount after the service did not answer', async () => {
    srv.on('GET', WHOAMI_URL, { status: 502, statusText: 'Bad Gateway', data: { message: 'Bad Gateway' } });
    const first = renderHook(() => useCanOperate('penguinmails-sysmon'));
    await waitFor(() => expect(srv.requestsTo('GET', WHOAMI_URL)).toHaveLength(1));
    first.unmount();

    srv.answerOperatorWhoamiAs('Admin');
    const later = renderHook(() => useCanOperate('penguinmails-sysmon'));
    await waitFor(() => expect(later.result.current).toBe(true));
    expect(srv.requestsTo('GET', WHOAMI_URL)).toHaveLength(2);
  });
});
