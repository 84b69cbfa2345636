import { describe, expect, it } from 'vitest';
import { HttpError } from '../http/httpError';
import { parseHostList } from './hostList';
import { type HostLookup, type OutboundPolicyOptions, createOutboundPolicy } from './outboundPolicy';

/** Names the test resolver knows, as a DNS server under someone else's control would answer them. */
const zone: Record<string, string[]> = {
  'localhost': ['127.0.0.1', '::1'],
  'api.example.com': ['93.184.216.34'],
  'intranet.example.com': ['10.0.0.1'],
  'cgnat.example.com': ['100.64.1.2'],
  'metadata.example.com': ['169.254.169.254'],
  'metadata.google.internal': ['169.254.169.254'],
  'alibaba-meta.example.com': ['100.100.100.200'],
  'mixed.example.com': ['93.184.216.34', '169.254.169.254'],
  'mixed-loopback.example.com': ['93.184.216.34', '127.0.0.1'],
  'v6-loopback.example.com': ['::1'],
  'mapped-meta.example.com': ['::ffff:169.254.169.254'],
  'aws-v6.example.com': ['fd00:ec2::254'],
  'own.example.com': ['203.0.113.7'],
  'db.internal': ['127.0.0.1'],
  'zero.example.com': ['0.0.0.0'],
};

const lookup: HostLookup = async (hostname) => {
  const addresses = zone[hostname];
  if (!addresses) throw Object.assign(new Error(`getaddrinfo ENOTFOUND ${hostname}`), { code: 'ENOTFOUND' });
  return addresses.map((address) => ({ address }));
};

function policyWith(options: { allowed?: string; blocked?: string; blockPrivate?: boolean } = {}) {
  const settings: OutboundPolicyOptions = {
    allowedHosts: parseHostList(options.allowed),
    blockedHosts: parseHostList(options.blocked),
    blockPrivateAddresses: options.blockPrivate ?? false,
    lookup,
    // The instance's own interfaces: loopback, a private and a public address.
    ownAddresses: () => ['127.0.0.1', '::1', '172.17.0.2', '203.0.113.7', 'fe80::42:acff:fe11:2%eth0'],
  };
  return createOutboundPolicy(settings);
}

async function outcome(policy: ReturnType<typeof policyWith>, host: string): Promise<string> {
  try {
    return `ok ${await policy.resolve(host, 80)}`;
  } catch (error) {
    if (error instanceof HttpError) return `${error.code} ${error.message}`;
    throw error;
  }
}

type Case = [host: string, expected: RegExp];

const refusedAlways = /^address_refused .*always refused/;
const refusedLoopback = /^address_refused .*loopback.*CORDON_ALLOWED_HOSTS/;

