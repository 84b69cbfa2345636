import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { type Kysely, sql } from 'kysely';
import { z } from 'zod';
import {
  type AdminUserDto, adminUserDtoSchema, adminUserListQuerySchema, adminUserListResponseSchema,
  createAdminUserRequestSchema, setUserPasswordRequestSchema,
} from '../../shared/api/adminUsers';
import { apiRoutes } from '../../shared/api/routes';
import { auditRequest } from '../audit/recordAuditEvent';
import { createAccount } from '../auth/createAccount';
import { hashPassword } from '../auth/passwords';
import { requireInstanceAdmin } from '../auth/access';
import { errorResponses } from '../http/errorResponses';
import { HttpError } from '../http/httpError';
import { routePattern } from '../http/routePattern';
import { checkReplacementPassword } from '../security/checkReplacementPassword';
import { replacePassword } from '../security/replacePassword';
import { readSecuritySettings } from '../security/securitySettings';
import type { Database } from '../store/database';

const userParams = z.object({ userId: z.string().min(1).max(100) });

/**
 * Instance administrators: list users (search, cursor pages), create a user (the dictionary and
 * personal-data policies apply) and set a user's password (every policy, history included; the
 * user's sessions end).
 */
export const adminUserRoutes: FastifyPluginAsyncZod = async (app) => {
  // Checked before the body or the query string is validated: a stranger learns nothing from a 400.
  const onlyAdmins = async (request: Parameters<typeof requireInstanceAdmin>[0]) => { await requireInstanceAdmin(request); };

  app.get(apiRoutes.adminUsers, {
    onRequest: onlyAdmins,
    schema: {
      tags: ['admin'],
      summary: 'Users of the instance ordered by email, with a case-insensitive search on email and name (instance administrators only).',
      querystring: adminUserListQuerySchema,
      response: { 200: adminUserListResponseSchema, ...errorResponses(400, 401, 403) },
    },
  }, async (request) => {
    const { search, cursor, limit } = request.query;
    let query = app.db.selectFrom('users').select('id');
    if (search) {
      const pattern = `%${search.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
      query = query.where(sql<boolean>`(lower(email) like ${pattern} escape '\\' or lower(name) like ${pattern} escape '\\')`);
    }
    if (cursor) query = query.where('email', '>', decodeCursor(cursor));
    const ids = (await query.orderBy('email').limit(limit + 1).execute()).map((row) => row.id);
    const users = await adminUsers(app.db, ids.slice(0, limit), app.now());
    const last = users[users.length - 1];
    return { users, nextCursor: ids.length > limit && last ? Buffer.from(last.email).toString('base64url') : null };
  });

  app.post(apiRoutes.adminUsers, {
    preValidation: onlyAdmins,
    schema: {
      tags: ['admin'],
      summary: 'Creates a user with a password (instance administrators only). The dictionary and personal-data policies apply; 409 email_taken.',
      body: createAdminUserRequestSchema,
      response: { 201: adminUserDtoSchema, ...errorResponses(400, 401, 403, 409) },
    },
  }, async (request, reply) => {
    const created = await createAccount(app.db, request.body);
    await auditRequest(request, { type: 'user_created', targetUserId: created.id });
    const [user] = await adminUsers(app.db, [created.id], app.now());
    if (!user) throw new Error('the created user is missing');
    return reply.code(201).send(user);
  });

  app.patch(routePattern(apiRoutes.adminUserPassword(':userId')), {
    preValidation: onlyAdmins,
    schema: {
      tags: ['admin'],
      summary: "Sets a user's password (instance administrators only). Every policy applies, history included; the user's sessions are revoked.",
      params: userParams,
      body: setUserPasswordRequestSchema,
      response: { 204: z.null().describe('set'), ...errorResponses(400, 401, 403, 404, 409) },
    },
  }, async (request, reply) => {
    const { userId } = request.params;
    const { password } = request.body;
    const row = await app.db.selectFrom('users')
      .select(['id', 'email', 'name', 'phone', 'password_hash', 'password_history', 'password_import'])
      .where('id', '=', userId)
      .executeTakeFirst();
    if (!row) throw new HttpError(404, 'not_found', 'No such user.');
    const settings = await readSecuritySettings(app.db);
    // An imported user's current password is the imported hash (the stored hash is only a marker).
    const previous = await checkReplacementPassword(app.db, settings, row, password);
    const passwordHash = await hashPassword(password);
    // An administrator setting their own password keeps the session they are using.
    const keepSessionId = userId === request.auth?.userId ? request.auth.sessionId : null;

    await app.db.transaction().execute(async (trx) => {
      const revoked = await replacePassword(trx, {
        userId: row.id, expectedHash: row.password_hash, passwordHash, previous, historyLength: settings.passwordHistory,
        keepSessionId, conflictMessage: 'The password was changed meanwhile. Try again.', now: app.now(),
      });
      await auditRequest(request, { type: 'password_changed', targetUserId: row.id, details: { revoked } }, trx);
    });
    return reply.code(204).send(null);
  });
};

/** The DTOs of `ids`, in the order given. */
async function adminUsers(db: Kysely<Database>, ids: string[], now: Date): Promise<AdminUserDto[]> {
  if (ids.length === 0) return [];
  const rows = await db.selectFrom('users')
    .select(['id', 'email', 'name', 'phone', 'is_instance_admin', 'totp_enabled_at', 'password_import', 'created_at'])
    .select((eb) => eb.selectFrom('sessions')
      .select((inner) => inner.fn.countAll<number | string>().as('n'))
      .whereRef('sessions.user_id', '=', 'users.id')
      .where('sessions.expires_at', '>', now.toISOString())
      .as('sessions'))
    .where('id', 'in', ids)
    .execute();
  const byId = new Map(rows.map((row) => [row.id, row]));
  return ids.flatMap((id) => {
    const row = byId.get(id);
    if (!row) return [];
    return [{
      id: row.id,
      email: row.email,
      name: row.name,
      phone: row.phone,
      isInstanceAdmin: row.is_instance_admin === 1,
      twoFactorEnabled: row.totp_enabled_at !== null,
      imported: row.password_import !== null,
      sessions: Number(row.sessions ?? 0),
      createdAt: row.created_at,
    }];
  });
}

function decodeCursor(cursor: string): string {
  const email = Buffer.from(cursor, 'base64url').toString('utf8');
  if (!email.includes('@')) throw new HttpError(400, 'bad_request', 'The cursor is not one this server returned.');
  return email;
}
