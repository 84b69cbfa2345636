import { existsSync } from 'node:fs';
import path from 'node:path';
import { loadConfig } from '../config/loadConfig';
import { type EncryptionSecret, generateEncryptionSecret, instanceSecretsPath, readInstanceSecrets } from '../crypto/instanceSecretsFile';
import { deriveKey, keyringFromSecrets } from '../crypto/keyringFromConfig';
import type { SecretBox } from '../crypto/secretBox';
import { reencryptTotpSecrets, unreadableTotpSecrets } from '../twoFactor/reencryptTotpSecrets';
import { type Store, createDatabase } from '../store/createDatabase';
import {
  type ReencryptResult, type UnreadableSecret, UnreadableSecretsError, describeUnreadable, dropPreviousKeys, findUnreadableSecrets, reencryptSecrets,
  stageNewKey, verifySecrets,
} from './rotationSteps';

export interface RotateKeyOptions {
  /** The server's environment (DATA_DIR, DATABASE_URL, CORDON_ENCRYPTION_*, ...). */
  env: NodeJS.ProcessEnv;
  cwd?: string;
  /** Key in the environment only: the variable holding the new password (default CORDON_NEW_ENCRYPTION_PASSWORD). */
  newPasswordEnv?: string;
  /** Key in the environment only: the variable holding the new salt (default CORDON_NEW_ENCRYPTION_SALT; absent = keep the salt). */
  newSaltEnv?: string;
  /** Remove secrets that no key opens (listed) instead of refusing to rotate. */
  forceDropUnreadable?: boolean;
  /** Where progress lines go (stdout for the CLI). Never given a secret. */
  print: (line: string) => void;
}

export interface RotateKeyResult {
  /** Where the key lives: instance-secrets.json, or CORDON_ENCRYPTION_PASSWORD. */
  source: 'file' | 'environment';
  oldKeyIds: string[];
  newKeyId: string;
  datasources: number;
  secrets: number;
  dropped: UnreadableSecret[];
}

/** The rotation cannot run, or stopped; the message says why and what to do. Never holds a secret. */
export class RotateKeyError extends Error {
  override name = 'RotateKeyError';
}

const defaultNewPasswordEnv = 'CORDON_NEW_ENCRYPTION_PASSWORD';
const defaultNewSaltEnv = 'CORDON_NEW_ENCRYPTION_SALT';

/**
 * `cordon rotate-key`: re-encrypts every stored secret under a new key, without losing any.
 * Run it with Cordon stopped (or restart Cordon afterwards): a running server keeps the keys it
 * started with.
 *
 * - Key in DATA_DIR/instance-secrets.json (the default): a random new key is generated, and the
 *   four steps of rotationSteps.ts run; a crash at any point leaves every secret readable, and
 *   running the command again finishes the job.
 * - Key in the environment (CORDON_ENCRYPTION_PASSWORD): the new password comes from
 *   CORDON_NEW_ENCRYPTION_PASSWORD (or the variable named by --new-password-env), the new salt
 *   from CORDON_NEW_ENCRYPTION_SALT (or --new-salt-env; default: the salt stays). The command
 *   re-encrypts and prints which variables the operator must change. Without a new password but
 *   with CORDON_PREVIOUS_ENCRYPTION_PASSWORD set (the operator already made the new key current),
 *   it re-encrypts everything under the current key and says that the previous one can go.
 */