/** The default policy: no allow list, no block list, private ranges allowed. */
const defaultCorpus: Case[] = [
  // Loopback, in every spelling getaddrinfo accepts.
  ['127.0.0.1', refusedLoopback],
  ['127.0.0.2', refusedLoopback],
  ['127.255.255.254', refusedLoopback],
  ['2130706433', refusedLoopback],                 // decimal
  ['0177.0.0.1', refusedLoopback],                 // octal
  ['0177.0000.0000.0001', refusedLoopback],
  ['0x7f.0x0.0x0.0x1', refusedLoopback],           // hex per part
  ['0x7f000001', refusedLoopback],                 // hex whole
  ['0x7f.1', refusedLoopback],                     // hex short
  ['017700000001', refusedLoopback],               // octal whole
  ['127.1', refusedLoopback],                      // short form
  ['127.0.1', refusedLoopback],
  ['127.000.000.001', refusedLoopback],
  ['127.0.0.1.', refusedLoopback],                 // trailing dot
  [' 127.0.0.1 ', refusedLoopback],
  ['::1', refusedLoopback],
  ['[::1]', refusedLoopback],
  ['0:0:0:0:0:0:0:1', refusedLoopback],
  ['::ffff:127.0.0.1', refusedLoopback],           // IPv4-mapped
  ['::ffff:7f00:1', refusedLoopback],
  ['[::ffff:127.0.0.1]', refusedLoopback],
  ['::127.0.0.1', refusedLoopback],                // IPv4-compatible
  ['::ffff:0:127.0.0.1', refusedLoopback],         // SIIT
  ['64:ff9b::127.0.0.1', refusedLoopback],         // NAT64
  ['2002:7f00:1::', refusedLoopback],              // 6to4
  ['localhost', refusedLoopback],
  ['LOCALHOST', refusedLoopback],
  ['localhost.', refusedLoopback],
  ['LocalHost.', refusedLoopback],
  ['v6-loopback.example.com', refusedLoopback],
  ['mixed-loopback.example.com', refusedLoopback], // one bad address refuses the name
  ['db.internal', refusedLoopback],
  // Link-local and cloud metadata: always refused.
  ['169.254.169.254', refusedAlways],
  ['169.254.0.1', refusedAlways],
  ['2852039166', refusedAlways],                   // 169.254.169.254 in decimal
  ['0xa9.0xfe.0xa9.0xfe', refusedAlways],
  ['0251.0376.0251.0376', refusedAlways],          // octal
  ['169.254.43518', refusedAlways],                // short form
  ['::ffff:169.254.169.254', refusedAlways],
  ['::ffff:a9fe:a9fe', refusedAlways],
  ['64:ff9b::a9fe:a9fe', refusedAlways],
  ['2002:a9fe:a9fe::1', refusedAlways],
  ['fe80::1', refusedAlways],
  ['fe80::1%eth0', refusedAlways],
  ['[fe80::a:b]', refusedAlways],
  ['fd00:ec2::254', refusedAlways],
  ['100.100.100.200', refusedAlways],
  ['192.0.0.192', refusedAlways],
  ['168.63.129.16', refusedAlways],
  ['metadata.google.internal', refusedAlways],
  ['metadata.example.com', refusedAlways],
  ['alibaba-meta.example.com', refusedAlways],
  ['mixed.example.com', refusedAlways],
  ['mapped-meta.example.com', refusedAlways],
  ['aws-v6.example.com', refusedAlways],
  // Unspecified, multicast, broadcast, reserved, Teredo: always refused.
  ['0.0.0.0', refusedAlways],
  ['0', refusedAlways],
  ['0.1.2.3', refusedAlways],
  ['::', refusedAlways],
  ['zero.example.com', refusedAlways],
  ['224.0.0.1', refusedAlways],
  ['ff02::1', refusedAlways],
  ['255.255.255.255', refusedAlways],
  ['240.0.0.1', refusedAlways],
  ['2001:0:4136:e378:8000:63bf:3fff:fdd2', refusedAlways],
  // The instance's own addresses.
  ['172.17.0.2', /^address_refused .*own addresses.*CORDON_ALLOWED_HOSTS/],
  ['203.0.113.7', /^address_refused .*own addresses/],
  ['own.example.com', /^address_refused .*own addresses/],
  ['::ffff:172.17.0.2', /^address_refused .*own addresses/],
  // Private ranges and public addresses: allowed by default.
  ['10.0.0.1', /^ok 10\.0\.0\.1$/],
  ['012.0.0.1', /^ok 10\.0\.0\.1$/],               // octal 012 = 10
  ['172.16.5.4', /^ok 172\.16\.5\.4$/],
  ['192.168.1.1', /^ok 192\.168\.1\.1$/],
  ['100.64.0.1', /^ok 100\.64\.0\.1$/],
  ['fd12:3456::1', /^ok fd12:3456::1$/],
  ['intranet.example.com', /^ok 10\.0\.0\.1$/],
  ['93.184.216.34', /^ok 93\.184\.216\.34$/],
  ['::ffff:93.184.216.34', /^ok 93\.184\.216\.34$/], // connects to the IPv4 address it stands for
  ['2606:2800:220:1:248:1893:25c8:1946', /^ok 2606:2800:220:1:248:1893:25c8:1946$/],
  ['api.example.com', /^ok 93\.184\.216\.34$/],
  ['API.Example.COM.', /^ok 93\.184\.216\.34$/],
  // Not a host at all.
  ['/var/run/postgresql', /^bad_request .*socket paths/],
  ['evil.com#@127.0.0.1', /^bad_request /],
  ['a b.example.com', /^bad_request /],
  ['x%2e.example.com', /^bad_request /],
  ['user@127.0.0.1', /^bad_request /],
  ['nowhere.example.com', /^datasource_unreachable .*not found/],
];

describe('outbound address policy: default settings', () => {
  it('has a corpus of at least 40 cases', () => {
    expect(defaultCorpus.length).toBeGreaterThanOrEqual(40);
  });

  it.each(defaultCorpus)('%s', async (host, expected) => {
    expect(await outcome(policyWith(), host)).toMatch(expected);
  });

  it('never names the host or the address in a refusal', async () => {
    for (const host of ['127.0.0.1', 'metadata.example.com', 'own.example.com', '0x7f.1']) {
      const message = await outcome(policyWith(), host);
      expect(message).not.toContain(host);
      expect(message).not.toMatch(/127\.0\.0\.1|169\.254\.169\.254|203\.0\.113\.7/);
    }
  });
});

