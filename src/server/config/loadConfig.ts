import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';

/** The whole server configuration, read once from the environment at start. */
export interface ServerConfig {
  port: number;
  host: string;
  /** Absolute path; holds the SQLite file and the generated instance secrets. */
  dataDir: string;
  /** A PostgreSQL URL; when set, the store lives there instead of SQLite. */
  databaseUrl: string | undefined;
  encryptionPassword: string;
  encryptionSalt: string;
  /** True only when CORDON_DISABLE_IFRAME_WIDGET_SANDBOX is exactly `true`. */
  disableIframeWidgetSandbox: boolean;
  /** The public origin (no path), when Cordon runs behind a proxy. */
  publicUrl: URL | undefined;
  logLevel: LogLevel;
  /** Absolute path of the built SPA (`dist`). */
  distDir: string;
}

const logLevels = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
type LogLevel = (typeof logLevels)[number];

/** A configuration value that cannot be used; main.ts prints the message and exits. */
export class ConfigError extends Error {
  override name = 'ConfigError';
}

interface InstanceSecrets {
  encryptionPassword: string;
  encryptionSalt: string;
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

  try {
    mkdirSync(dataDir, { recursive: true });
  } catch (error) {
    throw new ConfigError(`DATA_DIR ${dataDir} cannot be created: ${(error as Error).message}`);
  }
  const secrets = resolveSecrets(dataDir, nonEmpty(env.CORDON_ENCRYPTION_PASSWORD), nonEmpty(env.CORDON_ENCRYPTION_SALT));

  return { port, host, dataDir, databaseUrl, ...secrets, disableIframeWidgetSandbox, publicUrl, logLevel, distDir };
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

function parseLogLevel(value: string | undefined): LogLevel {
  if (value === undefined) return 'info';
  const level = value.toLowerCase();
  if (!(logLevels as readonly string[]).includes(level)) {
    throw new ConfigError(`LOG_LEVEL must be one of ${logLevels.join(', ')}, got "${value}"`);
  }
  return level as LogLevel;
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
 * datasource secrets stay readable across restarts.
 */
function resolveSecrets(dataDir: string, password: string | undefined, salt: string | undefined): InstanceSecrets {
  if (password !== undefined && salt !== undefined) return { encryptionPassword: password, encryptionSalt: salt };
  const file = path.join(dataDir, 'instance-secrets.json');
  let stored: InstanceSecrets;
  if (existsSync(file)) {
    stored = readSecretsFile(file);
  } else {
    stored = { encryptionPassword: randomBytes(32).toString('base64url'), encryptionSalt: randomBytes(16).toString('base64url') };
    // 'wx' fails when another process created the file first; then its secrets win.
    try {
      writeFileSync(file, JSON.stringify(stored, null, 2) + '\n', { mode: 0o600, flag: 'wx' });
      chmodSync(file, 0o600);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') {
        throw new ConfigError(`cannot write ${file}: ${(error as Error).message}`);
      }
      stored = readSecretsFile(file);
    }
  }
  return { encryptionPassword: password ?? stored.encryptionPassword, encryptionSalt: salt ?? stored.encryptionSalt };
}

function readSecretsFile(file: string): InstanceSecrets {
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new ConfigError(`${file} is not readable JSON (${(error as Error).message}); restore it from a backup`);
  }
  const record = parsed as Partial<InstanceSecrets> | null;
  if (!record || typeof record.encryptionPassword !== 'string' || typeof record.encryptionSalt !== 'string'
    || record.encryptionPassword === '' || record.encryptionSalt === '') {
    throw new ConfigError(`${file} must hold encryptionPassword and encryptionSalt; restore it from a backup`);
  }
  return { encryptionPassword: record.encryptionPassword, encryptionSalt: record.encryptionSalt };
}
