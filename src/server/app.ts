import fastifyCookie from '@fastify/cookie';
import fastifySwagger from '@fastify/swagger';
import Fastify, { type FastifyInstance, type FastifyServerOptions } from 'fastify';
import fp from 'fastify-plugin';
import { jsonSchemaTransform, serializerCompiler, validatorCompiler } from 'fastify-type-provider-zod';
import { appRoutes } from './apps/appRoutes';
import { exportRoutes } from './apps/exportRoutes';
import { publishRoutes } from './apps/publishRoutes';
import { dataPlugin } from './datasources/dataPlugin';
import { datasourceRoutes } from './datasources/datasourceRoutes';
import { sqliteRoutes } from './datasources/sqliteRoutes';
import { draftRunRoutes } from './queries/draftRunRoutes';
import { executeRoutes } from './view/executeRoutes';
import { viewRoutes } from './view/viewRoutes';
import { authPlugin } from './auth/authPlugin';
import { authRoutes } from './auth/authRoutes';
import { emailSignInRoutes } from './emailSignIn/emailSignInRoutes';
import { passwordRoutes } from './account/passwordRoutes';
import { securityRoutes } from './security/securityRoutes';
import { sessionRoutes } from './account/sessionRoutes';
import { userSessionRoutes } from './admin/userSessionRoutes';
import { userImportRoutes } from './admin/userImportRoutes';
import { adminUserRoutes } from './admin/adminUserRoutes';
import { userTwoFactorRoutes } from './admin/userTwoFactorRoutes';
import { auditRoutes } from './audit/auditRoutes';
import { twoFactorRoutes } from './twoFactor/twoFactorRoutes';
import { phoneRoutes } from './phone/phoneRoutes';
import { emailPlugin } from './mail/emailPlugin';
import type { ServerConfig } from './config/loadConfig';
import './fastifyDecorations';
import { registerErrorHandling } from './http/errorHandler';
import { originCheck } from './http/originCheck';
import { OneLineRequestLog } from './http/OneLineRequestLog';
import { turnBatchedDestination } from './http/turnBatchedDestination';
import { securityHeaders } from './http/securityHeaders';
import { metaRoutes } from './meta/metaRoutes';
import { serverVersion } from './meta/serverVersion';
import { spaPlugin } from './spa/spaPlugin';
import { createDatabase } from './store/createDatabase';
import { startPostgresChangeFeed } from './store/postgresChangeFeed';
import { memberRoutes } from './workspaces/memberRoutes';
import { workspaceRoutes } from './workspaces/workspaceRoutes';

export interface BuildAppOptions {
  config: ServerConfig;
  /** false (default, for tests), true (pino at config.logLevel), or extra pino options. */
  logger?: boolean | object;
  /** The server's clock (default: the real time); tests pass one they can move instead of sleeping. */
  now?: () => Date;
}

/** Request bodies above this get 413 `payload_too_large`. App documents are the largest bodies. */
export const bodyLimitBytes = 5 * 1024 * 1024;

/**
 * Builds the whole server (API + SPA) without listening, so tests can use `app.inject()`.
 * Opens and migrates the store; `app.close()` closes it.
 */
export async function buildApp(opts: BuildAppOptions): Promise<FastifyInstance> {
  const { config } = opts;
  const app = Fastify({
    logger: loggerOptions(opts),
    bodyLimit: bodyLimitBytes,
    // One access line per request instead of two.
    logController: new OneLineRequestLog(),
    // request.ip is the socket's address unless the administrator named the proxies in front.
    ...(config.trustProxy === undefined ? {} : { trustProxy: trustProxyOption(config.trustProxy) }),
  });
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  registerErrorHandling(app);

  // Infrastructure, shared with every plugin below (fastify-plugin: not encapsulated).
  const store = await createDatabase({ dataDir: config.dataDir, databaseUrl: config.databaseUrl });
  await app.register(fp(async (instance) => {
    instance.decorate('config', config);
    instance.decorate('db', store.db);
    instance.decorate('storeDialect', store.dialect);
    instance.decorate('storeChanges', store.changes);
    instance.decorate('now', opts.now ?? (() => new Date()));
    // Several instances on one PostgreSQL store hear each other's writes (caches stay exact).
    const feed = config.databaseUrl
      ? await startPostgresChangeFeed(config.databaseUrl, store.changes, instance.log).catch(async (error: unknown) => {
        await store.db.destroy();
        throw error;
      })
      : undefined;
    instance.addHook('onClose', async () => {
      await feed?.close();
      await store.db.destroy();
    });
  }, { name: 'cordon-store' }));
  await app.register(fastifySwagger, {
    openapi: {
      info: { title: 'Cordon API', version: serverVersion(), description: 'Errors are `{ code, message }`; see docs/api.md.' },
    },
    transform: jsonSchemaTransform,
  });
  await app.register(fastifyCookie);
  await app.register(securityHeaders);
  await app.register(originCheck);
  await app.register(authPlugin);
  await app.register(emailPlugin);

  // One encapsulated plugin per resource.
  await app.register(metaRoutes);
  await app.register(authRoutes);
  await app.register(emailSignInRoutes);
  await app.register(workspaceRoutes);
  await app.register(memberRoutes);
  await app.register(securityRoutes);
  await app.register(passwordRoutes);
  await app.register(sessionRoutes);
  await app.register(userSessionRoutes);
  await app.register(userImportRoutes);
  await app.register(adminUserRoutes);
  await app.register(userTwoFactorRoutes);
  await app.register(auditRoutes);
  await app.register(phoneRoutes);

  // ---- SERVER-DATA: register apps, publish, view, export/import, datasources, queries here ----
  await app.register(dataPlugin);
  await app.register(appRoutes);
  await app.register(publishRoutes);
  await app.register(exportRoutes);
  await app.register(datasourceRoutes);
  await app.register(sqliteRoutes);
  await app.register(draftRunRoutes);
  await app.register(viewRoutes);
  await app.register(executeRoutes);
  await app.register(twoFactorRoutes); // after dataPlugin: it seals TOTP secrets with the secret box

  // ---- end of SERVER-DATA ----

  // Last: the SPA's catch-all GET must not shadow any API route.
  await app.register(spaPlugin);
  await app.ready();
  return app;
}

function loggerOptions(opts: BuildAppOptions): FastifyServerOptions['logger'] {
  if (!opts.logger) return false;
  return {
    level: opts.config.logLevel,
    // Fastify logs method, URL and status only; never bodies (I5). Headers are redacted in case
    // a serializer or a route ever logs them.
    redact: {
      paths: ['req.headers.cookie', 'req.headers.authorization', 'res.headers["set-cookie"]', 'headers.cookie', 'headers.authorization'],
      censor: '[redacted]',
    },
    // Stdout, one write per event-loop turn instead of one per line (turnBatchedDestination.ts),
    // unless the caller brings its own stream (tests).
    ...(typeof opts.logger === 'object' && 'stream' in opts.logger ? {} : { stream: turnBatchedDestination() }),
    ...(typeof opts.logger === 'object' ? opts.logger : {}),
  };
}

/** Fastify's trustProxy from CORDON_TRUST_PROXY: a list of proxies, or the first N hops (counted from the socket). */
function trustProxyOption(trust: string[] | number): string[] | ((address: string, hop: number) => boolean) {
  return typeof trust === 'number' ? (_address, hop) => hop < trust : trust;
}
