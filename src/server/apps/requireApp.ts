import type { FastifyRequest } from 'fastify';
import type { Role } from '../../shared/api/workspaces';
import { requireUser, requireWorkspaceRole } from '../auth/access';
import { HttpError } from '../http/httpError';
import type { AppsTable } from '../store/appTables';

/** An apps row as routes read it. */
export type AppRow = Omit<AppsTable, 'embedding'> & { embedding: string };

/**
 * The app, when the caller has at least `minRole` in its workspace. 401 signed out; 404 when
 * the app does not exist or the caller is not a member (ids cannot be probed); 403 below the role.
 */
export async function requireApp(request: FastifyRequest, appId: string, minRole: Role): Promise<{ app: AppRow; role: Role }> {
  await requireUser(request);
  const app = await request.server.db.selectFrom('apps').selectAll().where('id', '=', appId).executeTakeFirst();
  if (!app) throw new HttpError(404, 'not_found', 'No such app.');
  const { role } = await requireWorkspaceRole(request, app.workspace_id, minRole);
  return { app, role };
}
