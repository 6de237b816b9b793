import { isIPv6 } from 'node:net';

// IPv6 clients are limited per /64, the smallest block a provider hands out.
const IPV6_GROUPS_KEPT = 4;

/** The eight 16-bit groups of an IPv6 address (`::` expanded, an embedded IPv4 as two groups). */
function ipv6Groups(address: string): string[] {
  let text = address.toLowerCase();
  const ipv4 = /(\d+)\.(\d+)\.(\d+)\.(\d+)$/.exec(text);
  if (ipv4 !== null) {
    const [a, b, c, d] = ipv4.slice(1).map(Number);
    text = `${text.slice(0, ipv4.index)}${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
  }
  const [head, tail] = text.split('::');
  const left = head === '' ? [] : head.split(':');
  const right = tail === undefined || tail === '' ? [] : tail.split(':');
  const missing = tail === undefined ? 0 : 8 - left.length - right.length;
  return [...left, ...Array<string>(missing).fill('0'), ...right].map((group) => String(parseInt(group, 16)));
}

/**
 * What a per-client-IP limit counts by: the address itself for IPv4 (and IPv4-mapped IPv6),
 * its /64 for IPv6, so a client cannot dodge the limit by hopping through its own block.
 */
export function clientAddressKey(ip: string | undefined): string {
  const address = ip ?? '';
  if (!isIPv6(address)) return address;
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  if (mapped !== null) return mapped[1];
  return `${ipv6Groups(address).slice(0, IPV6_GROUPS_KEPT).join(':')}::/64`;
}
