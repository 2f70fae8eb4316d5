/**
 * Grafana core fills @grafana/data's standardEditorsRegistry at start-up with its option editors
 * (public/app/core/components/OptionsUI/registry.tsx). A panel plugin's option builder looks its editors up
 * there by id (`addRadio` → 'radio'), so computing a panel's option defaults needs them. The harness renders
 * no panel editor: every id gets a placeholder editor.
 */
import { standardEditorsRegistry, type StandardEditorsRegistryItem } from '@grafana/data';

/** The editor ids Grafana core registers (the builder methods of PanelOptionsEditorBuilder use these). */
const EDITOR_IDS = [
  'number',
  'slider',
  'text',
  'strings',
  'boolean',
  'radio',
  'select',
  'multiSelect',
  'unit',
  'color',
  'fieldColor',
  'links',
  'mappings',
  'thresholds',
  'stats-picker',
  'timezone',
  'field-name',
  'data-links',
  'actions',
  'interval',
  'dashboard-uid',
];

export function registerOptionEditors(): void {
  standardEditorsRegistry.setInit(() =>
    EDITOR_IDS.map((id): StandardEditorsRegistryItem => ({
      id,
      name: id,
      description: 'harness placeholder',
      editor: () => null,
    }))
  );
}
