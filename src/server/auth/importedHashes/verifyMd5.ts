import { createHash } from 'node:crypto';
import { constantTimeEqual } from './constantTimeEqual';

/** Unsalted MD5 of the password, hex (as Appwrite's md5 import). */
export function verifyMd5(hashHex: string, password: string): boolean {
  return constantTimeEqual(createHash('md5').update(password, 'utf8').digest(), Buffer.from(hashHex, 'hex'));
}