export async function rotateKey(options: RotateKeyOptions): Promise<RotateKeyResult> {
  const { env, print } = options;
  assertInstanceExists(env, options.cwd ?? process.cwd());
  const config = loadConfig(env, options.cwd);
  const current: EncryptionSecret = { encryptionPassword: config.encryptionPassword, encryptionSalt: config.encryptionSalt };
  const previous = config.previousEncryptionSecrets ?? [];
  const source = nonEmpty(env.CORDON_ENCRYPTION_PASSWORD) === undefined ? 'file' : 'environment';
  const target = source === 'file' ? undefined : environmentTarget(options, current, previous);
  if (source === 'file' && (options.newPasswordEnv || options.newSaltEnv || nonEmpty(env[defaultNewPasswordEnv]))) {
    throw new RotateKeyError(`The key lives in ${instanceSecretsPath(config.dataDir)} (CORDON_ENCRYPTION_PASSWORD is not set), so the new key is generated there; do not give a new password.`);
  }

  const oldBox = keyringFromSecrets(current, previous);
  // Key in the environment: the new key opens envelopes too (a second run after an interrupted one).
  const environmentBox = target ? keyringFromSecrets(target.secret, [current, ...previous]) : undefined;
  const store = await createDatabase({ dataDir: config.dataDir, databaseUrl: config.databaseUrl });
  try {
    // Checked before anything changes, so a refusal leaves the instance exactly as it was.
    const unreadable = await findUnreadableSecrets(store.db, environmentBox ?? oldBox);
    if (unreadable.length > 0 && !options.forceDropUnreadable) {
      throw new RotateKeyError(`${new UnreadableSecretsError(unreadable).message}\nNothing was changed. Enter these secrets again (or delete the datasources), restore the missing key as CORDON_PREVIOUS_ENCRYPTION_PASSWORD/SALT, or run again with --force-drop-unreadable to remove them.`);
    }
    if (unreadable.length > 0) print(`These secrets cannot be opened and will be removed (--force-drop-unreadable):\n${describeUnreadable(unreadable)}`);
    // A TOTP secret is never dropped (that would turn a user's two-factor off): always refused.
    const lostTotp = (await unreadableTotpSecrets(store.db, environmentBox ?? oldBox)).filter((problem) => problem.problem === 'unreadable');
    if (lostTotp.length > 0) {
      throw new RotateKeyError(`${lostTotp.length} two-factor secret(s) cannot be opened with this server's keys (users ${lostTotp.map((problem) => problem.userId).join(', ')}).\nNothing was changed. Restore the missing key as CORDON_PREVIOUS_ENCRYPTION_PASSWORD/SALT, or have an administrator reset those users' two-factor authentication.`);
    }

    if (source === 'file') {
      const file = instanceSecretsPath(config.dataDir);
      // An environment salt overrides the file's, so the new key keeps it (or the server would derive another key).
      const next = { ...generateEncryptionSecret(), ...(nonEmpty(env.CORDON_ENCRYPTION_SALT) ? { encryptionSalt: config.encryptionSalt } : {}) };
      const staged = stageNewKey(file, { effectiveCurrent: current, next });
      const box = keyringFromSecrets(staged.current, [...staged.previous, ...previous]);
      print(`1/4 New key ${box.keyId} is now current in ${file}; the old key ${oldBox.keyId} is kept as previous until the end.`);
      const result = await reencryptAndVerify(store, box, options, print);
      dropPreviousKeys(file);
      print('4/4 Previous keys removed from the file.');
      if (nonEmpty(env.CORDON_PREVIOUS_ENCRYPTION_PASSWORD)) print('CORDON_PREVIOUS_ENCRYPTION_PASSWORD/SALT are no longer needed: remove them from the environment.');
      print(`Done. Start (or restart) Cordon; it now uses key ${box.keyId}.`);
      return { source, oldKeyIds: oldBox.keyIds.slice(), newKeyId: box.keyId, ...result };
    }

    const newTarget = target!;
    const box = environmentBox!;
    print(newTarget.finishing
      ? `1/3 Finishing a rotation: the current key ${box.keyId} (CORDON_ENCRYPTION_PASSWORD) takes over from CORDON_PREVIOUS_ENCRYPTION_PASSWORD.`
      : `1/3 New key ${box.keyId} from ${newTarget.passwordEnv}; the current key is ${oldBox.keyId}.`);
    const result = await reencryptAndVerify(store, box, options, print, 3);
    for (const line of environmentInstructions(newTarget)) print(line);
    return { source, oldKeyIds: oldBox.keyIds.slice(), newKeyId: box.keyId, ...result };
  } finally {
    await store.db.destroy();
  }
}

interface EnvironmentTarget {
  secret: EncryptionSecret;
  /** No new password: the current key is already the new one (CORDON_PREVIOUS_* hold the old). */
  finishing: boolean;
  passwordEnv: string;
  /** The variable with the new salt, when it changes. */
  saltEnv: string | undefined;
}

function environmentTarget(options: RotateKeyOptions, current: EncryptionSecret, previous: readonly EncryptionSecret[]): EnvironmentTarget {
  const passwordEnv = options.newPasswordEnv ?? defaultNewPasswordEnv;
  const saltEnv = options.newSaltEnv ?? defaultNewSaltEnv;
  const password = nonEmpty(options.env[passwordEnv]);
  const salt = nonEmpty(options.env[saltEnv]);
  if (options.newSaltEnv && salt === undefined) throw new RotateKeyError(`--new-salt-env names ${saltEnv}, but it is not set.`);
  if (password === undefined) {
    if (options.newPasswordEnv) throw new RotateKeyError(`--new-password-env names ${passwordEnv}, but it is not set.`);
    if (salt !== undefined) throw new RotateKeyError(`${saltEnv} is set without ${passwordEnv}.`);
    if (previous.length === 0) {
      throw new RotateKeyError(`The key comes from CORDON_ENCRYPTION_PASSWORD, so the new one must come from the environment too: set ${defaultNewPasswordEnv} (and optionally ${defaultNewSaltEnv}), or name another variable with --new-password-env. See \`npm run cordon -- help\`.`);
    }
    return { secret: current, finishing: true, passwordEnv: 'CORDON_ENCRYPTION_PASSWORD', saltEnv: undefined };
  }
  const secret = { encryptionPassword: password, encryptionSalt: salt ?? current.encryptionSalt };
  if (secret.encryptionPassword === current.encryptionPassword && secret.encryptionSalt === current.encryptionSalt) {
    throw new RotateKeyError(`${passwordEnv} holds the current password (and the salt is the same): that is not a new key.`);
  }
  return { secret, finishing: false, passwordEnv, saltEnv: salt === undefined ? undefined : saltEnv };
}

