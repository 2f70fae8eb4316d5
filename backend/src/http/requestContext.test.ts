import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { grafanaUser, requestIdFrom } from './requestContext.ts';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

describe('requestIdFrom', () => {
  it('keeps a well-formed X-Request-ID', () => {
    assert.equal(requestIdFrom('abc-123_x.y:z'), 'abc-123_x.y:z');
    assert.equal(requestIdFrom('a'.repeat(128)), 'a'.repeat(128));
    assert.equal(requestIdFrom(['first', 'second']), 'first');
  });
  it('replaces missing, too long or unsafe ids with a UUID', () => {
    for (const bad of [undefined, '', 'a'.repeat(129), 'has space', 'new\nline', '<script>', 'ünï']) {
      assert.match(requestIdFrom(bad), UUID, String(bad));
    }
  });
});

describe('grafanaUser', () => {
  it('is X-Grafana-User trimmed, else unknown', () => {
    assert.equal(grafanaUser({ headers: { 'x-grafana-user': ' alice ' } }), 'alice');
    assert.equal(grafanaUser({ headers: {} }), 'unknown');
    assert.equal(grafanaUser({ headers: { 'x-grafana-user': '   ' } }), 'unknown');
    assert.equal(grafanaUser({ headers: { 'x-grafana-user': 'x'.repeat(257) } }), 'unknown');
  });
});
