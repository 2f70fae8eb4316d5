// DNSBL query names (RFC 5782 §2.1 and §2.4): an IPv4 address as its four octets reversed, an IPv6 address as its
// 32 nibbles reversed (the full address, zeros included), each followed by the zone. Pure functions.
import { isIP } from 'node:net';

export type IpFamily = 4 | 6;

/** RFC 5782 §5: every IPv4 list must list 127.0.0.2 and must not list 127.0.0.1; IPv6 lists the mapped forms. */
export const TEST_ENTRIES: Readonly<Record<IpFamily, { listed: string; unlisted: string }>> = {
  4: { listed: '127.0.0.2', unlisted: '127.0.0.1' },
  6: { listed: '::FFFF:7F00:2', unlisted: '::FFFF:7F00:1' },
};

export function ipFamily(ip: string): IpFamily | undefined {
  const family = isIP(ip);
  return family === 4 || family === 6 ? family : undefined;
}

/** The eight 16-bit groups of an IPv6 address as 4 hex digits each (`::` expanded, a dotted IPv4 tail converted). */
export function expandIpv6(ip: string): string[] {
  if (isIP(ip) !== 6) {
    throw new RangeError(`not an IPv6 address: ${ip}`);
  }
  let text = ip.toLowerCase();
  const zone = text.indexOf('%');
  if (zone >= 0) {
    text = text.slice(0, zone);
  }
  // A dotted IPv4 tail (::ffff:192.0.2.1) becomes two groups.
  const dotted = /(\d+)\.(\d+)\.(\d+)\.(\d+)$/.exec(text);
  if (dotted) {
    const [a, b, c, d] = dotted.slice(1).map(Number) as [number, number, number, number];
    text = `${text.slice(0, dotted.index)}${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
  }
  const [head = '', tail] = text.split('::') as [string, string | undefined];
  const headGroups = head === '' ? [] : head.split(':');
  const tailGroups = tail === undefined || tail === '' ? [] : tail.split(':');
  const missing = 8 - headGroups.length - tailGroups.length;
  const groups = tail === undefined ? headGroups : [...headGroups, ...Array<string>(missing).fill('0'), ...tailGroups];
  return groups.map((group) => group.padStart(4, '0'));
}

/** The reversed form of an address, without the zone: `2.0.0.127` or 32 dot-separated nibbles. */
export function reversedIp(ip: string): string {
  const family = ipFamily(ip);
  if (family === 4) {
    return ip.split('.').reverse().join('.');
  }
  if (family === 6) {
    return expandIpv6(ip).join('').split('').reverse().join('.');
  }
  throw new RangeError(`not an IP address: ${ip}`);
}

/** The name to ask for `ip` on `zone` (the zone as queried, e.g. with a DQS key). */
export function queryName(ip: string, zone: string): string {
  return `${reversedIp(ip)}.${zone}`;
}

/** One spelling per address, so that duplicates in the config are asked once: lower case, IPv6 compressed. */
export function canonicalIp(ip: string): string {
  if (ipFamily(ip) !== 6) {
    return ip.trim();
  }
  const groups = expandIpv6(ip).map((group) => group.replace(/^0+(?=.)/, ''));
  // RFC 5952: the longest run (of two or more) of zero groups becomes `::`, the first such run on a tie.
  let best = { start: -1, length: 0 };
  for (let index = 0; index < groups.length;) {
    if (groups[index] !== '0') {
      index += 1;
      continue;
    }
    let end = index;
    while (end < groups.length && groups[end] === '0') {
      end += 1;
    }
    if (end - index > best.length) {
      best = { start: index, length: end - index };
    }
    index = end;
  }
  if (best.length < 2) {
    return groups.join(':');
  }
  const head = groups.slice(0, best.start).join(':');
  const tail = groups.slice(best.start + best.length).join(':');
  return `${head}::${tail}`;
}
