import { createTheme } from '@grafana/data';
import { SERVICE_STATES, type ServiceState } from '@penguinmails/sysmon-contract';
import { byUrgency, serviceStateColors, serviceStateLabel, toServiceState } from './serviceState';

describe('serviceStateColors', () => {
  it.each(['dark', 'light'] as const)('gives each state its own theme colour in the %s theme', (mode) => {
    const theme = createTheme({ colors: { mode } });
    const colors = SERVICE_STATES.map((state) => serviceStateColors(theme, state));
    expect(new Set(colors.map((c) => c.main)).size).toBe(SERVICE_STATES.length);
    expect(serviceStateColors(theme, 'operational').main).toBe(theme.colors.success.main);
    expect(serviceStateColors(theme, 'degraded').main).toBe(theme.colors.warning.main);
    expect(serviceStateColors(theme, 'down').main).toBe(theme.colors.error.main);
  });

  it('never paints unknown green, and tints only the states that need attention', () => {
    const theme = createTheme();
    const unknown = serviceStateColors(theme, 'unknown');
    expect([unknown.main, unknown.badge, unknown.text]).not.toContain(theme.colors.success.main);
    expect(unknown.tint).toBe('transparent');
    expect(serviceStateColors(theme, 'operational').tint).toBe('transparent');
    expect(serviceStateColors(theme, 'degraded').tint).not.toBe('transparent');
    expect(serviceStateColors(theme, 'down').tint).not.toBe(serviceStateColors(theme, 'degraded').tint);
  });
});

describe('toServiceState', () => {
  it('reads the contract states and anything else as unknown', () => {
    expect(toServiceState('degraded')).toBe('degraded');
    expect(toServiceState('up')).toBe('unknown');
    expect(toServiceState(null)).toBe('unknown');
    expect(toServiceState(0)).toBe('unknown');
    expect(serviceStateLabel('down')).toBe('Down');
  });
});

it('sorts the most urgent state first', () => {
  const states: ServiceState[] = ['operational', 'unknown', 'down', 'degraded'];
  expect([...states].sort(byUrgency)).toEqual(['down', 'degraded', 'unknown', 'operational']);
});