describe('outbound address policy: administrator settings', () => {
  const cases: Array<[settings: Parameters<typeof policyWith>[0], host: string, expected: RegExp]> = [
    // Allow list by address or range.
    [{ allowed: '127.0.0.1' }, '127.0.0.1', /^ok 127\.0\.0\.1$/],
    [{ allowed: '127.0.0.1' }, '0x7f.1', /^ok 127\.0\.0\.1$/],
    [{ allowed: '127.0.0.1' }, '::ffff:127.0.0.1', /^ok 127\.0\.0\.1$/],
    [{ allowed: '127.0.0.1' }, '127.0.0.2', refusedLoopback],
    [{ allowed: '127.0.0.1' }, '::1', refusedLoopback],
    [{ allowed: '127.0.0.0/8' }, '127.9.9.9', /^ok 127\.9\.9\.9$/],
    [{ allowed: '::1' }, '[::1]', /^ok ::1$/],
    [{ allowed: '[::1]' }, '::1', /^ok ::1$/],
    [{ allowed: '127.0.0.1' }, 'localhost', refusedLoopback], // localhost also resolves to ::1
    [{ allowed: '127.0.0.1,::1' }, 'localhost', /^ok 127\.0\.0\.1$/],
    [{ allowed: '172.17.0.0/16' }, '172.17.0.2', /^ok 172\.17\.0\.2$/],
    // Allow list by name: exact, case-insensitive, trailing dot ignored; whatever it resolves to...
    [{ allowed: 'db.internal' }, 'db.internal', /^ok 127\.0\.0\.1$/],
    [{ allowed: 'DB.Internal.' }, 'db.internal.', /^ok 127\.0\.0\.1$/],
    [{ allowed: 'db.internal' }, 'other.db.internal', /^datasource_unreachable /],
    [{ allowed: 'db.internal' }, '127.0.0.1', refusedLoopback],
    [{ allowed: 'localhost' }, 'LOCALHOST', /^ok 127\.0\.0\.1$/],
    [{ allowed: 'own.example.com' }, 'own.example.com', /^ok 203\.0\.113\.7$/],
    // ...except the always-refused classes, which nothing allows.
    [{ allowed: 'metadata.example.com' }, 'metadata.example.com', refusedAlways],
    [{ allowed: '169.254.0.0/16' }, '169.254.169.254', refusedAlways],
    [{ allowed: '0.0.0.0/0,::/0' }, 'fd00:ec2::254', refusedAlways],
    [{ allowed: '0.0.0.0/0' }, '0.0.0.0', refusedAlways],
    // Blocking private ranges; the allow list still opens a hole in them.
    [{ blockPrivate: true }, '10.0.0.1', /^address_refused .*private address.*CORDON_BLOCK_PRIVATE_ADDRESSES/],
    [{ blockPrivate: true }, 'intranet.example.com', /^address_refused .*private/],
    [{ blockPrivate: true }, '100.64.0.1', /^address_refused .*private/],
    [{ blockPrivate: true }, 'fd12::1', /^address_refused .*private/],
    [{ blockPrivate: true }, '::ffff:192.168.0.1', /^address_refused .*private/],
    [{ blockPrivate: true }, '64:ff9b::a00:1', /^address_refused .*private/],
    [{ blockPrivate: true }, '93.184.216.34', /^ok /],
    [{ blockPrivate: true, allowed: '10.0.0.0/24' }, '10.0.0.1', /^ok 10\.0\.0\.1$/],
    [{ blockPrivate: true, allowed: 'intranet.example.com' }, 'intranet.example.com', /^ok 10\.0\.0\.1$/],
    // Block list: names and ranges, and it wins over the allow list.
    [{ blocked: 'api.example.com' }, 'api.example.com', /^address_refused .*CORDON_BLOCKED_HOSTS/],
    [{ blocked: 'api.example.com' }, 'API.EXAMPLE.COM.', /^address_refused .*CORDON_BLOCKED_HOSTS/],
    [{ blocked: '93.184.216.0/24' }, 'api.example.com', /^address_refused .*CORDON_BLOCKED_HOSTS/],
    [{ blocked: '93.184.216.0/24' }, '::ffff:93.184.216.34', /^address_refused .*CORDON_BLOCKED_HOSTS/],
    [{ blocked: '10.0.0.1', allowed: '10.0.0.0/8' }, '10.0.0.1', /^address_refused .*CORDON_BLOCKED_HOSTS/],
    [{ blocked: 'db.internal', allowed: 'db.internal' }, 'db.internal', /^address_refused .*CORDON_BLOCKED_HOSTS/],
  ];

  it.each(cases)('%j: %s', async (settings, host, expected) => {
    expect(await outcome(policyWith(settings), host)).toMatch(expected);
  });
});

describe('host lists', () => {
  it('parses names, addresses and ranges, and refuses anything else', () => {
    expect(parseHostList(' db.internal , 10.0.0.0/8,::1, [fd00::]/8 ,').map((entry) => entry.kind)).toEqual(['name', 'range', 'range', 'range']);
    expect(parseHostList(undefined)).toEqual([]);
    expect(() => parseHostList('10.0.0.0/33')).toThrow(/not a valid CIDR/);
    expect(() => parseHostList('http://x.example.com')).toThrow(/not a valid CIDR/);
    expect(() => parseHostList('evil.com#@127.0.0.1')).toThrow(/neither a host name/);
    expect(() => parseHostList('a b')).toThrow(/neither a host name/);
  });
});

describe('outbound address policy: the real resolver and interfaces', () => {
  it('refuses loopback names and the machine\'s own addresses with the default settings', async () => {
    const policy = createOutboundPolicy({ allowedHosts: [], blockedHosts: [], blockPrivateAddresses: false });
    await expect(policy.resolve('localhost', 5432)).rejects.toMatchObject({ code: 'address_refused' });
    await expect(policy.resolve('127.0.0.1', 5432)).rejects.toMatchObject({ code: 'address_refused' });
    await expect(policy.resolve('2130706433', 5432)).rejects.toMatchObject({ code: 'address_refused' });
  });
});
