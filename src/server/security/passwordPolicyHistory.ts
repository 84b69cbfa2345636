import { verifyPassword } from '../auth/passwords';

/**
 * The user's password hashes, oldest first and the current one last: the stored history
 * (users.password_history, JSON) with the current hash appended when it is not already its last
 * entry. Including the current hash makes "the last N passwords" exact even when the policy was
 * switched on after the user's last change, and a history that does not parse counts as empty.
 */
export function passwordHashesOf(row: { password_hash: string; password_history: string }): string[] {
  const stored = parseHistory(row.password_history);
  return stored.at(-1) === row.password_hash || row.password_hash === '' ? stored : [...stored, row.password_hash];
}

/**
 * True when `password` verifies against one of the last `limit` hashes of `hashes` (oldest
 * first). A verification per hash, on purpose: hashes are salted, so there is nothing to compare
 * as strings. Sequential with an early exit rather than parallel, so one password change cannot
 * take every thread of the hashing pool from concurrent sign-ins.
 */
export async function isRecentPassword(password: string, hashes: readonly string[], limit: number): Promise<boolean> {
  if (limit <= 0) return false;
  for (const hash of hashes.slice(-limit).reverse()) {
    if (await verifyPassword(hash, password)) return true;
  }
  return false;
}

/**
 * The users.password_history value to store with a new password: the last `limit` hashes with
 * the new one. While the policy is off (limit 0) nothing is kept, like Appwrite, and what an
 * earlier "on" period stored is dropped, so that switching it on again never compares with
 * passwords older than the last ones.
 */
export function nextPasswordHistory(previous: readonly string[], newHash: string, limit: number): string {
  return JSON.stringify(limit > 0 ? [...previous, newHash].slice(-limit) : []);
}

function parseHistory(json: string): string[] {
  try {
    const parsed: unknown = JSON.parse(json);
    return Array.isArray(parsed) ? parsed.filter((entry): entry is string => typeof entry === 'string' && entry !== '') : [];
  } catch {
    return [];
  }
}
