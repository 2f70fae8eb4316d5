import React, { useState } from 'react';
import { InlineField, Input } from '@grafana/ui';
import type { z } from 'zod';
import { LABEL_WIDTH } from './types';

/** A query type's `limit` schema (an int with a range and a default), whose range the field enforces. */
type LimitSchema = z.ZodDefault<z.ZodNumber>;

/** Parses a limit box: digits only, within the schema's range, else undefined (invalid). */
export function parseLimitWith(schema: LimitSchema, text: string): number | undefined {
  if (!/^\d+$/.test(text.trim())) {
    return undefined;
  }
  const parsed = schema.unwrap().safeParse(Number(text));
  return parsed.success ? parsed.data : undefined;
}

interface Props {
  id: string;
  schema: LimitSchema;
  value: number | undefined;
  fallback: number;
  tooltip: string;
  onChange: (limit: number) => void;
  onCommit: () => void;
}

/** The most rows a query returns; the box keeps what the user typed, the query only gets a valid number. */
export function LimitField({ id, schema, value, fallback, tooltip, onChange, onCommit }: Props) {
  const [text, setText] = useState(String(value ?? fallback));
  const min = schema.unwrap().minValue ?? 1;
  const max = schema.unwrap().maxValue ?? Number.MAX_SAFE_INTEGER;
  return (
    <InlineField
      label="Limit"
      labelWidth={LABEL_WIDTH}
      htmlFor={id}
      invalid={parseLimitWith(schema, text) === undefined}
      error={`A whole number from ${min} to ${max}`}
      tooltip={`${tooltip} (${min} to ${max})`}
    >
      <Input
        id={id}
        width={10}
        inputMode="numeric"
        value={text}
        onChange={(event) => {
          const next = event.currentTarget.value;
          setText(next);
          const limit = parseLimitWith(schema, next);
          if (limit !== undefined) {
            onChange(limit);
          }
        }}
        onBlur={onCommit}
      />
    </InlineField>
  );
}
