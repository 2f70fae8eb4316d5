// Reads the `services` query frame (the contract's SERVICES_FRAME: field names and units) into one row per service.
import { formattedValueToString, type DataFrame, type Field, type FormattedValue } from '@grafana/data';
import { SERVICES_FRAME, type ServiceState } from '@penguinmails/sysmon-contract';
import { formatDuration } from '../../utils/format';
import { byUrgency, toServiceState } from '../../utils/serviceState';
import type { StatusBoardOrder } from './types';

type ServicesField = keyof typeof SERVICES_FRAME.fields;

const fieldOf = (frame: DataFrame, key: ServicesField): Field | undefined =>
  frame.fields.find((field) => field.name === SERVICES_FRAME.fields[key].name);

export interface ServiceRow {
  service: string;
  label: string;
  state: ServiceState;
  /** Epoch ms the service entered its state; null when not known. */
  since: number | null;
  /** The latest check's headline latency as the field displays it (its unit), "—" when not measured. */
  latency: string;
  latencyMs: number | null;
  cause: string;
}

/** The frame of a `services` query among the panel's frames: named "services", else the first with service and state. */
export function findServicesFrame(frames: DataFrame[]): DataFrame | undefined {
  const hasFields = (frame: DataFrame) =>
    fieldOf(frame, 'service') !== undefined && fieldOf(frame, 'state') !== undefined;
  return frames.find((frame) => frame.name === SERVICES_FRAME.name && hasFields(frame)) ?? frames.find(hasFields);
}

const numberAt = (field: Field | undefined, row: number): number | null => {
  const value = field?.values[row];
  if (value === null || value === undefined || value === '') {
    return null;
  }
  const number = typeof value === 'number' ? value : Date.parse(String(value));
  return Number.isFinite(number) ? number : null;
};

const textAt = (field: Field | undefined, row: number): string => {
  const value = field?.values[row];
  return value === null || value === undefined ? '' : String(value);
};

/** A latency through its field's display (the unit the service sets, or one chosen in the panel), else in ms. */
function formatLatency(field: Field | undefined, value: number | null): string {
  if (value === null) {
    return formatDuration(null);
  }
  if (field?.display && field.config.unit) {
    const shown: FormattedValue = field.display(value);
    return formattedValueToString(shown);
  }
  return formatDuration(value);
}

/** One row per service with an id; a state the contract does not know is unknown, missing numbers stay unknown. */
export function toServiceRows(frame: DataFrame): ServiceRow[] {
  const field = (key: ServicesField) => fieldOf(frame, key);
  const [service, label, state, since, latency, cause] = [
    field('service'),
    field('label'),
    field('state'),
    field('since'),
    field('latencyMs'),
    field('cause'),
  ];
  const rows: ServiceRow[] = [];
  for (let row = 0; row < frame.length; row++) {
    const id = textAt(service, row);
    if (!id) {
      continue;
    }
    const latencyMs = numberAt(latency, row);
    rows.push({
      service: id,
      label: textAt(label, row) || id,
      state: toServiceState(state?.values[row]),
      since: numberAt(since, row),
      latency: formatLatency(latency, latencyMs),
      latencyMs,
      cause: textAt(cause, row),
    });
  }
  return rows;
}

/** Tiles in the chosen order: the configuration's (the frame's), most urgent first, or by label. Stable. */
export function orderRows(rows: readonly ServiceRow[], order: StatusBoardOrder): ServiceRow[] {
  const indexed = rows.map((row, index) => ({ row, index }));
  const compare =
    {
      config: () => 0,
      severity: (a: ServiceRow, b: ServiceRow) => byUrgency(a.state, b.state),
      name: (a: ServiceRow, b: ServiceRow) => a.label.localeCompare(b.label),
    }[order] ?? (() => 0);
  return indexed.sort((a, b) => compare(a.row, b.row) || a.index - b.index).map(({ row }) => row);
}
