import ipaddr from 'ipaddr.js';
import { existsSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { type HostListEntry, HostListError, parseHostList } from '../net/hostList';
import {
  type EncryptionSecret, type InstanceSecrets, createInstanceSecretsOnce, instanceSecretsPath, readInstanceSecrets,
} from '../crypto/instanceSecretsFile';

/** The whole server configuration, read once from the environment at start. */
export interface ServerConfig {
  port: number;
  host: string;
  /** Absolute path; holds the SQLite file and the generated instance secrets. */
  dataDir: string;
  /** A PostgreSQL URL; when set, the store lives there instead of SQLite. */
  databaseUrl: string | undefined;
  /** The current encryption key's password and salt: new secrets are encrypted with the key derived from them. */
  encryptionPassword: string;
  encryptionSalt: string;
  /**
   * Older keys' passwords and salts, only for opening envelopes that a key rotation has not
   * re-encrypted yet (instance-secrets.json `previous`, CORDON_PREVIOUS_ENCRYPTION_PASSWORD/SALT).
   * Absent when there are none.
   */
  previousEncryptionSecrets?: EncryptionSecret[];
  /** True only when CORDON_DISABLE_IFRAME_WIDGET_SANDBOX is exactly `true`. */
  disableIframeWidgetSandbox: boolean;
  /** The public origin (no path), when Cordon runs behind a proxy. */
  publicUrl: URL | undefined;
  logLevel: LogLevel;
  /** Absolute path of the built SPA (`dist`). */
  distDir: string;
  /**
   * The outbound address policy (src/server/net/outboundPolicy.ts): CORDON_ALLOWED_HOSTS,
   * CORDON_BLOCKED_HOSTS (names, addresses, CIDR ranges) and CORDON_BLOCK_PRIVATE_ADDRESSES.
   */
  outbound: OutboundConfig;
  /** False only when CORDON_RATE_LIMITS is `off` (local load tests, e2e): sign-in and sign-up are then unlimited. */
  rateLimits: boolean;
  /**
   * The reverse proxies whose `X-Forwarded-For` is believed (CORDON_TRUST_PROXY): addresses and
   * CIDR ranges, or a number of hops. Undefined (the default): none, the client address is the
   * socket's. Rate limits and session addresses depend on it behind a proxy.
   */
  trustProxy: string[] | number | undefined;
  /**
   * Outgoing email (CORDON_SMTP_URL, e.g. smtp://user:pass@mail.example.com:587 or smtps://…;
   * CORDON_SMTP_FROM, the sender). Undefined: mail stays in the outbox that instance
   * administrators read in the UI. The URL may hold a password: it is never logged or echoed.
   */
  smtp: { url: string; from: string } | undefined;
  /**
   * SMS (CORDON_SMS_WEBHOOK_URL): each SMS is POSTed there as JSON { to, body }. Undefined: SMS
   * stay in the outbox.
   */
  smsWebhookUrl: URL | undefined;
  /**
   * How long (ms) the execute route may reuse an access check (session, membership, published
   * action, datasource) while no write to the store was committed (CORDON_ACCESS_CACHE_MS,
   * default 1000; 0 = check the store on every request). Any committed write empties the cache
   * at once, on every instance (docs/performance.md); this bounds writes no instance announced.
   */
  accessCacheMs: number;
}

export interface OutboundConfig {
  allowedHosts: HostListEntry[];
  blockedHosts: HostListEntry[];
  blockPrivateAddresses: boolean;
}

const logLevels = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
type LogLevel = (typeof logLevels)[number];

/** A configuration value that cannot be used; main.ts prints the message and exits. */
export class ConfigError extends Error {
  override name = 'ConfigError';
}

/**
 * Reads the configuration from `env` (defaults in README.md). Throws ConfigError with a message
 * naming the variable when a value is unusable, so a bad deployment fails at start, not later.
 * Creates DATA_DIR, and the instance secrets file in it when the secrets are not given.
 */
export function loadConfig(env: NodeJS.ProcessEnv = process.env, cwd: string = process.cwd()): ServerConfig {
  const port = parsePort(env.PORT);
  const host = nonEmpty(env.HOST) ?? '0.0.0.0';
  const dataDir = path.resolve(cwd, nonEmpty(env.DATA_DIR) ?? './data');
  const databaseUrl = parseDatabaseUrl(nonEmpty(env.DATABASE_URL));
  const publicUrl = parsePublicUrl(nonEmpty(env.CORDON_PUBLIC_URL));
  const logLevel = parseLogLevel(nonEmpty(env.LOG_LEVEL));
  const disableIframeWidgetSandbox = parseBooleanFlag('CORDON_DISABLE_IFRAME_WIDGET_SANDBOX', nonEmpty(env.CORDON_DISABLE_IFRAME_WIDGET_SANDBOX));
  const distDir = path.resolve(cwd, nonEmpty(env.CORDON_DIST_DIR) ?? 'dist');
  const outbound = parseOutboundConfig(env);
  const rateLimits = parseRateLimits(nonEmpty(env.CORDON_RATE_LIMITS));
  const trustProxy = parseTrustProxy(nonEmpty(env.CORDON_TRUST_PROXY));
  const smtp = parseSmtp(nonEmpty(env.CORDON_SMTP_URL), nonEmpty(env.CORDON_SMTP_FROM), publicUrl);
  const smsWebhookUrl = parseSmsWebhookUrl(nonEmpty(env.CORDON_SMS_WEBHOOK_URL));
  const accessCacheMs = parseAccessCacheMs(nonEmpty(env.CORDON_ACCESS_CACHE_MS));

  try {
    mkdirSync(dataDir, { recursive: true });
  } catch (error) {
    throw new ConfigError(`DATA_DIR ${dataDir} cannot be created: ${(error as Error).message}`);
  }
  const secrets = resolveSecrets(dataDir, env);

  return { port, host, dataDir, databaseUrl, ...secrets, disableIframeWidgetSandbox, publicUrl, logLevel, distDir, outbound, rateLimits, trustProxy, smtp, smsWebhookUrl, accessCacheMs };
}

function nonEmpty(value: string | undefined): string | undefined {
  const trimmed = value?.trim();
  return trimmed ? trimmed : undefined;
}

function parsePort(value: string | undefined): number {
  if (value === undefined || value.trim() === '') return 3000;
  const port = Number(value);
  if (!/^\d+$/.test(value.trim()) || port < 0 || port > 65535) {
    throw new ConfigError(`PORT must be a whole number from 0 to 65535, got "${value}"`);
  }
  return port;
}

function parseDatabaseUrl(value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new ConfigError('DATABASE_URL must be a URL such as postgres://user:password@host:5432/cordon');
  }
  if (url.protocol !== 'postgres:' && url.protocol !== 'postgresql:') {
    // The URL itself is not echoed: it may carry a password.
    throw new ConfigError(`DATABASE_URL must start with postgres:// or postgresql://, got ${url.protocol}//`);
  }
  return value;
}

