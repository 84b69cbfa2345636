import type { ServerConfig } from '../config/loadConfig';
import type { EncryptionSecret } from './instanceSecretsFile';
import { EncryptionKey, type SecretBox, createKeyringBox } from './secretBox';

/**
 * The server's secret box: encrypts with the current key, opens envelopes of the current and
 * any previous key (a key rotation interrupted or under way must never make a secret unreadable).
 * Derives every key here, once, at start.
 */
export function keyringFromConfig(config: Pick<ServerConfig, 'encryptionPassword' | 'encryptionSalt' | 'previousEncryptionSecrets'>): SecretBox {
  return keyringFromSecrets(config, config.previousEncryptionSecrets ?? []);
}

export function keyringFromSecrets(current: EncryptionSecret, previous: readonly EncryptionSecret[]): SecretBox {
  // The same secret listed twice is derived once (scrypt takes a noticeable moment per key).
  const seen = new Set([secretId(current)]);
  const distinct = previous.filter((secret) => !seen.has(secretId(secret)) && seen.add(secretId(secret)));
  return createKeyringBox(deriveKey(current), distinct.map(deriveKey));
}

function secretId(secret: EncryptionSecret): string {
  return JSON.stringify([secret.encryptionPassword, secret.encryptionSalt]);
}

export function deriveKey(secret: EncryptionSecret): EncryptionKey {
  return EncryptionKey.derive(secret.encryptionPassword, secret.encryptionSalt);
}
