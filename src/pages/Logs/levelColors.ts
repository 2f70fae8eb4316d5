import type { GrafanaTheme2 } from '@grafana/data';
import type { LogLevel } from '@penguinmails/sysmon-contract';

// The colours Grafana's own logs view gives each level (critical purple … trace light blue), by palette name so
// that they follow the theme.
const LEVEL_COLOR_NAMES: Record<LogLevel, string | undefined> = {
  fatal: 'purple',
  error: 'red',
  warn: 'yellow',
  info: 'green',
  debug: 'blue',
  trace: 'light-blue',
  unknown: undefined,
};

export function logLevelColor(theme: GrafanaTheme2, level: LogLevel): string {
  const name = LEVEL_COLOR_NAMES[level];
  return name ? theme.visualization.getColorByName(name) : theme.colors.text.disabled;
}
