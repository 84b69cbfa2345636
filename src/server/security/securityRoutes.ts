import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { securitySettingsSchema, updateSecuritySettingsRequestSchema } from '../../shared/api/security';
import { apiRoutes } from '../../shared/api/routes';
import { auditRequest } from '../audit/recordAuditEvent';
import { requireInstanceAdmin } from '../auth/access';
import { applyTwoFactorRequirement, shortenSessions } from '../auth/sessionStore';
import { errorResponses } from '../http/errorResponses';
import { readSecuritySettings, updateSecuritySettings } from './securitySettings';

/**
 * The instance's security settings: instance administrators only (401 signed out, 403 anyone
 * else), checked on request, before a body is even parsed.
 */
export const securityRoutes: FastifyPluginAsyncZod = async (app) => {
  app.addHook('onRequest', async (request) => { await requireInstanceAdmin(request); });

  app.get(apiRoutes.securitySettings, {
    schema: {
      tags: ['security'],
      summary: 'The security settings (instance administrators).',
      response: { 200: securitySettingsSchema, ...errorResponses(401, 403) },
    },
  }, async () => readSecuritySettings(app.db));

  app.patch(apiRoutes.securitySettings, {
    schema: {
      tags: ['security'],
      summary: 'Change some security settings (instance administrators); absent keys keep their values. Returns all settings.',
      body: updateSecuritySettingsRequestSchema,
      response: { 200: securitySettingsSchema, ...errorResponses(400, 401, 403) },
    },
  }, async (request) => {
    const next = await updateSecuritySettings(app.db, request.body);
    await auditRequest(request, { type: 'security_settings_changed', details: { changed: Object.keys(request.body).sort() } });
    // Each session slides by its own duration, so a shorter setting would otherwise reach only
    // new sessions: cut the existing ones down to it now (a longer one waits for new sessions).
    if (request.body.sessionDurationHours !== undefined) await shortenSessions(app.db, next.sessionDurationHours);
    // Requiring two-factor restricts the existing sessions of users without it at once (and lifts it when turned off).
    if (request.body.requireTwoFactor !== undefined) await applyTwoFactorRequirement(app.db, next.requireTwoFactor);
    return next;
  });
};
