// Builders for Grafana's DataFrameJSON wire format (what /api/ds/query returns and toDataQueryResponse reads).
export type FieldType = 'time' | 'number' | 'string' | 'boolean';

export interface FieldConfig {
  unit?: string;
  displayName?: string;
  decimals?: number;
  [key: string]: unknown;
}

export interface FieldSchema {
  name: string;
  type: FieldType;
  config?: FieldConfig;
}

export interface DataFrameJSON {
  schema: { name?: string; refId?: string; fields: FieldSchema[]; meta?: Record<string, unknown> };
  data: { values: unknown[][] };
}

export type FieldValue = string | number | boolean | null;

export interface FieldInput extends FieldSchema {
  values: readonly FieldValue[] | readonly Date[];
}

/** Time values go over the wire as epoch milliseconds. */
function encode(type: FieldType, value: unknown, fieldName: string): FieldValue {
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
  }
  throw new TypeError(`field "${fieldName}" of type ${type} cannot hold ${JSON.stringify(value)}`);
}

/** Builds a frame from columns; every field must have the same number of values. */
export function buildFrame(options: {
  name: string;
  refId?: string;
  fields: FieldInput[];
  meta?: Record<string, unknown>;
}): DataFrameJSON {
  const lengths = new Set(options.fields.map((field) => field.values.length));
  if (lengths.size > 1) {
    throw new RangeError(`frame "${options.name}": fields have different lengths`);
  }
  return {
    schema: {
      name: options.name,
      ...(options.refId !== undefined ? { refId: options.refId } : {}),
      fields: options.fields.map(({ name, type, config }) => ({ name, type, ...(config ? { config } : {}) })),
      ...(options.meta ? { meta: options.meta } : {}),
    },
    data: { values: options.fields.map((field) => field.values.map((value) => encode(field.type, value, field.name))) },
  };
}

/** Builds a frame from rows (objects keyed by field name). */
export function frameFromRows<Row extends Record<string, unknown>>(options: {
  name: string;
  refId?: string;
  fields: FieldSchema[];
  rows: readonly Row[];
  meta?: Record<string, unknown>;
}): DataFrameJSON {
  return buildFrame({
    name: options.name,
    refId: options.refId,
    meta: options.meta,
    fields: options.fields.map((field) => ({
      ...field,
      values: options.rows.map((row) => (row[field.name] ?? null) as FieldValue),
    })),
  });
}
