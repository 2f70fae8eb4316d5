// Identifier quoting and migration templating. Identifiers cannot be bound as query parameters,
// so they are validated by the config and always double-quoted here.

/** Double-quotes a (possibly schema-qualified) identifier: public.job_ledger -> "public"."job_ledger". */
export function quoteIdent(name: string): string {
  if (name.length === 0) {
    throw new Error('empty SQL identifier');
  }
  return name
    .split('.')
    .map((part) => {
      if (part.length === 0 || part.includes('\u0000')) {
        throw new Error(`invalid SQL identifier: ${name}`);
      }
      return `"${part.replaceAll('"', '""')}"`;
    })
    .join('.');
}

export interface MigrationParams {
  schema: string;
  ledgerTable: string;
}

/**
 * Replaces {{schema}}, {{ledger_table}} and {{ledger_schema}} (the ledger's schema; `public` for an unqualified
 * table name) with quoted identifiers; any other placeholder is an error.
 */
export function renderMigration(sql: string, params: MigrationParams): string {
  if (params.schema.includes('.')) {
    throw new Error(`schema must not be qualified: ${params.schema}`);
  }
  const values: Record<string, string> = {
    schema: quoteIdent(params.schema),
    ledger_table: quoteIdent(params.ledgerTable),
    ledger_schema: quoteIdent(params.ledgerTable.includes('.') ? params.ledgerTable.split('.')[0]! : 'public'),
  };
  return sql.replace(/\{\{\s*([a-z_]+)\s*\}\}/g, (_match, key: string) => {
    const value = values[key];
    if (value === undefined) {
      throw new Error(`unknown migration placeholder {{${key}}}`);
    }
    return value;
  });
}
