import { createHash } from 'node:crypto';
import { type Kysely, sql } from 'kysely';
import type { Database } from '../store/database';

/** A limit: at most `limit` counted attempts in a window of `windowMs` that starts at the first one. */
export interface RateLimitRule {
  limit: number;
  windowMs: number;
}

export interface RateLimitHit {
  /** False when this hit went over the limit. */
  allowed: boolean;
  /** Attempts left in the current window after this hit (never negative). */
  remaining: number;
  /** When the current window ends and the count starts again from zero. */
  resetAt: Date;
  /** The count after this hit; with `windowStart`, what `refund` needs. */
  count: number;
  windowStart: string;
}

/**
 * The store key of a limited subject: `<name>:<kind>:<sha256 hex>`. The subject (an email, an
 * address) is hashed so that the table never holds what people typed, e.g. someone else's email.
 */
export function rateLimitKey(name: string, kind: string, subject: string): string {
  return `${name}:${kind}:${createHash('sha256').update(subject).digest('hex')}`;
}

/**
 * Counts one attempt against `key` in one atomic statement (an upsert), so that concurrent
 * requests and several server instances on one store count every attempt exactly once: N
 * parallel hits leave count N. A window starts at the first attempt (not at a clock boundary:
 * no burst of 2×limit around a boundary) and is replaced by a fresh one at the first attempt
 * after it ends. Attempts over the limit are counted too but never extend the window.
 */
export async function hit(db: Kysely<Database>, key: string, options: RateLimitRule & { now: Date }): Promise<RateLimitHit> {
  const nowIso = options.now.toISOString();
  // A window that started at or before this instant has ended. ISO strings of toISOString()
  // compare in time order, on SQLite and PostgreSQL alike.
  const endedIso = new Date(options.now.getTime() - options.windowMs).toISOString();
  const ended = sql<boolean>`${sql.ref('rate_limits.window_start')} <= ${endedIso}`;
  const row = await db.insertInto('rate_limits')
    .values({ key, window_start: nowIso, count: 1 })
    .onConflict((conflict) => conflict.column('key').doUpdateSet({
      // Both right-hand sides read the row as it was before this update (SQL semantics).
      count: sql<number>`case when ${ended} then 1 else ${sql.ref('rate_limits.count')} + 1 end`,
      window_start: sql<string>`case when ${ended} then ${sql.ref('excluded.window_start')} else ${sql.ref('rate_limits.window_start')} end`,
    }))
    .returning(['count', 'window_start'])
    .executeTakeFirstOrThrow();
  const count = Number(row.count);
  return {
    allowed: count <= options.limit,
    remaining: Math.max(0, options.limit - count),
    resetAt: new Date(Date.parse(row.window_start) + options.windowMs),
    count,
    windowStart: row.window_start,
  };
}

/**
 * Gives back one attempt counted by `hit` (e.g. a sign-in that turned out right), only in the
 * window it was counted in, never below zero.
 */
export async function refund(db: Kysely<Database>, key: string, windowStart: string): Promise<void> {
  await db.updateTable('rate_limits')
    .set({ count: sql<number>`${sql.ref('count')} - 1` })
    .where('key', '=', key)
    .where('window_start', '=', windowStart)
    .where('count', '>', 0)
    .execute();
}

/** Deletes the counters whose window started at or before `before`; returns how many. */
export async function sweepRateLimits(db: Kysely<Database>, before: Date): Promise<number> {
  const result = await db.deleteFrom('rate_limits').where('window_start', '<=', before.toISOString()).executeTakeFirst();
  return Number(result.numDeletedRows);
}
