import type { Kysely } from 'kysely';
import {
  type EncryptionSecret, type InstanceSecrets, generateEncryptionSecret, readInstanceSecrets, writeInstanceSecrets,
} from '../crypto/instanceSecretsFile';
import { type SecretBox, envelopeKeyId } from '../crypto/secretBox';
import type { Store } from '../store/createDatabase';
import type { Database } from '../store/database';

/**
 * The four steps of a key rotation, each safe to stop after (crash, Ctrl-C): the server loads
 * the current and the previous keys, so every secret stays readable at every point.
 *   1. stageNewKey: the new key becomes current in instance-secrets.json, the old ones previous.
 *   2. reencryptSecrets: every envelope not made with the current key is re-encrypted, in one transaction.
 *   3. verifySecrets: every envelope opens, and is made with the current key.
 *   4. dropPreviousKeys: instance-secrets.json keeps the current key only.
 * With the key in the environment (CORDON_ENCRYPTION_PASSWORD), steps 1 and 4 are the
 * operator's (see rotateKey.ts); steps 2 and 3 are the same.
 */

/** One secret of one datasource that cannot be opened with the keys at hand. */
export interface UnreadableSecret {
  datasourceId: string;
  datasourceName: string;
  /** The secret's name (`password`, `token`, ...), or `*` when the whole column is damaged. */
  secretName: string;
  /** Why, without any secret: the unknown key id, or "damaged". */
  reason: string;
}

/** Refuses to rotate: some secrets cannot be opened (listed, by datasource). */
export class UnreadableSecretsError extends Error {
  override name = 'UnreadableSecretsError';
  constructor(readonly unreadable: UnreadableSecret[]) {
    super(`${unreadable.length} secret(s) cannot be opened with this server's keys:\n${describeUnreadable(unreadable)}`);
  }
}

export function describeUnreadable(unreadable: readonly UnreadableSecret[]): string {
  return unreadable.map((u) => `  - datasource ${u.datasourceId} (${u.datasourceName}): ${u.secretName} (${u.reason})`).join('\n');
}

/** Step 1 (key in the file): writes `next` (a fresh key by default) as current, every key before it as previous. */
export function stageNewKey(file: string, options: { effectiveCurrent?: EncryptionSecret; next?: EncryptionSecret } = {}): InstanceSecrets {
  const stored = readInstanceSecrets(file);
  // The key the server really uses (an environment salt may override the file's).
  const oldCurrent = options.effectiveCurrent ?? stored.current;
  const staged: InstanceSecrets = {
    current: options.next ?? generateEncryptionSecret(),
    previous: dedupe([oldCurrent, stored.current, ...stored.previous]),
  };
  writeInstanceSecrets(file, staged);
  return staged;
}

/** Step 4 (key in the file): only the current key remains. */
export function dropPreviousKeys(file: string): InstanceSecrets {
  const stored = readInstanceSecrets(file);
  const next: InstanceSecrets = { current: stored.current, previous: [] };
  writeInstanceSecrets(file, next);
  return next;
}

export interface ReencryptResult {
  /** Datasources whose secrets column changed. */
  datasources: number;
  /** Envelopes re-encrypted under the current key. */
  secrets: number;
  /** Secrets removed because they could not be opened (only with forceDropUnreadable). */
  dropped: UnreadableSecret[];
}

/**
 * Step 2: in one store transaction, every envelope in `datasources.secrets` (every name, not
 * only the kind's known ones) that was not made with `box`'s current key is opened and encrypted
 * again with it. Refuses (UnreadableSecretsError, nothing written) when an envelope cannot be
 * opened, unless `forceDropUnreadable`, which removes those secrets (the datasource then asks
 * for them again).
 */
