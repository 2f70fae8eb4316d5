import { createDataFrame, FieldType } from '@grafana/data';
import { findServicesFrame, orderRows, toServiceRows } from './servicesFrame';
import { demoFrame, NOW, servicesFrame } from './testFrames';

describe('findServicesFrame', () => {
  it('picks the services frame among others, or a renamed one with service and state', () => {
    const other = createDataFrame({ name: 'queues', fields: [{ name: 'queue', type: FieldType.string, values: [] }] });
    const services = demoFrame();
    expect(findServicesFrame([other, services])).toBe(services);
    const renamed = { ...services, name: 'A' };
    expect(findServicesFrame([other, renamed])).toBe(renamed);
    expect(findServicesFrame([other])).toBeUndefined();
  });
});

describe('toServiceRows', () => {
  it('reads the contract fields; unknown states and missing numbers stay unknown', () => {
    const rows = toServiceRows(
      servicesFrame([
        { service: 'smtp', label: 'SMTP', state: 'degraded', since: NOW, latencyMs: 4200, cause: 'slow banner' },
        { service: 'odd', state: 'up', latencyMs: null },
        { service: '', state: 'down' },
      ])
    );
    expect(rows).toEqual([
      {
        service: 'smtp',
        label: 'SMTP',
        state: 'degraded',
        since: NOW,
        latency: '4.20 s',
        latencyMs: 4200,
        cause: 'slow banner',
      },
      { service: 'odd', label: 'odd', state: 'unknown', since: null, latency: '—', latencyMs: null, cause: '' },
    ]);
  });
});

describe('orderRows', () => {
  const rows = toServiceRows(demoFrame());
  it('keeps the configuration’s order, or puts the most urgent first, or sorts by name', () => {
    expect(orderRows(rows, 'config').map((r) => r.service)).toEqual(['smtp', 'api', 'postgres', 'redis', 'workers']);
    expect(orderRows(rows, 'severity').map((r) => r.service)).toEqual(['redis', 'smtp', 'workers', 'api', 'postgres']);
    expect(orderRows(rows, 'name').map((r) => r.label)).toEqual(['API', 'PostgreSQL', 'Redis', 'SMTP', 'Workers']);
  });
});