function parsePublicUrl(value: string | undefined): URL | undefined {
  if (value === undefined) return undefined;
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new ConfigError(`CORDON_PUBLIC_URL must be an absolute URL such as https://cordon.example.com, got "${value}"`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new ConfigError(`CORDON_PUBLIC_URL must be an http:// or https:// URL, got "${value}"`);
  }
  return url;
}

function parseSmtp(value: string | undefined, from: string | undefined, publicUrl: URL | undefined): ServerConfig['smtp'] {
  if (value === undefined) return undefined;
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    // Not echoed: the URL may carry the mail server's password.
    throw new ConfigError('CORDON_SMTP_URL must be a URL such as smtp://user:password@mail.example.com:587');
  }
  if (url.protocol !== 'smtp:' && url.protocol !== 'smtps:') {
    throw new ConfigError(`CORDON_SMTP_URL must start with smtp:// or smtps://, got ${url.protocol}//`);
  }
  return { url: value, from: from ?? `Cordon <no-reply@${publicUrl?.hostname ?? 'localhost'}>` };
}

function parseSmsWebhookUrl(value: string | undefined): URL | undefined {
  if (value === undefined) return undefined;
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new ConfigError('CORDON_SMS_WEBHOOK_URL must be an http:// or https:// URL');
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new ConfigError(`CORDON_SMS_WEBHOOK_URL must be an http:// or https:// URL, got ${url.protocol}//`);
  }
  return url;
}

function parseAccessCacheMs(value: string | undefined): number {
  if (value === undefined) return 1000;
  if (!/^\d+$/.test(value) || Number(value) > 60_000) {
    throw new ConfigError(`CORDON_ACCESS_CACHE_MS must be a whole number of milliseconds from 0 (off) to 60000, got "${value}"`);
  }
  return Number(value);
}

function parseLogLevel(value: string | undefined): LogLevel {
  if (value === undefined) return 'info';
  const level = value.toLowerCase();
  if (!(logLevels as readonly string[]).includes(level)) {
    throw new ConfigError(`LOG_LEVEL must be one of ${logLevels.join(', ')}, got "${value}"`);
  }
  return level as LogLevel;
}

