import type { Kysely } from 'kysely';
import { type SessionDto, type SessionProvider, sessionProviders } from '../../shared/api/sessions';
import type { Database } from '../store/database';
import { describeDevice } from './describeDevice';

/**
 * The live sessions of `userId`, newest first, as DTOs: never the token hash. `currentSessionId`
 * marks the session of the request that asks (null: none of them, e.g. an administrator's view).
 */
export async function listSessions(db: Kysely<Database>, userId: string, currentSessionId: string | null, now = new Date()): Promise<SessionDto[]> {
  const rows = await db.selectFrom('sessions')
    .select(['id', 'user_agent', 'ip', 'provider', 'created_at', 'last_used_at', 'expires_at'])
    .where('user_id', '=', userId)
    .where('expires_at', '>', now.toISOString())
    .orderBy('created_at', 'desc').orderBy('id', 'desc')
    .execute();
  return rows.map((row) => ({
    id: row.id,
    device: describeDevice(row.user_agent),
    userAgent: row.user_agent,
    ip: row.ip,
    provider: knownProvider(row.provider),
    createdAt: row.created_at,
    lastUsedAt: row.last_used_at,
    expiresAt: row.expires_at,
    current: row.id === currentSessionId,
  }));
}

function knownProvider(provider: string): SessionProvider {
  return (sessionProviders as readonly string[]).includes(provider) ? provider as SessionProvider : 'password';
}
