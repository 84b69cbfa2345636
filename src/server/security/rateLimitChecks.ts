import type { RateLimitCheck } from './rateLimitAttempt';
import { addressSubject } from './rateLimitAttempt';
import { type RateLimitPolicy, rateLimitPolicies } from './rateLimitPolicies';

/**
 * The checks of a route limited per email and per address, the address first: a client that
 * is over its own limit then no longer counts against the email it tries, so it cannot keep
 * someone else's account locked once it is itself refused. Email codes, magic URLs and
 * recovery reuse this with their own policy.
 */
export function emailAndAddressChecks(policy: RateLimitPolicy, email: string, ip: string): RateLimitCheck[] {
  return [
    { policy, kind: 'ip', subject: addressSubject(ip) },
    // The request schema already trims and lower-cases; again here so that no caller can split a count.
    { policy, kind: 'email', subject: email.trim().toLowerCase() },
  ];
}

/** Sign-in: 10 failures per hour per email and per address. */
export function signInChecks(email: string, ip: string): RateLimitCheck[] {
  return emailAndAddressChecks(rateLimitPolicies.signIn, email, ip);
}

/** Sign-up: 10 attempts per hour per address. */
export function signUpChecks(ip: string): RateLimitCheck[] {
  return [{ policy: rateLimitPolicies.signUp, kind: 'ip', subject: addressSubject(ip) }];
}
