import { describe, expect, it } from 'vitest';
import { createKeyringBox, createSecretBox, EncryptionKey, envelopeKeyId, SecretBoxError } from './secretBox';

const box = createSecretBox('correct horse battery staple', 'salt-one');

describe('secretBox', () => {
  it('round-trips, including unicode and the empty string', () => {
    for (const text of ['hunter2', '', 'pässwörd ✓ 🔑', 'x'.repeat(5000)]) {
      expect(box.decrypt(box.encrypt(text))).toBe(text);
    }
  });

  it('uses a fresh nonce for each encryption and never stores the plaintext', () => {
    const a = box.encrypt('same-secret');
    const b = box.encrypt('same-secret');
    expect(a).not.toBe(b);
    expect(a.split('.')[2]).not.toBe(b.split('.')[2]);
    expect(a).not.toContain('same-secret');
    expect(Buffer.from(a.split('.')[4] ?? '', 'base64url').toString('utf8')).not.toContain('same-secret');
  });

  it('writes the v1 envelope with the key id', () => {
    const envelope = box.encrypt('s');
    const parts = envelope.split('.');
    expect(parts).toHaveLength(5);
    expect(parts[0]).toBe('v1');
    expect(parts[1]).toBe(box.keyId);
    expect(box.keyId).toMatch(/^[0-9a-f]{8}$/);
    expect(Buffer.from(parts[2] ?? '', 'base64url')).toHaveLength(12);
    expect(envelopeKeyId(envelope)).toBe(box.keyId);
    expect(envelopeKeyId('not an envelope')).toBeUndefined();
  });

  it('derives the same key from the same password and salt, another from another salt', () => {
    expect(createSecretBox('correct horse battery staple', 'salt-one').keyId).toBe(box.keyId);
    expect(createSecretBox('correct horse battery staple', 'salt-two').keyId).not.toBe(box.keyId);
  });

  it('refuses an envelope of another key with a clear error that holds no plaintext', () => {
    const other = createSecretBox('another password', 'salt-one');
    const envelope = other.encrypt('the-plaintext-secret');
    expect(() => box.decrypt(envelope)).toThrow(SecretBoxError);
    try {
      box.decrypt(envelope);
    } catch (error) {
      expect(String((error as Error).message)).toMatch(/key/);
      expect(String((error as Error).message)).not.toContain('the-plaintext-secret');
    }
  });

  it('refuses a relabelled or tampered envelope', () => {
    const other = createSecretBox('another password', 'salt-one');
    const parts = other.encrypt('secret').split('.');
    parts[1] = box.keyId; // pretend it was made with our key
    expect(() => box.decrypt(parts.join('.'))).toThrow(/could not be decrypted/);

    const good = box.encrypt('secret').split('.');
    const ciphertext = Buffer.from(good[4] ?? '', 'base64url');
    ciphertext[0] = (ciphertext[0] ?? 0) ^ 1;
    good[4] = ciphertext.toString('base64url');
    expect(() => box.decrypt(good.join('.'))).toThrow(SecretBoxError);
  });

  it('refuses malformed envelopes', () => {
    for (const bad of ['', 'v1', 'v2.a.b.c.d', 'v1.a.b.c', `v1.${box.keyId}.AAAA.AAAA.AAAA`]) {
      expect(() => box.decrypt(bad)).toThrow(SecretBoxError);
    }
  });

  it('requires a password and a salt', () => {
    expect(() => createSecretBox('', 'salt')).toThrow(SecretBoxError);
    expect(() => createSecretBox('pw', '')).toThrow(SecretBoxError);
  });

  it('a keyring box encrypts with the current key and opens envelopes of the previous ones', () => {
    const oldKey = EncryptionKey.derive('correct horse battery staple', 'salt-one');
    const newKey = EncryptionKey.derive('new password', 'salt-one');
    const keyring = createKeyringBox(newKey, [oldKey, newKey]);
    expect(keyring.keyId).toBe(newKey.keyId);
    expect(keyring.keyIds).toEqual([newKey.keyId, oldKey.keyId]);
    const oldEnvelope = box.encrypt('kept across the rotation');
    expect(keyring.decrypt(oldEnvelope)).toBe('kept across the rotation');
    const fresh = keyring.encrypt('new');
    expect(envelopeKeyId(fresh)).toBe(newKey.keyId);
    // The old box does not know the new key, and says which keys it has.
    expect(() => box.decrypt(fresh)).toThrow(new RegExp(`key ${newKey.keyId}, which this server does not have \\(known keys: ${box.keyId}\\)`));
  });

  it('a derived key logs and serializes as its id only', () => {
    const key = EncryptionKey.derive('pw', 'salt');
    expect(JSON.stringify(key)).toBe(JSON.stringify({ keyId: key.keyId }));
    expect(Object.keys(key)).toEqual(['keyId']);
  });
});
