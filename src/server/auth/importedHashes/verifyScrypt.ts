import { scrypt } from 'node:crypto';
import { constantTimeEqual } from './constantTimeEqual';

export interface ScryptParams { salt: Buffer; cost: number; blockSize: number; parallelism: number; length: number }

/** node:crypto's scrypt, asynchronous (off the event loop), with just enough maxmem for the parameters. */
export function deriveScrypt(password: string, params: ScryptParams): Promise<Buffer> {
  const maxmem = 128 * params.cost * params.blockSize * 2 + 1024 * 1024;
  return new Promise((resolve, reject) => {
    scrypt(password, params.salt, params.length, { N: params.cost, r: params.blockSize, p: params.parallelism, maxmem }, (error, key) => {
      if (error) reject(error); else resolve(key);
    });
  });
}

/** Plain scrypt: the hash is the derived key, hex. */
export async function verifyScrypt(hashHex: string, password: string, params: ScryptParams): Promise<boolean> {
  return constantTimeEqual(await deriveScrypt(password, params), Buffer.from(hashHex, 'hex'));
}
