import { createHash, randomInt } from 'node:crypto';
import { Secret, TOTP } from 'otpauth';
import { recoveryCodeCount } from '../../shared/api/twoFactor';

/**
 * TOTP (RFC 6238) as every authenticator app reads it: SHA-1, 6 digits, 30-second steps. A code
 * is accepted for its own step and one step before or after (clock drift); the step it matched
 * is returned so that the caller can refuse it a second time (totpReplay.ts).
 */
export const totpPeriodSeconds = 30;
const digits = 6;
const algorithm = 'SHA1';
const issuer = 'Cordon';

function totpFor(secretBase32: string, label = ''): TOTP {
  return new TOTP({ issuer, label, algorithm, digits, period: totpPeriodSeconds, secret: Secret.fromBase32(secretBase32) });
}

/** A new random secret: 20 bytes (160 bits, RFC 4226's recommendation), base32. */
export function newTotpSecret(): string {
  return new Secret({ size: 20 }).base32;
}

/** otpauth://totp/Cordon:<email>?issuer=Cordon&secret=…&algorithm=SHA1&digits=6&period=30 */
export function totpUri(secretBase32: string, email: string): string {
  return totpFor(secretBase32, email).toString();
}

/** The time step of `now`. */
export function totpStep(now: Date): number {
  return Math.floor(now.getTime() / 1000 / totpPeriodSeconds);
}

/** The step the code belongs to (now's step, one before or one after), or null when it is wrong. */
export function matchTotp(secretBase32: string, code: string, now: Date): number | null {
  const delta = totpFor(secretBase32).validate({ token: code, timestamp: now.getTime(), window: 1 });
  return delta === null ? null : totpStep(now) + delta;
}

/** A recovery code as shown: 10 characters of a-z0-9 (about 51 bits) in two groups, `k7wq2-m9xp4`. */
const recoveryAlphabet = 'abcdefghijkmnpqrstuvwxyz23456789'; // no 0/o, 1/l: read off paper

export function newRecoveryCodes(): string[] {
  return Array.from({ length: recoveryCodeCount }, () => {
    const chars = Array.from({ length: 10 }, () => recoveryAlphabet[randomInt(recoveryAlphabet.length)]).join('');
    return `${chars.slice(0, 5)}-${chars.slice(5)}`;
  });
}

/** sha256 hex of a recovery code in its normalised form (lower case, no dashes or spaces). */
export function hashRecoveryCode(code: string): string {
  return createHash('sha256').update(`recovery_code\u0000${code.replace(/[\s-]/g, '').toLowerCase()}`).digest('hex');
}
