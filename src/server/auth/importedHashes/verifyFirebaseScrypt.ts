import { createCipheriv } from 'node:crypto';
import { constantTimeEqual } from './constantTimeEqual';
import { deriveScrypt } from './verifyScrypt';

export interface FirebaseScryptParams {
  /** base64, as Firebase's export gives them */
  salt: string;
  saltSeparator: string;
  signerKey: string;
  rounds: number;
  memCost: number;
}

/**
 * Firebase's modified scrypt: key = scrypt(password, salt ‖ separator, N = 2^memCost, r = rounds,
 * p = 1, 64 bytes); the hash is the signer key encrypted with AES-256-CTR under the key's first
 * 32 bytes and a zero IV, base64.
 */
export async function firebaseScryptHash(password: string, params: FirebaseScryptParams): Promise<Buffer> {
  const salt = Buffer.concat([Buffer.from(params.salt, 'base64'), Buffer.from(params.saltSeparator, 'base64')]);
  const derived = await deriveScrypt(password, { salt, cost: 2 ** params.memCost, blockSize: params.rounds, parallelism: 1, length: 64 });
  const cipher = createCipheriv('aes-256-ctr', derived.subarray(0, 32), Buffer.alloc(16));
  return Buffer.concat([cipher.update(Buffer.from(params.signerKey, 'base64')), cipher.final()]);
}

export async function verifyFirebaseScrypt(hashBase64: string, password: string, params: FirebaseScryptParams): Promise<boolean> {
  return constantTimeEqual(await firebaseScryptHash(password, params), Buffer.from(hashBase64, 'base64'));
}
