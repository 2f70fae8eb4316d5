import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { canonicalIp, expandIpv6, queryName, reversedIp, TEST_ENTRIES } from './names.ts';

describe('DNSBL query names', () => {
  it('reverses IPv4 octets (RFC 5782 §2.1)', () => {
    assert.equal(queryName('192.0.2.99', 'zen.spamhaus.org'), '99.2.0.192.zen.spamhaus.org');
    assert.equal(reversedIp(TEST_ENTRIES[4].listed), '2.0.0.127');
  });

  it('reverses all 32 IPv6 nibbles (RFC 5782 §2.4)', () => {
    assert.equal(
      queryName('2001:db8:1:2:3:4:567:89ab', 'bl.test'),
      'b.a.9.8.7.6.5.0.4.0.0.0.3.0.0.0.2.0.0.0.1.0.0.0.8.b.d.0.1.0.0.2.bl.test'
    );
    const nibbles = reversedIp('2001:DB8::25').split('.');
    assert.equal(nibbles.length, 32);
    assert.equal(nibbles.join(''), '5200000000000000000000008bd01002');
    // The IPv6 test entry ::FFFF:7F00:2.
    assert.equal(reversedIp(TEST_ENTRIES[6].listed), '2.0.0.0.0.0.f.7.f.f.f.f.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0');
  });

  it('expands ::, a dotted IPv4 tail and a zone index', () => {
    assert.deepEqual(expandIpv6('::'), Array(8).fill('0000'));
    assert.deepEqual(expandIpv6('::1'), [...Array(7).fill('0000'), '0001']);
    assert.deepEqual(expandIpv6('fe80::1%eth0'), ['fe80', ...Array(6).fill('0000'), '0001']);
    assert.deepEqual(expandIpv6('::ffff:127.0.0.2'), expandIpv6('::FFFF:7F00:2'));
    assert.throws(() => expandIpv6('192.0.2.1'), RangeError);
    assert.throws(() => reversedIp('bl.test'), RangeError);
  });

  it('spells one address one way (RFC 5952 for IPv6)', () => {
    assert.equal(canonicalIp('2001:DB8:0:0:0:0:0:25'), '2001:db8::25');
    assert.equal(canonicalIp('2001:db8:0:0:1:0:0:1'), '2001:db8::1:0:0:1');
    assert.equal(canonicalIp('2001:db8:0:1:1:1:1:1'), '2001:db8:0:1:1:1:1:1');
    assert.equal(canonicalIp('::'), '::');
    assert.equal(canonicalIp('192.0.2.10'), '192.0.2.10');
  });
});
