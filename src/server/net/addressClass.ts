import ipaddr from 'ipaddr.js';

export type IpAddress = ipaddr.IPv4 | ipaddr.IPv6;

/**
 * What an address is, as far as the outbound address policy cares. The first five are always
 * refused; `loopback` needs an administrator's allow entry; `private` is allowed unless the
 * administrator blocks private addresses; `public` is allowed unless blocked by name or CIDR.
 */
export type AddressClass =
  | 'unspecified' | 'linkLocal' | 'metadata' | 'multicast' | 'broadcast' | 'reserved'
  | 'loopback' | 'private' | 'public';

/** Classes no configuration can allow: cloud metadata services and addresses no API lives at. */
export const alwaysRefusedClasses: ReadonlySet<AddressClass> = new Set(['unspecified', 'linkLocal', 'metadata', 'multicast', 'broadcast', 'reserved']);

type Rule = [range: [IpAddress, number], addressClass: AddressClass];

const rules = (list: Array<[string, AddressClass]>): Rule[] => list.map(([cidr, addressClass]) => [ipaddr.parseCIDR(cidr), addressClass]);

// First match wins: the narrow metadata entries come before the ranges that hold them.
const ipv4Rules = rules([
  ['0.0.0.0/8', 'unspecified'],
  ['169.254.0.0/16', 'linkLocal'],          // also AWS, GCP, Azure, DigitalOcean... metadata at 169.254.169.254
  ['100.100.100.200/32', 'metadata'],       // Alibaba Cloud metadata (inside CGNAT space)
  ['192.0.0.0/24', 'metadata'],             // IETF protocol assignments; Oracle Cloud metadata at 192.0.0.192
  ['168.63.129.16/32', 'metadata'],         // Azure WireServer (a public-looking address only the host answers)
  ['255.255.255.255/32', 'broadcast'],
  ['224.0.0.0/4', 'multicast'],
  ['240.0.0.0/4', 'reserved'],
  ['127.0.0.0/8', 'loopback'],
  ['10.0.0.0/8', 'private'],
  ['172.16.0.0/12', 'private'],
  ['192.168.0.0/16', 'private'],
  ['100.64.0.0/10', 'private'],             // carrier-grade NAT, often a provider's internal network
  ['198.18.0.0/15', 'private'],             // benchmarking, used as internal space by some networks
]);

const ipv6Rules = rules([
  ['::/128', 'unspecified'],
  ['::1/128', 'loopback'],
  ['fe80::/10', 'linkLocal'],
  ['fd00:ec2::/32', 'metadata'],            // AWS instance services over IPv6 (metadata fd00:ec2::254, DNS, NTP)
  ['ff00::/8', 'multicast'],
  ['64:ff9b:1::/48', 'reserved'],           // local-use NAT64: where the IPv4 address sits depends on the network
  ['2001::/32', 'reserved'],                // Teredo: carries an obfuscated IPv4 address
  ['100::/64', 'reserved'],                 // discard-only
  ['fc00::/7', 'private'],                  // unique local
  ['fec0::/10', 'private'],                 // deprecated site-local
]);

/** IPv6 forms that carry an IPv4 address in their last 32 bits or (6to4) in bits 16–47. */
const embeddingRanges = {
  mapped: ipaddr.parseCIDR('::ffff:0:0/96'),       // ::ffff:a.b.c.d: the kernel connects to a.b.c.d itself
  translated: ipaddr.parseCIDR('::ffff:0:0:0/96'), // SIIT (RFC 6145)
  compatible: ipaddr.parseCIDR('::/96'),           // deprecated IPv4-compatible ::a.b.c.d
  nat64: ipaddr.parseCIDR('64:ff9b::/96'),         // well-known NAT64 prefix (RFC 6052)
  sixToFour: ipaddr.parseCIDR('2002::/16'),
} as const;

/**
 * The IPv4 address an IPv6 address carries, if any. `sameHost` is true when connecting to the
 * IPv6 address reaches the IPv4 host directly (mapped/compatible/translated forms): the policy
 * then treats the address as that IPv4 address in every respect.
 */
export function embeddedIpv4(address: ipaddr.IPv6): { ipv4: ipaddr.IPv4; sameHost: boolean } | undefined {
  const [a, b] = lastTwoParts(address);
  if (address.match(embeddingRanges.mapped) || address.match(embeddingRanges.translated)) return { ipv4: fromParts(a, b), sameHost: true };
  if (address.match(embeddingRanges.compatible)) {
    // :: and ::1 are themselves (unspecified, loopback), not ::0.0.0.0 / ::0.0.0.1.
    if (a === 0 && b <= 1) return undefined;
    return { ipv4: fromParts(a, b), sameHost: true };
  }
  if (address.match(embeddingRanges.nat64)) return { ipv4: fromParts(a, b), sameHost: false };
  if (address.match(embeddingRanges.sixToFour)) return { ipv4: fromParts(address.parts[1] ?? 0, address.parts[2] ?? 0), sameHost: false };
  return undefined;
}

/** The class of one address (for IPv6 forms that carry an IPv4 address, see classifyAddress). */
function directClass(address: IpAddress): AddressClass {
  const list = address.kind() === 'ipv4' ? ipv4Rules : ipv6Rules;
  for (const [range, addressClass] of list) {
    if (range[0].kind() === address.kind() && address.match(range)) return addressClass;
  }
  return 'public';
}

/**
 * The class of an address. An IPv6 address that carries an IPv4 address (mapped, compatible,
 * NAT64, 6to4) takes the IPv4 address's class unless that is public, so `::ffff:127.0.0.1`,
 * `64:ff9b::a9fe:a9fe` and `2002:a9fe:a9fe::` are as refused as 127.0.0.1 and 169.254.169.254.
 */
export function classifyAddress(address: IpAddress): AddressClass {
  if (address.kind() === 'ipv6') {
    const embedded = embeddedIpv4(address as ipaddr.IPv6);
    if (embedded) {
      const inner = directClass(embedded.ipv4);
      if (embedded.sameHost || inner !== 'public') return inner;
    }
  }
  return directClass(address);
}

/** Parses an IP address in any form getaddrinfo accepts for IPv4 (`2130706433`, `0177.0.0.1`, `0x7f.1`, `127.1`) or IPv6 (with or without brackets); undefined for a host name. */
export function parseIpAddress(text: string): IpAddress | undefined {
  const bare = text.startsWith('[') && text.endsWith(']') ? text.slice(1, -1) : text;
  if (!ipaddr.isValid(bare)) return undefined;
  return ipaddr.parse(bare);
}

/** The canonical text of an address, IPv4-mapped forms as their IPv4 address, IPv6 without a zone id. */
export function canonicalAddress(address: IpAddress): string {
  if (address.kind() === 'ipv6') {
    const embedded = embeddedIpv4(address as ipaddr.IPv6);
    if (embedded?.sameHost) return embedded.ipv4.toString();
    return new ipaddr.IPv6((address as ipaddr.IPv6).parts).toRFC5952String();
  }
  return address.toString();
}

function lastTwoParts(address: ipaddr.IPv6): [number, number] {
  return [address.parts[6] ?? 0, address.parts[7] ?? 0];
}

function fromParts(high: number, low: number): ipaddr.IPv4 {
  return new ipaddr.IPv4([high >> 8, high & 0xff, low >> 8, low & 0xff]);
}
