import { randomBytes } from 'node:crypto';
import { chmodSync, closeSync, fsyncSync, openSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';

/** A password and salt that a key is derived from. */
export interface EncryptionSecret {
  encryptionPassword: string;
  encryptionSalt: string;
}

/**
 * The contents of DATA_DIR/instance-secrets.json: the current key's secret, and while a key
 * rotation is under way the previous ones (still needed to open envelopes not yet re-encrypted).
 * On disk: `{ encryptionPassword, encryptionSalt, previous?: [{ encryptionPassword, encryptionSalt }] }`.
 */
export interface InstanceSecrets {
  current: EncryptionSecret;
  previous: EncryptionSecret[];
}

export const instanceSecretsFileName = 'instance-secrets.json';

/** The file cannot be read, parsed or written. The message names the file, never a secret. */
export class InstanceSecretsError extends Error {
  override name = 'InstanceSecretsError';
}

export function instanceSecretsPath(dataDir: string): string {
  return path.join(dataDir, instanceSecretsFileName);
}

/** A new random password and salt. */
export function generateEncryptionSecret(): EncryptionSecret {
  return { encryptionPassword: randomBytes(32).toString('base64url'), encryptionSalt: randomBytes(16).toString('base64url') };
}

export function readInstanceSecrets(file: string): InstanceSecrets {
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new InstanceSecretsError(`${file} is not readable JSON (${(error as Error).message}); restore it from a backup`);
  }
  const record = parsed as (Partial<EncryptionSecret> & { previous?: unknown }) | null;
  const current = asSecret(record);
  const previous = record?.previous === undefined ? [] : Array.isArray(record.previous) ? record.previous.map(asSecret) : [undefined];
  if (!current || previous.some((secret) => secret === undefined)) {
    throw new InstanceSecretsError(`${file} must hold encryptionPassword and encryptionSalt (and optionally a list "previous" of such pairs); restore it from a backup`);
  }
  return { current, previous: previous as EncryptionSecret[] };
}

/**
 * Creates the file with fresh secrets unless it exists ('wx': when another process created it
 * first, its secrets win). Returns what the file holds afterwards.
 */
export function createInstanceSecretsOnce(file: string): InstanceSecrets {
  const fresh: InstanceSecrets = { current: generateEncryptionSecret(), previous: [] };
  try {
    writeFileSync(file, serialize(fresh), { mode: 0o600, flag: 'wx' });
    chmodSync(file, 0o600);
    return fresh;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') {
      throw new InstanceSecretsError(`cannot write ${file}: ${(error as Error).message}`);
    }
    return readInstanceSecrets(file);
  }
}

/**
 * Replaces the file atomically: a temporary file (mode 0600) in the same folder, flushed to
 * disk, then renamed over the old one. A crash leaves either the old or the new file, never a
 * half-written one, so the keys that open the stored envelopes are never lost.
 */
export function writeInstanceSecrets(file: string, secrets: InstanceSecrets): void {
  const temporary = `${file}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
  try {
    const fd = openSync(temporary, 'wx', 0o600);
    try {
      writeFileSync(fd, serialize(secrets));
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    chmodSync(temporary, 0o600);
    renameSync(temporary, file);
    syncFolder(path.dirname(file));
  } catch (error) {
    rmSync(temporary, { force: true });
    throw new InstanceSecretsError(`cannot write ${file}: ${(error as Error).message}`);
  }
}

function serialize(secrets: InstanceSecrets): string {
  const { encryptionPassword, encryptionSalt } = secrets.current;
  const previous = secrets.previous.map((s) => ({ encryptionPassword: s.encryptionPassword, encryptionSalt: s.encryptionSalt }));
  return JSON.stringify(previous.length > 0 ? { encryptionPassword, encryptionSalt, previous } : { encryptionPassword, encryptionSalt }, null, 2) + '\n';
}

/** The rename is durable only once the folder entry is flushed (POSIX); some systems refuse to open a folder, which is fine. */
function syncFolder(folder: string): void {
  let fd: number | undefined;
  try {
    fd = openSync(folder, 'r');
    fsyncSync(fd);
  } catch {
    // Not supported here (e.g. Windows); the rename itself is still atomic.
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

function asSecret(value: unknown): EncryptionSecret | undefined {
  const record = value as Partial<EncryptionSecret> | null | undefined;
  if (!record || typeof record.encryptionPassword !== 'string' || typeof record.encryptionSalt !== 'string'
    || record.encryptionPassword === '' || record.encryptionSalt === '') return undefined;
  return { encryptionPassword: record.encryptionPassword, encryptionSalt: record.encryptionSalt };
}
