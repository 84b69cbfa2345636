import type { Kysely, Transaction } from 'kysely';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { addMemberRequestSchema, memberDtoSchema, updateMemberRequestSchema, type MemberDto, type Role } from '../../shared/api/workspaces';
import { auditRequest } from '../audit/recordAuditEvent';
import { requireWorkspaceRole } from '../auth/access';
import { isUniqueViolation } from '../auth/createAccount';
import { errorResponses } from '../http/errorResponses';
import { addressSubject, limitAttempt } from '../security/rateLimitAttempt';
import { rateLimitPolicies } from '../security/rateLimitPolicies';
import { readSecuritySettings } from '../security/securitySettings';
import { HttpError } from '../http/httpError';
import type { StoreDialect } from '../store/createDatabase';
import type { Database } from '../store/database';

const workspaceParams = z.object({ workspaceId: z.string().min(1).max(100) });
const memberParams = workspaceParams.extend({ userId: z.string().min(1).max(100) });

/** Members of a workspace: any member lists them; only Administrators change them. */
export const memberRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get('/api/v1/workspaces/:workspaceId/members', {
    schema: {
      tags: ['workspaces'],
      summary: 'Members of the workspace (any member). With membership privacy on, non-Administrators see other members\' name, email and two-factor status as hidden.',
      params: workspaceParams,
      response: { 200: z.array(memberDtoSchema), ...errorResponses(401, 404) },
    },
  }, async (request) => {
    const { workspaceId } = request.params;
    const caller = await requireWorkspaceRole(request, workspaceId, 'app_viewer');
    const members = await listMembers(app.db, workspaceId);
    if (caller.role === 'administrator' || !(await readSecuritySettings(app.db)).membershipPrivacy) return members;
    // Membership privacy: the caller's own row stays; the others keep only their id and role.
    return members.map((member) => member.userId === caller.userId ? member : hideMember(member));
  });

  app.post('/api/v1/workspaces/:workspaceId/members', {
    schema: {
      tags: ['workspaces'],
      summary: 'Add an existing account to the workspace (Administrator).',
      params: workspaceParams,
      body: addMemberRequestSchema,
      response: { 201: memberDtoSchema, ...errorResponses(400, 401, 403, 404, 409, 429) },
    },
  }, async (request, reply) => {
    const { workspaceId } = request.params;
    const { userId: adderId } = await requireWorkspaceRole(request, workspaceId, 'administrator');
    // Counted before the email is looked up (a 404 says the email has no account); given back when it has one.
    const attempt = await limitAttempt(request, reply, [
      { policy: rateLimitPolicies.memberAdd, kind: 'ip', subject: addressSubject(request.ip) },
      { policy: rateLimitPolicies.memberAdd, kind: 'user', subject: adderId },
    ]);
    const user = await app.db.selectFrom('users').select(['id', 'email', 'name', 'totp_enabled_at']).where('email', '=', request.body.email).executeTakeFirst();
    if (!user) throw new HttpError(404, 'not_found', 'No account has this email. Ask them to sign up first.');
    await attempt.refund();
    try {
      await app.db.insertInto('memberships').values({
        workspace_id: workspaceId, user_id: user.id, role: request.body.role, created_at: new Date().toISOString(),
      }).execute();
    } catch (error) {
      if (isUniqueViolation(error)) throw new HttpError(409, 'conflict', 'This account is already a member of the workspace.');
      throw error;
    }
    await auditRequest(request, { type: 'member_added', targetUserId: user.id, workspaceId, details: { role: request.body.role } });
    const member: MemberDto = { userId: user.id, email: user.email, name: user.name, role: request.body.role, twoFactorEnabled: user.totp_enabled_at !== null, hidden: false };
    return reply.code(201).send(member);
  });

  app.patch('/api/v1/workspaces/:workspaceId/members/:userId', {
    schema: {
      tags: ['workspaces'],
      summary: "Change a member's role (Administrator). The last Administrator cannot be demoted.",
      params: memberParams,
      body: updateMemberRequestSchema,
      response: { 200: memberDtoSchema, ...errorResponses(400, 401, 403, 404, 409) },
    },
  }, async (request) => {
    const { workspaceId, userId } = request.params;
    const caller = await requireWorkspaceRole(request, workspaceId, 'administrator');
    const role = request.body.role;
    await app.db.transaction().execute(async (trx) => {
      const administrators = await lockAdministrators(trx, app.storeDialect, workspaceId, caller.userId);
      const current = await memberRole(trx, workspaceId, userId);
      if (current === 'administrator' && role !== 'administrator') assertAnotherAdministrator(administrators, userId);
      await trx.updateTable('memberships').set({ role }).where('workspace_id', '=', workspaceId).where('user_id', '=', userId).execute();
      if (current !== role) await auditRequest(request, { type: 'member_role_changed', targetUserId: userId, workspaceId, details: { role, previousRole: current } }, trx);
    });
    const member = (await listMembers(app.db, workspaceId)).find((candidate) => candidate.userId === userId);
    if (!member) throw new HttpError(404, 'not_found', 'No such member.');
    return member;
  });

  app.delete('/api/v1/workspaces/:workspaceId/members/:userId', {
    schema: {
      tags: ['workspaces'],
      summary: 'Remove a member (Administrator). The last Administrator cannot be removed.',
      params: memberParams,
      response: { 204: z.null().describe('removed'), ...errorResponses(401, 403, 404, 409) },
    },
  }, async (request, reply) => {
    const { workspaceId, userId } = request.params;
    const caller = await requireWorkspaceRole(request, workspaceId, 'administrator');
    await app.db.transaction().execute(async (trx) => {
      const administrators = await lockAdministrators(trx, app.storeDialect, workspaceId, caller.userId);
      const current = await memberRole(trx, workspaceId, userId);
      if (current === 'administrator') assertAnotherAdministrator(administrators, userId);
      await trx.deleteFrom('memberships').where('workspace_id', '=', workspaceId).where('user_id', '=', userId).execute();
      await auditRequest(request, { type: 'member_removed', targetUserId: userId, workspaceId, details: { previousRole: current } }, trx);
    });
    return reply.code(204).send(null);
  });
};

