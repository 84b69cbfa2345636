import { createCipheriv, createDecipheriv, createHash, randomBytes, scryptSync } from 'node:crypto';

/**
 * Encrypts datasource secrets at rest (I2): AES-256-GCM with a random 12-byte nonce per
 * encryption. The key is derived once (scrypt is slow on purpose) from the instance's
 * encryption password and salt. Each envelope names the key it was made with
 * (`v1.<keyId>.<nonce>.<tag>.<ciphertext>`, base64url parts), so a later key rotation can
 * find the envelopes that still use an old key.
 */
export interface SecretBox {
  /** First 8 hex characters of sha256(key); not secret, identifies the key. */
  readonly keyId: string;
  encrypt(plaintext: string): string;
  /** Throws SecretBoxError (whose message never holds the plaintext) when the envelope is malformed or made with another key. */
  decrypt(envelope: string): string;
}

/** Raised when an envelope cannot be opened. Its message never carries the plaintext or the key. */
export class SecretBoxError extends Error {
  override name = 'SecretBoxError';
}

const version = 'v1';
const nonceBytes = 12;
const tagBytes = 16;

/** Derives the key (scrypt, N=2^15) and returns a box bound to it. Call once at startup. */
export function createSecretBox(password: string, salt: string): SecretBox {
  if (!password || !salt) throw new SecretBoxError('encryption password and salt are required');
  const key = scryptSync(password, salt, 32, { N: 2 ** 15, r: 8, p: 1, maxmem: 64 * 1024 * 1024 });
  const keyId = createHash('sha256').update(key).digest('hex').slice(0, 8);

  return {
    keyId,
    encrypt(plaintext) {
      const nonce = randomBytes(nonceBytes);
      const cipher = createCipheriv('aes-256-gcm', key, nonce);
      // The key id is authenticated data: an envelope cannot be relabelled to another key.
      cipher.setAAD(Buffer.from(`${version}.${keyId}`));
      const ciphertext = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
      const tag = cipher.getAuthTag();
      return [version, keyId, b64(nonce), b64(tag), b64(ciphertext)].join('.');
    },
    decrypt(envelope) {
      const parts = envelope.split('.');
      if (parts.length !== 5 || parts[0] !== version) throw new SecretBoxError('malformed secret envelope');
      const [, envelopeKeyId, nonceText, tagText, ciphertextText] = parts as [string, string, string, string, string];
      if (envelopeKeyId !== keyId) {
        throw new SecretBoxError(`secret was encrypted with key ${envelopeKeyId}, but the current key is ${keyId}`);
      }
      const nonce = Buffer.from(nonceText, 'base64url');
      const tag = Buffer.from(tagText, 'base64url');
      if (nonce.length !== nonceBytes || tag.length !== tagBytes) throw new SecretBoxError('malformed secret envelope');
      try {
        const decipher = createDecipheriv('aes-256-gcm', key, nonce, { authTagLength: tagBytes });
        decipher.setAAD(Buffer.from(`${version}.${keyId}`));
        decipher.setAuthTag(tag);
        return Buffer.concat([decipher.update(Buffer.from(ciphertextText, 'base64url')), decipher.final()]).toString('utf8');
      } catch {
        throw new SecretBoxError('secret could not be decrypted (wrong key or tampered envelope)');
      }
    },
  };
}

/** The key id of an envelope, or undefined when it is not one (for key rotation). */
export function envelopeKeyId(envelope: string): string | undefined {
  const parts = envelope.split('.');
  return parts.length === 5 && parts[0] === version ? parts[1] : undefined;
}

function b64(buffer: Buffer): string {
  return buffer.toString('base64url');
}
