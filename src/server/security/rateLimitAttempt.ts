import type { FastifyReply, FastifyRequest } from 'fastify';
import ipaddr from 'ipaddr.js';
import type { Kysely } from 'kysely';
import type { Database } from '../store/database';
import { HttpError } from '../http/httpError';
import { type RateLimitHit, hit, rateLimitKey, refund, sweepRateLimits } from './rateLimitCounter';
import { type RateLimitPolicy, longestRateLimitWindowMs } from './rateLimitPolicies';

/** One subject to count an attempt against: `{ policy, kind: 'email', subject: email }`. */
export interface RateLimitCheck {
  policy: RateLimitPolicy;
  /** What the subject is ('email', 'ip', later 'phone', 'user'); part of the store key. */
  kind: string;
  subject: string;
}

/** An attempt that passed its limits. */
export interface LimitedAttempt {
  /** Gives the attempt back to every counter (e.g. the password was right) and updates the headers. */
  refund(): Promise<void>;
}

/** Sweep dead counters at most this often per store and process: a sweep scans the whole (small) table. */
const sweepIntervalMs = 10 * 60 * 1000;
const lastSweep = new WeakMap<Kysely<Database>, number>();

/**
 * Counts this request against every check, in order, before the route does its work (e.g.
 * before the password is verified, so that a right password after ten failures still gets
 * 429). The first limit that is over answers 429 `rate_limited` with `Retry-After`; later
 * checks are then not counted. Sets the `RateLimit-Limit`, `RateLimit-Remaining` and
 * `RateLimit-Reset` headers (IETF draft names; reset in seconds) of the tightest limit, on
 * success and on errors alike. The clock is `app.now()`, so tests move time without sleeping.
 * With CORDON_RATE_LIMITS=off nothing is counted and no header is sent.
 */
export async function limitAttempt(request: FastifyRequest, reply: FastifyReply, checks: RateLimitCheck[]): Promise<LimitedAttempt> {
  const { db, config } = request.server;
  if (!config.rateLimits) return { refund: async () => {} };
  const now = request.server.now();
  await sweepNowAndThen(request, now);
  const counted: { check: RateLimitCheck; key: string; result: RateLimitHit }[] = [];
  for (const check of checks) {
    const key = rateLimitKey(check.policy.name, check.kind, check.subject);
    const result = await hit(db, key, { limit: check.policy.limit, windowMs: check.policy.windowMs, now });
    if (!result.allowed) {
      setHeaders(reply, check.policy.limit, result, now);
      reply.header('retry-after', String(Math.max(1, secondsUntil(result.resetAt, now))));
      throw new HttpError(429, 'rate_limited', `Too many attempts. Try again in ${describeWait(secondsUntil(result.resetAt, now))}.`);
    }
    counted.push({ check, key, result });
  }
  const setTightest = () => {
    const tightest = counted.reduce<(typeof counted)[number] | undefined>((best, entry) => (
      !best || entry.result.remaining < best.result.remaining ? entry : best
    ), undefined);
    if (tightest) setHeaders(reply, tightest.check.policy.limit, tightest.result, now);
  };
  setTightest();
  return {
    async refund() {
      for (const entry of counted) {
        await refund(db, entry.key, entry.result.windowStart);
        entry.result = { ...entry.result, count: entry.result.count - 1, remaining: Math.min(entry.check.policy.limit, entry.result.remaining + 1) };
      }
      setTightest();
    },
  };
}

/**
 * The address subject of a request: an IPv4 address (also when written IPv4-mapped), or the
 * /64 network of an IPv6 address, since one IPv6 client usually holds a whole /64.
 */
export function addressSubject(ip: string): string {
  if (!ipaddr.isValid(ip)) return ip;
  const address = ipaddr.process(ip);
  if (address.kind() === 'ipv4') return address.toString();
  const parts = (address as ipaddr.IPv6).parts.slice(0, 4).map((part) => part.toString(16));
  return `${parts.join(':')}::/64`;
}

function setHeaders(reply: FastifyReply, limit: number, result: RateLimitHit, now: Date): void {
  reply.header('ratelimit-limit', String(limit));
  reply.header('ratelimit-remaining', String(result.remaining));
  reply.header('ratelimit-reset', String(secondsUntil(result.resetAt, now)));
}

function secondsUntil(at: Date, now: Date): number {
  return Math.max(0, Math.ceil((at.getTime() - now.getTime()) / 1000));
}

function describeWait(seconds: number): string {
  if (seconds <= 60) return `${Math.max(1, seconds)} seconds`;
  const minutes = Math.ceil(seconds / 60);
  return minutes === 1 ? '1 minute' : `${minutes} minutes`;
}

/** Deletes counters of ended windows now and then, so that the table does not grow with every address ever seen. */
async function sweepNowAndThen(request: FastifyRequest, now: Date): Promise<void> {
  const { db } = request.server;
  const last = lastSweep.get(db);
  if (last !== undefined && now.getTime() - last < sweepIntervalMs && now.getTime() >= last) return;
  lastSweep.set(db, now.getTime());
  try {
    await sweepRateLimits(db, new Date(now.getTime() - longestRateLimitWindowMs));
  } catch (error) {
    // A failed sweep only delays cleaning; the limit itself must still be checked.
    request.log.warn({ err: error }, 'rate limit sweep failed');
  }
}
