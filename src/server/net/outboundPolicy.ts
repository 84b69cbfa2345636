import { lookup as dnsLookup } from 'node:dns/promises';
import { networkInterfaces } from 'node:os';
import { HttpError } from '../http/httpError';
import { type AddressClass, type IpAddress, alwaysRefusedClasses, canonicalAddress, classifyAddress, parseIpAddress } from './addressClass';
import { type HostListEntry, listHasAddress, listHasName, normaliseHostName } from './hostList';

/** Resolves a host name to all its addresses (dns.lookup with `all: true` by default; tests inject their own). */
export type HostLookup = (hostname: string) => Promise<Array<{ address: string }>>;

export interface OutboundPolicyOptions {
  /** CORDON_ALLOWED_HOSTS: names allowed whatever they resolve to, and ranges allowed, except always-refused classes. */
  allowedHosts: readonly HostListEntry[];
  /** CORDON_BLOCKED_HOSTS: names and ranges refused on top of the built-in rules. Wins over allowedHosts. */
  blockedHosts: readonly HostListEntry[];
  /** CORDON_BLOCK_PRIVATE_ADDRESSES: refuse private ranges (10/8, 172.16/12, 192.168/16, 100.64/10, fc00::/7) too. */
  blockPrivateAddresses: boolean;
  lookup?: HostLookup;
  /** The instance's own addresses; os.networkInterfaces() by default, read on every check (interfaces change). */
  ownAddresses?: () => Iterable<string>;
}

/** Why an address was refused; `own` is an address of one of this server's network interfaces. */
export type RefusalReason = AddressClass | 'own' | 'blocked';

export type AddressVerdict = { allowed: true } | { allowed: false; reason: RefusalReason };

export interface OutboundPolicy {
  /**
   * Checks a host (name or address in any form) and returns the address to connect to: the
   * first address it resolves to. Every address it resolves to must pass, so a name cannot
   * mix a public address with a refused one and win on a retry. The caller connects to the
   * returned address (never to the name again), so DNS cannot change the answer between check
   * and connect. Throws HttpError 400 `address_refused`, 400 `bad_request` for a host that is
   * no valid name, or 502 `datasource_unreachable` when the name does not resolve.
   */
  resolve(host: string, port: number): Promise<string>;
  /** The verdict on one address reached under `hostName` (for tests and for callers that resolved already). */
  check(address: IpAddress, hostName?: string): AddressVerdict;
}

/** Builds the outbound address policy that every datasource connection and REST request goes through. */
export function createOutboundPolicy(options: OutboundPolicyOptions): OutboundPolicy {
  const lookup = options.lookup ?? defaultLookup;
  const ownAddresses = options.ownAddresses ?? interfaceAddresses;

  function check(address: IpAddress, hostName?: string): AddressVerdict {
    const addressClass = classifyAddress(address);
    if (alwaysRefusedClasses.has(addressClass)) return { allowed: false, reason: addressClass };
    if (listHasName(options.blockedHosts, hostName) || listHasAddress(options.blockedHosts, address)) return { allowed: false, reason: 'blocked' };
    if (listHasName(options.allowedHosts, hostName) || listHasAddress(options.allowedHosts, address)) return { allowed: true };
    if (addressClass === 'loopback') return { allowed: false, reason: 'loopback' };
    const canonical = canonicalAddress(address);
    for (const own of ownAddresses()) {
      const ownAddress = parseIpAddress(own);
      if (ownAddress && canonicalAddress(ownAddress) === canonical) return { allowed: false, reason: 'own' };
    }
    if (addressClass === 'private' && options.blockPrivateAddresses) return { allowed: false, reason: 'private' };
    return { allowed: true };
  }

  async function resolve(host: string): Promise<string> {
    const trimmed = host.trim();
    // `127.0.0.1.` is a name to the URL parser but an address to getaddrinfo: an address either way.
    const literal = parseIpAddress(trimmed) ?? parseIpAddress(trimmed.replace(/\.$/, ''));
    if (literal) {
      const verdict = check(literal);
      if (!verdict.allowed) throw refusedError(verdict.reason, 'is');
      return canonicalAddress(literal);
    }
    const name = normaliseHostName(trimmed);
    if (name === undefined) {
      throw new HttpError(400, 'bad_request', trimmed.startsWith('/')
        ? 'The host must be a host name or an IP address; socket paths are not allowed.'
        : 'The host is not a valid host name or IP address.');
    }
    let resolved: Array<{ address: string }>;
    try {
      resolved = await lookup(name);
    } catch (error) {
      const code = (error as { code?: unknown }).code;
      throw new HttpError(502, 'datasource_unreachable', code === 'ENOTFOUND' || code === 'ENODATA' || code === 'EAI_AGAIN'
        ? 'Could not connect to the datasource: the host name was not found.'
        : 'Could not connect to the datasource: the host name could not be resolved.');
    }
    const addresses = resolved.map((entry) => parseIpAddress(entry.address)).filter((address) => address !== undefined);
    if (addresses.length === 0) throw new HttpError(502, 'datasource_unreachable', 'Could not connect to the datasource: the host name has no address.');
    for (const address of addresses) {
      const verdict = check(address, name);
      if (!verdict.allowed) throw refusedError(verdict.reason, 'resolves to');
    }
    return canonicalAddress(addresses[0]!);
  }

  return { resolve: (host) => resolve(host), check };
}

const reasonTexts: Record<RefusalReason, string> = {
  unspecified: 'an unspecified address (0.0.0.0/8 or ::), which is always refused',
  linkLocal: 'a link-local address (169.254.0.0/16 or fe80::/10, where cloud metadata services answer), which is always refused',
  metadata: 'a cloud metadata or instance-service address, which is always refused',
  multicast: 'a multicast address, which is always refused',
  broadcast: 'a broadcast address, which is always refused',
  reserved: 'a reserved address, which is always refused',
  loopback: 'a loopback address (127.0.0.0/8 or ::1). An administrator can allow it with CORDON_ALLOWED_HOSTS (a host name or a CIDR range)',
  own: "one of this Cordon server's own addresses. An administrator can allow it with CORDON_ALLOWED_HOSTS (a host name or a CIDR range)",
  private: 'a private address and CORDON_BLOCK_PRIVATE_ADDRESSES is on. An administrator can allow it with CORDON_ALLOWED_HOSTS (a host name or a CIDR range)',
  blocked: 'a host or address listed in CORDON_BLOCKED_HOSTS',
  public: 'a public address',
};

/**
 * 400 `address_refused`. The message names the class and what an administrator can do; it
 * never names the host or the address (a viewer may see it, and a redirect's target is the
 * remote server's business).
 */
export function refusedError(reason: RefusalReason, verb: 'is' | 'resolves to'): HttpError {
  return new HttpError(400, 'address_refused', `The outbound address policy refused the host: it ${verb} ${reasonTexts[reason]}.`);
}

async function defaultLookup(hostname: string): Promise<Array<{ address: string }>> {
  return dnsLookup(hostname, { all: true, verbatim: true });
}

function interfaceAddresses(): string[] {
  return Object.values(networkInterfaces()).flatMap((list) => (list ?? []).map((entry) => entry.address));
}
