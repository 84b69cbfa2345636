import fp from 'fastify-plugin';
import { recoveryRoutes } from '../recovery/recoveryRoutes';
import { mailPlugin } from './mailPlugin';
import { outboxRoutes } from './outboxRoutes';

/**
 * Email (issue 5): the mail transport (app.mailer, one per app, closed with it), the
 * administrators' outbox and password recovery. One registration in app.ts.
 */
export const emailPlugin = fp(async (app) => {
  await app.register(mailPlugin);
  await app.register(outboxRoutes);
  await app.register(recoveryRoutes);
}, { name: 'cordon-email' });
