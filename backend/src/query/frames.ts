// Builders for Grafana's DataFrameJSON wire format (types in the contract): from columns, and from a frame
// definition plus rows. Fields of type `other` carry any JSON value (objects such as log labels).
import type {
  DataFrameJSON,
  FieldConfigJSON,
  FieldType,
  FrameMetaJSON,
  WireFrameDefinition,
} from '@penguinmails/sysmon-contract';

export type { DataFrameJSON };

export interface FieldInput {
  name: string;
  type: FieldType;
  config?: FieldConfigJSON;
  /** Series labels (e.g. `{level: 'error'}` on a log volume series). */
  labels?: Record<string, string>;
  values: readonly unknown[];
}

/** Time values go over the wire as epoch milliseconds; `other` values as they are (JSON). */
function encode(type: FieldType, value: unknown, fieldName: string): unknown {
  if (value === null || value === undefined) {
    return null;
  }
  switch (type) {
    case 'time':
      if (value instanceof Date) {
        return value.getTime();
      }
      if (typeof value === 'number') {
        return value;
      }
      if (typeof value === 'string' && !Number.isNaN(Date.parse(value))) {
        return Date.parse(value);
      }
      break;
    case 'number':
      if (typeof value === 'number') {
        return value;
      }
      break;
    case 'string':
      if (typeof value === 'string') {
        return value;
      }
      break;
    case 'boolean':
      if (typeof value === 'boolean') {
        return value;
      }
      break;
    case 'other':
      return value;
  }
  throw new TypeError(`field "${fieldName}" of type ${type} cannot hold ${JSON.stringify(value)}`);
}

export interface FrameOptions {
  name: string;
  refId?: string;
  meta?: FrameMetaJSON;
}

/** Builds a frame from columns; every field must have the same number of values. */
export function buildFrame(options: FrameOptions & { fields: FieldInput[] }): DataFrameJSON {
  const lengths = new Set(options.fields.map((field) => field.values.length));
  if (lengths.size > 1) {
    throw new RangeError(`frame "${options.name}": fields have different lengths`);
  }
  return {
    schema: {
      name: options.name,
      ...(options.refId !== undefined ? { refId: options.refId } : {}),
      fields: options.fields.map(({ name, type, config, labels }) => ({
        name,
        type,
        ...(config ? { config } : {}),
        ...(labels ? { labels } : {}),
      })),
      ...(options.meta ? { meta: options.meta } : {}),
    },
    data: { values: options.fields.map((field) => field.values.map((value) => encode(field.type, value, field.name))) },
  };
}

/** A defined field's config (unit and description, which Grafana shows), or nothing when it has neither. */
export function fieldConfig(field: { unit?: string; description?: string }): { config?: FieldConfigJSON } {
  if (!field.unit && !field.description) {
    return {};
  }
  return {
    config: {
      ...(field.unit ? { unit: field.unit } : {}),
      ...(field.description ? { description: field.description } : {}),
    },
  };
}

/** A row of a defined frame: one value per field, keyed as the definition keys its fields. */
export type FrameRow<Definition extends WireFrameDefinition> = { [Key in keyof Definition['fields']]: unknown };

/**
 * Builds a frame from its contract definition (name, field names, types, units and descriptions) and rows; a row
 * must give every field (null for unknown), so a field cannot be forgotten.
 */
export function frameFrom<Definition extends WireFrameDefinition>(
  definition: Definition,
  rows: ReadonlyArray<FrameRow<Definition>>,
  options: Omit<FrameOptions, 'name'> = {}
): DataFrameJSON {
  return buildFrame({
    name: definition.name,
    ...options,
    fields: Object.entries(definition.fields).map(([key, field]) => ({
      name: field.name,
      type: field.type,
      ...fieldConfig(field),
      values: rows.map((row) => (row as Record<string, unknown>)[key] ?? null),
    })),
  });
}