async function listMembers(db: Kysely<Database>, workspaceId: string): Promise<MemberDto[]> {
  const rows = await db.selectFrom('memberships')
    .innerJoin('users', 'users.id', 'memberships.user_id')
    .select(['users.id as userId', 'users.email as email', 'users.name as name', 'memberships.role as role', 'users.totp_enabled_at as totpEnabledAt'])
    .where('memberships.workspace_id', '=', workspaceId)
    .orderBy('memberships.created_at')
    .orderBy('users.email')
    .execute();
  return rows.map(({ totpEnabledAt, ...row }) => ({ ...row, twoFactorEnabled: totpEnabledAt !== null, hidden: false }));
}

/** The row as membership privacy shows it: id and role only, nothing of the real values. */
function hideMember(member: MemberDto): MemberDto {
  return { userId: member.userId, role: member.role, email: null, name: null, twoFactorEnabled: null, hidden: true };
}

async function memberRole(trx: Transaction<Database>, workspaceId: string, userId: string): Promise<Role> {
  const row = await trx.selectFrom('memberships').select('role')
    .where('workspace_id', '=', workspaceId).where('user_id', '=', userId)
    .executeTakeFirst();
  if (!row) throw new HttpError(404, 'not_found', 'No such member.');
  return row.role;
}

/**
 * The workspace's administrators, read inside the transaction. On PostgreSQL their rows are
 * locked, so two concurrent changes to administrators run one after the other and the second
 * sees the first; SQLite runs one write transaction at a time anyway. The caller must still be
 * one of them (403 otherwise): a concurrent demotion may have landed since the route's check.
 */
async function lockAdministrators(trx: Transaction<Database>, dialect: StoreDialect, workspaceId: string, callerId: string): Promise<string[]> {
  let query = trx.selectFrom('memberships').select('user_id')
    .where('workspace_id', '=', workspaceId)
    .where('role', '=', 'administrator');
  if (dialect === 'postgres') query = query.forUpdate();
  const administrators = (await query.execute()).map((row) => row.user_id);
  if (!administrators.includes(callerId)) {
    throw new HttpError(403, 'forbidden', 'This needs the Administrator role in this workspace.');
  }
  return administrators;
}

/** 409 unless the workspace keeps an Administrator besides `userId`. */
function assertAnotherAdministrator(administrators: string[], userId: string): void {
  if (!administrators.some((id) => id !== userId)) {
    throw new HttpError(409, 'conflict', 'A workspace needs at least one Administrator: make someone else Administrator first.');
  }
}
