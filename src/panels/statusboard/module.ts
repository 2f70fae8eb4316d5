import { PanelPlugin } from '@grafana/data';
import { StatusBoardPanel } from './components/StatusBoardPanel';
import { DEFAULT_OPTIONS, type StatusBoardOptions, type StatusBoardOrder } from './types';

export const plugin = new PanelPlugin<StatusBoardOptions>(StatusBoardPanel).setPanelOptions((builder) =>
  builder
    .addRadio({
      path: 'order',
      name: 'Order tiles by',
      defaultValue: DEFAULT_OPTIONS.order,
      settings: {
        options: [
          {
            value: 'config' as StatusBoardOrder,
            label: 'Configuration',
            description: 'The order of the probes in the service’s configuration; stable positions',
          },
          {
            value: 'severity' as StatusBoardOrder,
            label: 'Severity',
            description: 'Down first, then degraded, unknown',
          },
          { value: 'name' as StatusBoardOrder, label: 'Name' },
        ],
      },
    })
    .addBooleanSwitch({
      path: 'showCause',
      name: 'Show cause',
      description: 'Why a service is not operational, under its state, when the tile has room',
      defaultValue: DEFAULT_OPTIONS.showCause,
    })
);