/** What the operator changes after an environment rotation; names variables, never prints a value. */
function environmentInstructions(target: EnvironmentTarget): string[] {
  if (target.finishing) {
    return [
      'Done. Every secret is encrypted with the current key.',
      'Now remove CORDON_PREVIOUS_ENCRYPTION_PASSWORD and CORDON_PREVIOUS_ENCRYPTION_SALT from Cordon\'s environment and restart it.',
    ];
  }
  return [
    'Done. Every secret is encrypted with the new key. Now change Cordon\'s environment and restart it:',
    `  CORDON_ENCRYPTION_PASSWORD = the value of ${target.passwordEnv}`,
    target.saltEnv ? `  CORDON_ENCRYPTION_SALT     = the value of ${target.saltEnv}` : '  CORDON_ENCRYPTION_SALT     = unchanged',
    `  remove ${target.passwordEnv}${target.saltEnv ? `, ${target.saltEnv}` : ''} and any CORDON_PREVIOUS_ENCRYPTION_PASSWORD/SALT`,
    'Until then a Cordon started with the old password cannot open these secrets (datasources answer datasource_unreachable).',
    'Nothing is lost: the secrets open with the new password, and running this command again with the same variables is safe.',
  ];
}

/** Steps 2 and 3; a second pass catches secrets a running server saved with an old key meanwhile. */
async function reencryptAndVerify(store: Store, box: SecretBox, options: RotateKeyOptions, print: (line: string) => void, steps = 4): Promise<ReencryptResult> {
  const result = await reencryptSecrets(store, box, { forceDropUnreadable: options.forceDropUnreadable });
  const totpSecrets = await reencryptTotpSecrets(store.db, box);
  print(`2/${steps} Re-encrypted ${result.secrets} secret(s) of ${result.datasources} datasource(s)${result.dropped.length > 0 ? `; removed ${result.dropped.length} unreadable` : ''}, and ${totpSecrets} two-factor secret(s).`);
  let problems = await verifySecrets(store.db, box);
  let totpProblems = await unreadableTotpSecrets(store.db, box);
  if ((problems.length > 0 || totpProblems.length > 0) && problems.every((p) => p.problem === 'old key') && totpProblems.every((p) => p.problem === 'old key')) {
    // A running server saved something with an old key meanwhile: once more.
    const again = await reencryptSecrets(store, box, { forceDropUnreadable: options.forceDropUnreadable });
    result.secrets += again.secrets;
    result.datasources += again.datasources;
    await reencryptTotpSecrets(store.db, box);
    problems = await verifySecrets(store.db, box);
    totpProblems = await unreadableTotpSecrets(store.db, box);
  }
  if (problems.length > 0 || totpProblems.length > 0) {
    throw new RotateKeyError(`Verification failed; the previous keys are kept, so nothing is lost. Stop Cordon and run the command again.\n${[
      ...problems.map((p) => `  - datasource ${p.datasourceId} (${p.datasourceName}): ${p.secretName} (${p.problem}: ${p.reason})`),
      ...totpProblems.map((p) => `  - two-factor secret of user ${p.userId} (${p.problem})`),
    ].join('\n')}`);
  }
  print(`3/${steps} Verified: every secret (datasources and two-factor) opens with key ${box.keyId}.`);
  return result;
}

/**
 * Refuses a DATA_DIR that holds no instance (a typo in DATA_DIR): loadConfig and the store would
 * otherwise create a fresh, empty one and "rotate" nothing. Checked before anything is created.
 */
function assertInstanceExists(env: NodeJS.ProcessEnv, cwd: string): void {
  const dataDir = path.resolve(cwd, nonEmpty(env.DATA_DIR) ?? './data');
  const missing = [
    ...(nonEmpty(env.CORDON_ENCRYPTION_PASSWORD) === undefined && !existsSync(instanceSecretsPath(dataDir)) ? [instanceSecretsPath(dataDir)] : []),
    ...(nonEmpty(env.DATABASE_URL) === undefined && !existsSync(path.join(dataDir, 'cordon.db')) ? [path.join(dataDir, 'cordon.db')] : []),
  ];
  if (missing.length > 0) {
    throw new RotateKeyError(`No Cordon instance here: ${missing.join(' and ')} ${missing.length === 1 ? 'does' : 'do'} not exist. Run the command with the server's DATA_DIR (and DATABASE_URL). Nothing was changed.`);
  }
}

function nonEmpty(value: string | undefined): string | undefined {
  const trimmed = value?.trim();
  return trimmed ? trimmed : undefined;
}

/** For tests and the CLI: the key ids of instance-secrets.json (current first). */
export function fileKeyIds(dataDir: string): string[] {
  const stored = readInstanceSecrets(instanceSecretsPath(dataDir));
  return [stored.current, ...stored.previous].map((s) => deriveKey(s).keyId);
}
