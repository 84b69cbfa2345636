import { createHash } from 'node:crypto';
import type { ShaVersion } from '../../../shared/api/userImport';
import { constantTimeEqual } from './constantTimeEqual';

/** Unsalted SHA-1/SHA-2/SHA-3 of the password, hex. The version names are node:crypto's. */
export function verifySha(version: ShaVersion, hashHex: string, password: string): boolean {
  return constantTimeEqual(createHash(version).update(password, 'utf8').digest(), Buffer.from(hashHex, 'hex'));
}
