import type { WhoamiResponse } from '@penguinmails/sysmon-contract';
import { ServiceRequestError } from '../api/errors';
import { forgetOperatorAccess, knownOperatorAccess, probeOperatorAccess } from './operatorAccess';

const operator: WhoamiResponse = { scopes: ['read', 'operator'], user: 'editor' };

describe('probeOperatorAccess', () => {
  beforeEach(() => forgetOperatorAccess());

  it('allows a user whose operator route answers with the operator scope, and asks once per data source', async () => {
    const whoami = jest.fn().mockResolvedValue(operator);
    const [first, second] = await Promise.all([probeOperatorAccess('a', whoami), probeOperatorAccess('a', whoami)]);
    expect([first, second]).toEqual([true, true]);
    expect(await probeOperatorAccess('a', whoami)).toBe(true);
    expect(whoami).toHaveBeenCalledTimes(1);
    expect(knownOperatorAccess('a')).toBe(true);

    expect(knownOperatorAccess('b')).toBeUndefined();
    await probeOperatorAccess('b', whoami);
    expect(whoami).toHaveBeenCalledTimes(2);
  });

  it.each([
    ['Grafana refuses a Viewer the route (reqRole)', new ServiceRequestError('HTTP 403 Forbidden', 403)],
    ['the service refuses a missing operator token', new ServiceRequestError('HTTP 401 Unauthorized', 401)],
  ])('remembers "no" when %s', async (_case, error) => {
    const whoami = jest.fn().mockRejectedValue(error);
    expect(await probeOperatorAccess('a', whoami)).toBe(false);
    expect(await probeOperatorAccess('a', whoami)).toBe(false);
    expect(whoami).toHaveBeenCalledTimes(1);
    expect(knownOperatorAccess('a')).toBe(false);
  });

  it('remembers "no" for a token without the operator scope', async () => {
    const whoami = jest.fn().mockResolvedValue({ scopes: ['read'], user: 'editor' });
    expect(await probeOperatorAccess('a', whoami)).toBe(false);
    expect(await probeOperatorAccess('a', whoami)).toBe(false);
    expect(whoami).toHaveBeenCalledTimes(1);
  });

  it.each([
    ['no answer', new ServiceRequestError('Failed to fetch', 0)],
    ['a failing service', new ServiceRequestError('HTTP 502 Bad Gateway', 502)],
  ])('says "no" for now and asks again after %s', async (_case, error) => {
    const whoami = jest.fn().mockRejectedValueOnce(error).mockResolvedValue(operator);
    expect(await probeOperatorAccess('a', whoami)).toBe(false);
    expect(knownOperatorAccess('a')).toBeUndefined();
    expect(await probeOperatorAccess('a', whoami)).toBe(true);
    expect(whoami).toHaveBeenCalledTimes(2);
  });

  it('does not record the answer of a probe started before forgetOperatorAccess', async () => {
    let answer: (value: unknown) => void = () => {};
    const slow = jest.fn(() => new Promise((resolve) => (answer = resolve)));
    const probe = probeOperatorAccess('a', slow as never);
    forgetOperatorAccess();
    answer(operator);
    await probe;
    expect(knownOperatorAccess('a')).toBeUndefined();
  });
});
