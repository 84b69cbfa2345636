import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { clientConfigSchema } from '../../shared/api/config';
import { apiRoutes } from '../../shared/api/routes';
import { serverVersion } from './serverVersion';

/** Health, client configuration and the OpenAPI document: no sign-in needed. */
export const metaRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(apiRoutes.health, {
    schema: { tags: ['meta'], summary: 'Liveness.', response: { 200: z.object({ status: z.literal('ok') }) } },
  }, async () => ({ status: 'ok' as const }));

  app.get(apiRoutes.config, {
    schema: { tags: ['meta'], summary: 'What every client needs before it renders.', response: { 200: clientConfigSchema } },
  }, async () => ({
    iframeWidgetSandbox: !app.config.disableIframeWidgetSandbox,
    version: serverVersion(),
  }));

  app.get(apiRoutes.openapi, { schema: { hide: true } }, async () => app.swagger());
};
