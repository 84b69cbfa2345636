import ipaddr from 'ipaddr.js';
import { domainToASCII } from 'node:url';
import { type IpAddress, embeddedIpv4, parseIpAddress } from './addressClass';

/** One entry of CORDON_ALLOWED_HOSTS or CORDON_BLOCKED_HOSTS: an exact host name, or an address range. */
export type HostListEntry =
  | { kind: 'name'; name: string }
  | { kind: 'range'; range: [IpAddress, number] };

/** A host list that cannot be used; loadConfig turns it into a ConfigError naming the variable. */
export class HostListError extends Error {
  override name = 'HostListError';
}

/**
 * Parses a comma-separated host list: host names (matched exactly, case-insensitively, a trailing
 * dot ignored), IP addresses (any form, IPv6 with or without brackets) and CIDR ranges
 * (`10.0.0.0/8`, `fd00::/8`). Throws HostListError on an entry that is none of these.
 */
export function parseHostList(text: string | undefined): HostListEntry[] {
  if (text === undefined) return [];
  return text.split(',').map((part) => part.trim()).filter((part) => part !== '').map(parseEntry);
}

function parseEntry(entry: string): HostListEntry {
  if (entry.includes('/')) {
    const bare = entry.replace(/^\[([^\]]+)\](\/\d+)$/, '$1$2');
    if (!ipaddr.isValidCIDR(bare)) throw new HostListError(`"${entry}" is not a valid CIDR range (e.g. 10.0.0.0/8 or fd00::/8)`);
    return { kind: 'range', range: ipaddr.parseCIDR(bare) };
  }
  const address = parseIpAddress(entry);
  if (address) return { kind: 'range', range: [address, address.kind() === 'ipv4' ? 32 : 128] };
  const name = normaliseHostName(entry);
  if (name === undefined) throw new HostListError(`"${entry}" is neither a host name, an IP address nor a CIDR range`);
  return { kind: 'name', name };
}

const labelPattern = /^[a-z0-9_](?:[a-z0-9_-]{0,61}[a-z0-9_])?$/;

/**
 * A host name in the form the policy compares: ASCII (IDNA), lower case, no trailing dot.
 * Undefined when it is not a syntactically valid DNS name (a path, spaces, `%`, `@`, ...).
 */
export function normaliseHostName(host: string): string | undefined {
  const trimmed = host.trim();
  // domainToASCII parses its input as a URL host and drops what follows a `#`, `/`, `?` or `@`:
  // only letters, digits, dots, hyphens and underscores may reach it.
  if (!/^[\p{L}\p{N}\p{M}._-]+$/u.test(trimmed)) return undefined;
  const ascii = domainToASCII(trimmed);
  const name = ascii.endsWith('.') ? ascii.slice(0, -1) : ascii;
  if (name === '' || name.length > 253) return undefined;
  return name.split('.').every((label) => labelPattern.test(label)) ? name : undefined;
}

/** True when a list entry names this host (already normalised). */
export function listHasName(list: readonly HostListEntry[], name: string | undefined): boolean {
  return name !== undefined && list.some((entry) => entry.kind === 'name' && entry.name === name);
}

/**
 * True when a list range holds the address. IPv6 forms that carry an IPv4 address are compared
 * in both forms, so `127.0.0.1` in a list also covers `::ffff:127.0.0.1` and `10.0.0.0/8` covers
 * `64:ff9b::a00:1`.
 */
export function listHasAddress(list: readonly HostListEntry[], address: IpAddress): boolean {
  const forms: IpAddress[] = [address];
  if (address.kind() === 'ipv6') {
    const embedded = embeddedIpv4(address as ipaddr.IPv6);
    if (embedded) forms.push(embedded.ipv4);
  }
  return list.some((entry) => entry.kind === 'range'
    && forms.some((form) => form.kind() === entry.range[0].kind() && form.match(entry.range)));
}
