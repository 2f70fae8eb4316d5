import { EventBusSrv, getDefaultTimeRange, LoadingState, type PanelData, type PanelProps } from '@grafana/data';

interface PanelSetup {
  /** Width and height in px. */
  size: [number, number];
  title: string;
  /** Added to the panel's data (e.g. `errors` of a failed query). */
  result?: Partial<PanelData>;
}

/** The props Grafana hands a panel with `options` whose query answered `series`. */
export function panelProps<T>(series: PanelData['series'], options: T, { size, title, result = {} }: PanelSetup) {
  return {
    id: 1,
    data: { series, state: LoadingState.Done, timeRange: getDefaultTimeRange(), ...result },
    timeRange: getDefaultTimeRange(),
    timeZone: 'utc',
    options,
    fieldConfig: { defaults: {}, overrides: [] },
    transparent: false,
    width: size[0],
    height: size[1],
    renderCounter: 0,
    title,
    eventBus: new EventBusSrv(),
    onOptionsChange: jest.fn(),
    onFieldConfigChange: jest.fn(),
    replaceVariables: (value: string) => value,
    onChangeTimeRange: jest.fn(),
  } as unknown as PanelProps<T>;
}
