import { hash, verify, type Options } from '@node-rs/argon2';

/** OWASP's Argon2id baseline: 19 MiB, 2 passes, 1 lane. */
const argon2Options: Options = {
  // Algorithm.Argon2id; the enum is a `const enum`, which isolatedModules cannot import.
  algorithm: 2 as NonNullable<Options['algorithm']>,
  memoryCost: 19456,
  timeCost: 2,
  parallelism: 1,
};

/** Hashes a password with Argon2id (off the event loop). Returns the PHC string. */
export function hashPassword(password: string): Promise<string> {
  return hash(password, argon2Options);
}

/** True when `password` matches `passwordHash`; false for a mismatch or a malformed hash. */
export async function verifyPassword(passwordHash: string, password: string): Promise<boolean> {
  try {
    return await verify(passwordHash, password, argon2Options);
  } catch {
    return false;
  }
}

let dummyHash: Promise<string> | undefined;

/** Computes the throwaway hash ahead of time, so even the first unknown-email sign-in is not slower. */
export function prepareTimingEqualiser(): void {
  dummyHash ??= hashPassword('cordon-timing-equaliser');
}

/**
 * Spends one Argon2id verification against a throwaway hash, so a sign-in with an unknown email
 * takes as long as one with a wrong password (no user enumeration by timing).
 */
export async function spendPasswordVerification(password: string): Promise<void> {
  prepareTimingEqualiser();
  await verifyPassword(await dummyHash!, password);
}
