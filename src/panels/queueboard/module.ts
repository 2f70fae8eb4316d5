import { PanelPlugin } from '@grafana/data';
import { QueueBoardPanel } from './components/QueueBoardPanel';
import { DEFAULT_OPTIONS, QueueBoardOptions, QueueBoardSort } from './types';

const THRESHOLDS = ['Thresholds (at or above)'];

export const plugin = new PanelPlugin<QueueBoardOptions>(QueueBoardPanel).setPanelOptions((builder) =>
  builder
    .addRadio({
      path: 'sortBy',
      name: 'Order tiles by',
      defaultValue: DEFAULT_OPTIONS.sortBy,
      settings: {
        options: [
          { value: 'tier' as QueueBoardSort, label: 'Tier', description: 'high, normal, low; stable positions' },
          { value: 'severity' as QueueBoardSort, label: 'Severity', description: 'critical first' },
          { value: 'name' as QueueBoardSort, label: 'Name' },
        ],
      },
    })
    .addBooleanSwitch({
      path: 'showDetails',
      name: 'Show details',
      description: 'Active jobs, workers and drain ETA under the big numbers, when the tile has room',
      defaultValue: DEFAULT_OPTIONS.showDetails,
    })
    .addNumberInput({
      path: 'depthWarn',
      name: 'Depth: warning',
      description: 'Jobs a worker could start now (waiting + prioritized + delayed jobs already due)',
      category: THRESHOLDS,
      defaultValue: DEFAULT_OPTIONS.depthWarn,
      settings: { min: 0, integer: true },
    })
    .addNumberInput({
      path: 'depthCrit',
      name: 'Depth: critical',
      category: THRESHOLDS,
      defaultValue: DEFAULT_OPTIONS.depthCrit,
      settings: { min: 0, integer: true },
    })
    .addNumberInput({
      path: 'oldestWaitWarnSeconds',
      name: 'Oldest wait: warning (seconds)',
      description: 'Age of the oldest job still waiting (queue latency)',
      category: THRESHOLDS,
      defaultValue: DEFAULT_OPTIONS.oldestWaitWarnSeconds,
      settings: { min: 0 },
    })
    .addNumberInput({
      path: 'oldestWaitCritSeconds',
      name: 'Oldest wait: critical (seconds)',
      category: THRESHOLDS,
      defaultValue: DEFAULT_OPTIONS.oldestWaitCritSeconds,
      settings: { min: 0 },
    })
    .addNumberInput({
      path: 'failureRateWarnPercent',
      name: 'Failure rate: warning (%)',
      description: 'Failed share of finished jobs per minute',
      category: THRESHOLDS,
      defaultValue: DEFAULT_OPTIONS.failureRateWarnPercent,
      settings: { min: 0, max: 100 },
    })
    .addNumberInput({
      path: 'failureRateCritPercent',
      name: 'Failure rate: critical (%)',
      category: THRESHOLDS,
      defaultValue: DEFAULT_OPTIONS.failureRateCritPercent,
      settings: { min: 0, max: 100 },
    })
);
