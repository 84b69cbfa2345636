import { createHash } from 'node:crypto';
import { constantTimeEqual } from './constantTimeEqual';

const itoa64 = './0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';

/**
 * The portable phpass hash ($P$ WordPress, $H$ phpBB): 2^n iterations of md5(previous ‖ password)
 * starting from md5(salt ‖ password), encoded with phpass's own base64 (itoa64, little-endian).
 * The password is taken as UTF-8 bytes, as PHP sees it.
 */
export function verifyPhpass(stored: string, password: string): boolean {
  const countLog2 = itoa64.indexOf(stored[3] ?? '');
  if (!/^\$[PH]\$/.test(stored) || countLog2 < 7 || countLog2 > 30) return false;
  const salt = stored.slice(4, 12);
  const secret = Buffer.from(password, 'utf8');
  let hash = createHash('md5').update(salt, 'latin1').update(secret).digest();
  for (let i = 2 ** countLog2; i > 0; i--) hash = createHash('md5').update(hash).update(secret).digest();
  const computed = stored.slice(0, 12) + encode64(hash);
  return constantTimeEqual(Buffer.from(computed, 'latin1'), Buffer.from(stored, 'latin1'));
}

function encode64(input: Buffer): string {
  let output = '';
  let i = 0;
  while (i < input.length) {
    let value = input[i++]!;
    output += itoa64[value & 0x3f];
    if (i < input.length) value |= input[i]! << 8;
    output += itoa64[(value >> 6) & 0x3f];
    if (i++ >= input.length) break;
    if (i < input.length) value |= input[i]! << 16;
    output += itoa64[(value >> 12) & 0x3f];
    if (i++ >= input.length) break;
    output += itoa64[(value >> 18) & 0x3f];
  }
  return output;
}
