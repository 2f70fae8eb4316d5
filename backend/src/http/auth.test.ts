import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { buildTokenTable, parseBearer, scopesForToken, tokenFor } from './auth.ts';

const tokens = {
  api: 'read-token-0123456789',
  operator: 'operator-token-0123456789',
  ingest: 'ingest-token-0123456789',
};

describe('parseBearer', () => {
  it('extracts the token of a Bearer header, case-insensitively', () => {
    assert.equal(parseBearer('Bearer abc.def'), 'abc.def');
    assert.equal(parseBearer('bearer   abc'), 'abc');
  });
  it('rejects missing, empty and other schemes', () => {
    assert.equal(parseBearer(undefined), undefined);
    assert.equal(parseBearer(''), undefined);
    assert.equal(parseBearer('Bearer '), undefined);
    assert.equal(parseBearer('Basic dXNlcjpwYXNz'), undefined);
    assert.equal(parseBearer('Bearer a b'), undefined);
  });
});

describe('scopesForToken', () => {
  const table = buildTokenTable(tokens);
  it('grants read to the API token, read+operator to the operator token, ingest to the ingest token', () => {
    assert.deepEqual(scopesForToken(table, tokens.api), ['read']);
    assert.deepEqual(scopesForToken(table, tokens.operator), ['read', 'operator']);
    assert.deepEqual(scopesForToken(table, tokens.ingest), ['ingest']);
  });
  it('knows no other token, including prefixes and different lengths', () => {
    assert.equal(scopesForToken(table, 'nope'), undefined);
    assert.equal(scopesForToken(table, tokens.api.slice(0, -1)), undefined);
    assert.equal(scopesForToken(table, `${tokens.api}x`), undefined);
    assert.equal(scopesForToken(table, tokens.api.toUpperCase()), undefined);
  });
  it('skips tokens that are not configured', () => {
    const readOnly = buildTokenTable({ api: tokens.api });
    assert.equal(readOnly.length, 1);
    assert.equal(scopesForToken(readOnly, tokens.operator), undefined);
  });
  it('names the token a request carries (for the audit log)', () => {
    const table = buildTokenTable({ ...tokens, metrics: 'mmmmmmmmmmmmmmmmmmmm' });
    assert.deepEqual(tokenFor(table, tokens.operator), { name: 'operator', scopes: ['read', 'operator'] });
    assert.deepEqual(tokenFor(table, 'mmmmmmmmmmmmmmmmmmmm'), { name: 'metrics', scopes: ['metrics'] });
  });
});
