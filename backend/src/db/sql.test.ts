import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { quoteIdent, renderMigration } from './sql.ts';

describe('quoteIdent', () => {
  it('quotes each part of a qualified name', () => {
    assert.equal(quoteIdent('public.job_ledger'), '"public"."job_ledger"');
    assert.equal(quoteIdent('sysmon'), '"sysmon"');
  });
  it('doubles embedded quotes and rejects empty parts', () => {
    assert.equal(quoteIdent('a"b'), '"a""b"');
    assert.throws(() => quoteIdent(''));
    assert.throws(() => quoteIdent('a..b'));
  });
});

describe('renderMigration', () => {
  it('substitutes schema and ledger table as quoted identifiers', () => {
    const sql = renderMigration('CREATE TABLE {{schema}}.x (); CREATE TABLE {{ ledger_table }} ();', {
      schema: 'sysmon',
      ledgerTable: 'public.job_ledger',
    });
    assert.equal(sql, 'CREATE TABLE "sysmon".x (); CREATE TABLE "public"."job_ledger" ();');
  });
  it('rejects unknown placeholders and a qualified schema', () => {
    assert.throws(
      () => renderMigration('{{other}}', { schema: 's', ledgerTable: 't' }),
      /unknown migration placeholder/
    );
    assert.throws(() => renderMigration('{{schema}}', { schema: 'a.b', ledgerTable: 't' }), /must not be qualified/);
  });
});