/** The outbound address policy's settings; a list entry that is no name, address or CIDR stops the start. */
function parseOutboundConfig(env: NodeJS.ProcessEnv): OutboundConfig {
  const list = (name: 'CORDON_ALLOWED_HOSTS' | 'CORDON_BLOCKED_HOSTS'): HostListEntry[] => {
    try {
      return parseHostList(nonEmpty(env[name]));
    } catch (error) {
      if (error instanceof HostListError) throw new ConfigError(`${name}: ${error.message}`);
      throw error;
    }
  };
  return {
    allowedHosts: list('CORDON_ALLOWED_HOSTS'),
    blockedHosts: list('CORDON_BLOCKED_HOSTS'),
    blockPrivateAddresses: parseBooleanFlag('CORDON_BLOCK_PRIVATE_ADDRESSES', nonEmpty(env.CORDON_BLOCK_PRIVATE_ADDRESSES)),
  };
}

/** Rate limits are on unless CORDON_RATE_LIMITS is exactly `off`; a near miss stops the start. */
function parseRateLimits(value: string | undefined): boolean {
  if (value === undefined || value === 'on') return true;
  if (value === 'off') return false;
  throw new ConfigError(`CORDON_RATE_LIMITS must be on or off, got "${value}"`);
}

function parseBooleanFlag(name: string, value: string | undefined): boolean {
  if (value === undefined) return false;
  // Exactly `true` disables; a near miss (`TRUE`, `1`, `yes`) stops the start instead of guessing.
  if (value === 'true') return true;
  if (value === 'false') return false;
  throw new ConfigError(`${name} must be true or false, got "${value}"`);
}

/**
 * The encryption password and salt. Given ones win; otherwise they are generated once into
 * DATA_DIR/instance-secrets.json (mode 0600) and reused on every later start, so stored
 * datasource secrets stay readable across restarts. Previous keys (a key rotation under way,
 * see `npm run cordon -- rotate-key`) come from the file's `previous` list and from
 * CORDON_PREVIOUS_ENCRYPTION_PASSWORD (its salt defaults to the current salt).
 */
function resolveSecrets(dataDir: string, env: NodeJS.ProcessEnv): EncryptionSecret & { previousEncryptionSecrets?: EncryptionSecret[] } {
  const password = nonEmpty(env.CORDON_ENCRYPTION_PASSWORD);
  const salt = nonEmpty(env.CORDON_ENCRYPTION_SALT);
  let current: EncryptionSecret;
  const previous: EncryptionSecret[] = [];
  if (password !== undefined && salt !== undefined) {
    current = { encryptionPassword: password, encryptionSalt: salt };
  } else {
    const file = instanceSecretsPath(dataDir);
    let stored: InstanceSecrets;
    try {
      stored = existsSync(file) ? readInstanceSecrets(file) : createInstanceSecretsOnce(file);
    } catch (error) {
      throw new ConfigError((error as Error).message);
    }
    current = { encryptionPassword: password ?? stored.current.encryptionPassword, encryptionSalt: salt ?? stored.current.encryptionSalt };
    previous.push(...stored.previous);
  }
  const previousPassword = nonEmpty(env.CORDON_PREVIOUS_ENCRYPTION_PASSWORD);
  const previousSalt = nonEmpty(env.CORDON_PREVIOUS_ENCRYPTION_SALT);
  if (previousSalt !== undefined && previousPassword === undefined) {
    throw new ConfigError('CORDON_PREVIOUS_ENCRYPTION_SALT is set without CORDON_PREVIOUS_ENCRYPTION_PASSWORD');
  }
  if (previousPassword !== undefined) previous.push({ encryptionPassword: previousPassword, encryptionSalt: previousSalt ?? current.encryptionSalt });
  return previous.length > 0 ? { ...current, previousEncryptionSecrets: previous } : current;
}

/**
 * CORDON_TRUST_PROXY: a number of proxy hops (1 to 10), or addresses and CIDR ranges separated
 * by commas. Not `true`: believing every sender's X-Forwarded-For would let any client choose
 * the address its rate limits are counted by.
 */
function parseTrustProxy(value: string | undefined): string[] | number | undefined {
  if (value === undefined) return undefined;
  if (/^\d+$/.test(value)) {
    const hops = Number(value);
    if (hops >= 1 && hops <= 10) return hops;
    throw new ConfigError(`CORDON_TRUST_PROXY as a number of proxy hops must be 1 to 10, got ${value}`);
  }
  const entries = value.split(',').map((entry) => entry.trim()).filter((entry) => entry !== '');
  for (const entry of entries) {
    const ok = entry.includes('/') ? ipaddr.isValidCIDR(entry) : ipaddr.isValid(entry);
    if (!ok) throw new ConfigError(`CORDON_TRUST_PROXY must list proxy addresses or CIDR ranges (e.g. 10.0.0.5,172.16.0.0/12) or a number of hops, got "${entry}"`);
  }
  return entries;
}