export async function reencryptSecrets(store: Store, box: SecretBox, options: { forceDropUnreadable?: boolean } = {}): Promise<ReencryptResult> {
  return store.db.transaction().execute(async (trx) => {
    let query = trx.selectFrom('datasources').select(['id', 'name', 'secrets']).orderBy('id');
    // PostgreSQL: a server saving a datasource meanwhile waits for the rotation to finish.
    if (store.dialect === 'postgres') query = query.forUpdate();
    const rows = await query.execute();
    const result: ReencryptResult = { datasources: 0, secrets: 0, dropped: [] };
    const unreadable: UnreadableSecret[] = [];
    const updates: Array<{ id: string; secrets: string }> = [];
    for (const row of rows) {
      const opened = openRow(row);
      if (opened.damaged) {
        unreadable.push({ datasourceId: row.id, datasourceName: row.name, secretName: '*', reason: 'damaged' });
        continue;
      }
      const next: Record<string, unknown> = { ...opened.record };
      let changed = false;
      for (const [secretName, envelope] of opened.envelopes) {
        const keyId = envelopeKeyId(envelope);
        if (keyId === box.keyId && opens(box, envelope)) continue;
        let plaintext: string;
        try {
          plaintext = box.decrypt(envelope);
        } catch {
          unreadable.push({ datasourceId: row.id, datasourceName: row.name, secretName, reason: unreadableReason(box, keyId) });
          delete next[secretName];
          changed = true;
          continue;
        }
        next[secretName] = box.encrypt(plaintext);
        result.secrets += 1;
        changed = true;
      }
      if (changed) updates.push({ id: row.id, secrets: JSON.stringify(next) });
    }
    if (unreadable.length > 0 && !options.forceDropUnreadable) throw new UnreadableSecretsError(unreadable);
    // A damaged column cannot be rewritten piecewise; with the force flag it is emptied.
    for (const damaged of unreadable.filter((u) => u.secretName === '*')) updates.push({ id: damaged.datasourceId, secrets: '{}' });
    for (const update of updates) {
      // updated_at stays: the plaintext did not change, so open pools stay valid.
      await trx.updateTable('datasources').set({ secrets: update.secrets }).where('id', '=', update.id).execute();
    }
    result.datasources = updates.length;
    result.dropped = unreadable;
    return result;
  });
}

/** One problem step 3 found. */
export interface VerifyProblem extends UnreadableSecret {
  problem: 'unreadable' | 'old key';
}

/** Step 3: every envelope opens with `box` and was made with its current key. Returns the problems (none = verified). */
export async function verifySecrets(db: Kysely<Database>, box: SecretBox): Promise<VerifyProblem[]> {
  const rows = await db.selectFrom('datasources').select(['id', 'name', 'secrets']).orderBy('id').execute();
  const problems: VerifyProblem[] = [];
  for (const row of rows) {
    const opened = openRow(row);
    if (opened.damaged) {
      problems.push({ datasourceId: row.id, datasourceName: row.name, secretName: '*', reason: 'damaged', problem: 'unreadable' });
      continue;
    }
    for (const [secretName, envelope] of opened.envelopes) {
      const keyId = envelopeKeyId(envelope);
      if (!opens(box, envelope)) problems.push({ datasourceId: row.id, datasourceName: row.name, secretName, reason: unreadableReason(box, keyId), problem: 'unreadable' });
      else if (keyId !== box.keyId) problems.push({ datasourceId: row.id, datasourceName: row.name, secretName, reason: `key ${keyId}`, problem: 'old key' });
    }
  }
  return problems;
}

/** Envelopes that cannot be opened with `box` (checked before anything is changed). */
export async function findUnreadableSecrets(db: Kysely<Database>, box: SecretBox): Promise<UnreadableSecret[]> {
  return (await verifySecrets(db, box)).filter((p) => p.problem === 'unreadable').map(({ problem: _problem, ...rest }) => rest);
}

/** Counts the envelopes in the store by key id (for reports and tests). */
export async function countEnvelopesByKey(db: Kysely<Database>): Promise<Map<string, number>> {
  const counts = new Map<string, number>();
  for (const row of await db.selectFrom('datasources').select(['id', 'name', 'secrets']).execute()) {
    for (const [, envelope] of openRow(row).envelopes) {
      const keyId = envelopeKeyId(envelope) ?? '?';
      counts.set(keyId, (counts.get(keyId) ?? 0) + 1);
    }
  }
  return counts;
}

function openRow(row: { secrets: string }): { damaged: boolean; record: Record<string, unknown>; envelopes: Array<[string, string]> } {
  let parsed: unknown;
  try {
    parsed = JSON.parse(row.secrets);
  } catch {
    return { damaged: true, record: {}, envelopes: [] };
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) return { damaged: true, record: {}, envelopes: [] };
  const record = parsed as Record<string, unknown>;
  // Every string that is an envelope, whatever its name: anything encrypted in the column is rotated.
  const envelopes = Object.entries(record).filter((entry): entry is [string, string] => typeof entry[1] === 'string' && envelopeKeyId(entry[1]) !== undefined);
  return { damaged: false, record, envelopes };
}

function opens(box: SecretBox, envelope: string): boolean {
  try {
    box.decrypt(envelope);
    return true;
  } catch {
    return false;
  }
}

function unreadableReason(box: SecretBox, keyId: string | undefined): string {
  if (keyId === undefined) return 'not an envelope';
  return box.keyIds.includes(keyId) ? `key ${keyId}, but the envelope does not open (damaged)` : `unknown key ${keyId}`;
}

function dedupe(secrets: EncryptionSecret[]): EncryptionSecret[] {
  const seen = new Set<string>();
  return secrets.filter((s) => {
    const id = JSON.stringify([s.encryptionPassword, s.encryptionSalt]);
    if (seen.has(id)) return false;
    seen.add(id);
    return true;
  });
}
