import type { FastifyRequest } from 'fastify';
import type { Role } from '../../shared/api/workspaces';
import '../fastifyDecorations';
import { HttpError } from '../http/httpError';

/** The signed-in user, as routes need it. */
export interface CurrentUser {
  id: string;
  email: string;
  name: string;
  isInstanceAdmin: boolean;
}

const roleRank: Record<Role, number> = { app_viewer: 1, developer: 2, administrator: 3 };

/** True when `role` is at least `minRole` (administrator > developer > app_viewer). */
export function roleAtLeast(role: Role, minRole: Role): boolean {
  return roleRank[role] >= roleRank[minRole];
}

/** The signed-in user, or 401 `unauthenticated`. */
export async function requireUser(request: FastifyRequest): Promise<CurrentUser> {
  const auth = request.auth;
  if (!auth) throw new HttpError(401, 'unauthenticated', 'Sign in to continue.');
  const user = await request.server.db.selectFrom('users')
    .select(['id', 'email', 'name', 'is_instance_admin'])
    .where('id', '=', auth.userId)
    .executeTakeFirst();
  if (!user) throw new HttpError(401, 'unauthenticated', 'Sign in to continue.');
  return { id: user.id, email: user.email, name: user.name, isInstanceAdmin: user.is_instance_admin === 1 };
}

/**
 * The signed-in user when they administer the instance; 401 signed out, 403 `forbidden` otherwise.
 * Routes call it from an onRequest hook, before the body or query string is validated, so that a
 * stranger learns nothing from a 400.
 */
export async function requireInstanceAdmin(request: FastifyRequest): Promise<CurrentUser> {
  const user = await requireUser(request);
  if (!user.isInstanceAdmin) throw new HttpError(403, 'forbidden', 'Only administrators of this Cordon instance can do this.');
  return user;
}

/**
 * The caller's role in `workspaceId`, at least `minRole`. 401 when signed out; 404 `not_found`
 * when the caller is not a member (so workspace ids cannot be probed); 403 `forbidden` when
 * the role is below `minRole`.
 */
export async function requireWorkspaceRole(request: FastifyRequest, workspaceId: string, minRole: Role): Promise<{ userId: string; role: Role }> {
  const auth = request.auth;
  if (!auth) throw new HttpError(401, 'unauthenticated', 'Sign in to continue.');
  const membership = await request.server.db.selectFrom('memberships')
    .select('role')
    .where('workspace_id', '=', workspaceId)
    .where('user_id', '=', auth.userId)
    .executeTakeFirst();
  if (!membership) throw new HttpError(404, 'not_found', 'No such workspace.');
  if (!roleAtLeast(membership.role, minRole)) {
    throw new HttpError(403, 'forbidden', `This needs the ${roleLabel(minRole)} role in this workspace.`);
  }
  return { userId: auth.userId, role: membership.role };
}

function roleLabel(role: Role): string {
  return role === 'app_viewer' ? 'App Viewer' : role === 'developer' ? 'Developer' : 'Administrator';
}
