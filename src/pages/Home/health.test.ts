import { ServiceRequestError } from '../../api/errors';
import { degradedResponse, healthyResponse } from '../../testUtils/fixtures';
import { describeHealthError, formatAge, formatLatency, summariseHealth } from './health';

describe('summariseHealth', () => {
  it('is OK when the service is ok and all dependencies are up', () => {
    expect(summariseHealth(healthyResponse())).toEqual({ label: 'OK', color: 'green', upCount: 2, total: 2 });
  });

  it('is degraded when some dependency is down', () => {
    expect(summariseHealth(degradedResponse())).toEqual({ label: 'Degraded', color: 'orange', upCount: 1, total: 2 });
  });

  it('is red when every dependency is down', () => {
    const health = healthyResponse({
      status: 'degraded',
      dependencies: [{ name: 'postgres', status: 'down', latencyMs: 0, error: 'x' }],
    });
    expect(summariseHealth(health)).toMatchObject({ label: 'All dependencies down', color: 'red' });
  });

  it('does not trust status ok when a dependency reports down', () => {
    const health = healthyResponse({ dependencies: [{ name: 'redis', status: 'down', latencyMs: 1 }] });
    expect(summariseHealth(health).label).not.toBe('OK');
  });
});

describe('formatLatency', () => {
  it.each([
    [0.04, '< 0.1 ms'],
    [1.24, '1.2 ms'],
    [42.6, '43 ms'],
    [1500, '1.5 s'],
    [Number.NaN, 'n/a'],
    [-1, 'n/a'],
  ])('%p -> %p', (ms, text) => {
    expect(formatLatency(ms)).toBe(text);
  });
});

describe('formatAge', () => {
  const now = new Date('2026-01-02T03:10:00.000Z');
  it.each([
    ['2026-01-02T03:10:00.000Z', 'just now'],
    ['2026-01-02T03:09:48.000Z', '12 s ago'],
    ['2026-01-02T03:07:00.000Z', '3 min ago'],
    ['2026-01-02T01:10:00.000Z', '2 h ago'],
    ['not a date', 'not a date'],
  ])('%p -> %p', (iso, text) => {
    expect(formatAge(iso, now)).toBe(text);
  });
});

describe('describeHealthError', () => {
  it('treats a Grafana 404 as a missing data source', () => {
    const view = describeHealthError(new ServiceRequestError('HTTP 404: Data source not found', 404), 'ds1');
    expect(view.kind).toBe('not-configured');
    expect(view.hint).toContain('"ds1"');
  });

  it('treats a service 404 (with an error code) as a plain error', () => {
    expect(describeHealthError(new ServiceRequestError('HTTP 404: nope', 404, 'not_found'), 'x').kind).toBe('error');
  });

  it.each([
    [401, 'unauthorized'],
    [403, 'unauthorized'],
    [0, 'unreachable'],
    [502, 'unreachable'],
    [504, 'unreachable'],
    [500, 'error'],
  ])('status %p -> %p', (status, kind) => {
    expect(describeHealthError(new ServiceRequestError('m', status), 'x').kind).toBe(kind);
  });
});
