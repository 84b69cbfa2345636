import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';

/** Headers every response carries, API and SPA alike. */
export const securityHeaders = fp(async (app: FastifyInstance) => {
  // A callback hook, not an async one: it runs on every request and has nothing to wait for.
  app.addHook('onRequest', (_request, reply, done) => {
    reply.header('X-Content-Type-Options', 'nosniff');
    reply.header('Referrer-Policy', 'same-origin');
    done();
  });
}, { name: 'cordon-security-headers' });
