import type { RateLimitCheck } from '../security/rateLimitAttempt';
import { addressSubject } from '../security/rateLimitAttempt';
import type { RateLimitPolicy } from '../security/rateLimitPolicies';

/**
 * The checks of a route limited per phone number and per address, the address first (as for
 * emails, rateLimitChecks.ts): a client over its own limit no longer counts against the number
 * it tries, so it cannot keep someone else's number locked once it is itself refused.
 */
export function phoneAndAddressChecks(policy: RateLimitPolicy, phone: string, ip: string): RateLimitCheck[] {
  return [
    { policy, kind: 'ip', subject: addressSubject(ip) },
    { policy, kind: 'phone', subject: phone },
  ];
}
