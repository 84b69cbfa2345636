import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';

/** Headers every response carries, API and SPA alike. */
export const securityHeaders = fp(async (app: FastifyInstance) => {
  app.addHook('onRequest', async (_request, reply) => {
    reply.header('X-Content-Type-Options', 'nosniff');
    reply.header('Referrer-Policy', 'same-origin');
  });
}, { name: 'cordon-security-headers' });
