import { createCipheriv, createDecipheriv, createHash, randomBytes, scryptSync } from 'node:crypto';

/**
 * Encrypts datasource secrets at rest (I2): AES-256-GCM with a random 12-byte nonce per
 * encryption. Keys are derived once (scrypt is slow on purpose) from an encryption password and
 * salt. Each envelope names the key it was made with (`v1.<keyId>.<nonce>.<tag>.<ciphertext>`,
 * base64url parts), so a box can hold the current key plus previous ones during a key rotation
 * (`npm run cordon -- rotate-key`) and open an envelope with whichever key made it.
 */
export interface SecretBox {
  /** The current key's id: first 8 hex characters of sha256(key); not secret. Encryption always uses it. */
  readonly keyId: string;
  /** Every key this box can open: the current one first, then the previous ones. */
  readonly keyIds: readonly string[];
  encrypt(plaintext: string): string;
  /** Throws SecretBoxError (whose message never holds the plaintext) when the envelope is malformed or made with an unknown key. */
  decrypt(envelope: string): string;
}

/** Raised when an envelope cannot be opened. Its message never carries the plaintext or the key. */
export class SecretBoxError extends Error {
  override name = 'SecretBoxError';
}

/** The bytes of each derived key, reachable only from this module. */
const keyBytes = new WeakMap<EncryptionKey, Buffer>();

/**
 * A derived key. The key bytes are not a property, so the object logs and serializes as its id
 * only (a key must never reach a log line, I5).
 */
export class EncryptionKey {
  readonly keyId: string;

  private constructor(key: Buffer) {
    keyBytes.set(this, key);
    this.keyId = createHash('sha256').update(key).digest('hex').slice(0, 8);
  }

  /** Derives the key (scrypt, N=2^15) from a password and a salt. Slow on purpose: call it once per key at start. */
  static derive(password: string, salt: string): EncryptionKey {
    if (!password || !salt) throw new SecretBoxError('encryption password and salt are required');
    return new EncryptionKey(scryptSync(password, salt, 32, { N: 2 ** 15, r: 8, p: 1, maxmem: 64 * 1024 * 1024 }));
  }

  toJSON(): { keyId: string } {
    return { keyId: this.keyId };
  }
}

const version = 'v1';
const nonceBytes = 12;
const tagBytes = 16;

/** Derives the key and returns a box bound to it alone. */
export function createSecretBox(password: string, salt: string): SecretBox {
  return createKeyringBox(EncryptionKey.derive(password, salt));
}

/**
 * A box that encrypts with `current` and opens envelopes of `current` or any of `previous`
 * (picked by the envelope's key id). Duplicates of the current key among `previous` are ignored.
 */
export function createKeyringBox(current: EncryptionKey, previous: readonly EncryptionKey[] = []): SecretBox {
  const keys = new Map<string, Buffer>([[current.keyId, bytesOf(current)]]);
  for (const key of previous) if (!keys.has(key.keyId)) keys.set(key.keyId, bytesOf(key));
  const keyId = current.keyId;
  const currentKey = bytesOf(current);

  return {
    keyId,
    keyIds: [...keys.keys()],
    encrypt(plaintext) {
      const nonce = randomBytes(nonceBytes);
      const cipher = createCipheriv('aes-256-gcm', currentKey, nonce);
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
      const key = keys.get(envelopeKeyId);
      if (!key) {
        throw new SecretBoxError(`secret was encrypted with key ${envelopeKeyId}, which this server does not have (known keys: ${[...keys.keys()].join(', ')})`);
      }
      const nonce = Buffer.from(nonceText, 'base64url');
      const tag = Buffer.from(tagText, 'base64url');
      if (nonce.length !== nonceBytes || tag.length !== tagBytes) throw new SecretBoxError('malformed secret envelope');
      try {
        const decipher = createDecipheriv('aes-256-gcm', key, nonce, { authTagLength: tagBytes });
        decipher.setAAD(Buffer.from(`${version}.${envelopeKeyId}`));
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
  return parts.length === 5 && parts[0] === version && parts[1] ? parts[1] : undefined;
}

function bytesOf(key: EncryptionKey): Buffer {
  const bytes = keyBytes.get(key);
  if (!bytes) throw new SecretBoxError('not a derived encryption key');
  return bytes;
}

function b64(buffer: Buffer): string {
  return buffer.toString('base64url');
}
