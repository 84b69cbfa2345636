import type { FastifyRequest } from 'fastify';
import { type CurrentUser, requireUser } from '../auth/access';
import { HttpError } from '../http/httpError';

/** The signed-in user when they administer the instance; 401 signed out, 403 `forbidden` otherwise. */
export async function requireInstanceAdmin(request: FastifyRequest): Promise<CurrentUser> {
  const user = await requireUser(request);
  if (!user.isInstanceAdmin) throw new HttpError(403, 'forbidden', 'Only instance administrators can do this.');
  return user;
}
