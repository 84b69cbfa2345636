import { lookup } from 'node:dns/promises';
import { isIP } from 'node:net';

/**
 * Resolves a datasource host to the address to connect to.
 * TEMPORARY (issue 4 in progress): no address policy yet; the outbound policy replaces this.
 */
export async function resolveOutbound(host: string): Promise<string> {
  if (isIP(host)) return host;
  const { address } = await lookup(host);
  return address;
}
