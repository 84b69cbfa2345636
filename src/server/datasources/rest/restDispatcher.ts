import { isIP } from 'node:net';
import { Agent, buildConnector } from 'undici';

/** Checks a host against the outbound address policy and returns the address to connect to. */
export type ResolveOutbound = (host: string, port: number) => Promise<string>;

/**
 * The undici dispatcher of REST requests. Every new connection first goes through the outbound
 * address policy, and the socket is opened to the very address the policy checked (the name is
 * kept for TLS: SNI and certificate checks use it). So a name cannot resolve to a public address
 * for the check and to a private one for the connection, and every redirect hop to a new origin
 * is checked the same way. Connections are kept alive per origin.
 */
export function createRestDispatcher(resolveOutbound: ResolveOutbound, options: { connectTimeoutMs?: number; ca?: string } = {}): Agent {
  const connectTo = buildConnector({ timeout: options.connectTimeoutMs ?? 10_000, ...(options.ca === undefined ? {} : { ca: options.ca }) });
  const connect: buildConnector.connector = (target, callback) => {
    const port = Number(target.port) || (target.protocol === 'https:' ? 443 : 80);
    const hostname = target.hostname.replace(/^\[(.*)\]$/, '$1');
    resolveOutbound(hostname, port).then(
      (address) => connectTo({ ...target, hostname: address, servername: target.servername || (isIP(hostname) ? undefined : hostname) }, callback),
      (error: Error) => callback(error, null),
    );
  };
  // Our own AbortSignal ends each request at the query's time limit; undici's timers only back it up.
  return new Agent({ connect, headersTimeout: 610_000, bodyTimeout: 610_000, keepAliveTimeout: 4_000 });
}
