import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { apiRoutes } from '../../shared/api/routes';
import { createWorkspaceRequestSchema, workspaceDtoSchema } from '../../shared/api/workspaces';
import { requireUser } from '../auth/access';
import { errorResponses } from '../http/errorResponses';
import { newId } from '../store/newId';

/** The caller's workspaces, and creating one (the creator administers it). */
export const workspaceRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(apiRoutes.workspaces, {
    schema: {
      tags: ['workspaces'],
      summary: "The caller's workspaces, each with the caller's role.",
      response: { 200: z.array(workspaceDtoSchema), ...errorResponses(401) },
    },
  }, async (request) => {
    const user = await requireUser(request);
    return app.db.selectFrom('workspaces')
      .innerJoin('memberships', 'memberships.workspace_id', 'workspaces.id')
      .select(['workspaces.id as id', 'workspaces.name as name', 'memberships.role as role'])
      .where('memberships.user_id', '=', user.id)
      .orderBy('workspaces.created_at')
      .orderBy('workspaces.id')
      .execute();
  });

  app.post(apiRoutes.workspaces, {
    schema: {
      tags: ['workspaces'],
      summary: 'Create a workspace; the caller becomes its Administrator.',
      body: createWorkspaceRequestSchema,
      response: { 201: workspaceDtoSchema, ...errorResponses(400, 401, 403) },
    },
  }, async (request, reply) => {
    const user = await requireUser(request);
    const now = new Date().toISOString();
    const workspace = { id: newId('wsp_'), name: request.body.name, created_at: now };
    await app.db.transaction().execute(async (trx) => {
      await trx.insertInto('workspaces').values(workspace).execute();
      await trx.insertInto('memberships').values({ workspace_id: workspace.id, user_id: user.id, role: 'administrator', created_at: now }).execute();
    });
    return reply.code(201).send({ id: workspace.id, name: workspace.name, role: 'administrator' as const });
  });
};
