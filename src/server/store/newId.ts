import { randomBytes } from 'node:crypto';

/**
 * A new random id such as `usr_Vx3…` (prefix + 20 base64url characters = 120 random bits).
 * Ids are unguessable, so knowing one grants nothing; routes still check access.
 */
export function newId(prefix: string): string {
  return prefix + randomBytes(15).toString('base64url');
}
