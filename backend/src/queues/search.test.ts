import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { compileSearch, decodeCursor, encodeCursor, InvalidCursorError, likePattern } from './search.ts';
import { parseSearch } from './searchLanguage.ts';

describe('search compilation', () => {
  it('cursors round-trip and reject anything else', () => {
    const cursor = { createdUs: '1767225600000123', queue: 'email-sending', id: 's-001' };
    assert.deepEqual(decodeCursor(encodeCursor(cursor)), cursor);
    for (const bad of [
      'garbage',
      encodeCursor({ createdUs: '1.5', queue: 'q', id: 'x' }),
      encodeCursor({ createdUs: '9'.repeat(18), queue: 'q', id: 'x' }),
      encodeCursor({ createdUs: '10', queue: 'q\u0000', id: 'x' }),
      Buffer.from('[1,2]').toString('base64url'),
      Buffer.from('["10","x"]').toString('base64url'),
    ]) {
      assert.throws(() => decodeCursor(bad), InvalidCursorError);
    }
  });

  it('escapes LIKE wildcards', () => {
    assert.equal(likePattern('50%_off\\'), '%50\\%\\_off\\\\%');
  });

  it('binds every user value as a parameter and quotes the table', () => {
    const { text, values } = compileSearch(
      'ops.job_ledger',
      parseSearch(`smtp -"it's" status:failed status:delayed -request_id:r1 name:x`),
      { queue: 'q1', from: new Date('2026-01-01T00:00:00Z') },
      { limit: 50, cursor: { createdUs: '10', queue: 'q0', id: 'z' } }
    );
    assert.match(text, /FROM "ops"\."job_ledger" AS t/);
    assert.ok(!text.includes("it's") && !text.includes('smtp') && !text.includes('q1'));
    assert.match(text, /t\.status = ANY\(\$\d+::text\[\]\)/);
    assert.match(text, /t\.request_id IS DISTINCT FROM \$\d+/);
    assert.match(text, /NOT \(t\.payload::text ILIKE/);
    assert.deepEqual(values.slice(0, 3), ['%smtp%', "%it's%", 'r1']);
    assert.ok(values.includes(51), 'limit + 1 rows to know whether a next page exists');
  });
});
