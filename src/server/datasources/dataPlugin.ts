import fp from 'fastify-plugin';
import '../fastifyDecorations';
import { keyringFromConfig } from '../crypto/keyringFromConfig';
import { withTargetChecks } from '../net/datasourceTarget';
import { createOutboundPolicy } from '../net/outboundPolicy';
import './dataDecorations';
import { createDrivers } from './drivers/createDrivers';

/**
 * Shared infrastructure of the data routes: the secret box (key derived once from the
 * instance's encryption password and salt) and the datasource drivers, closed on app close.
 * Drivers reach hosts only through the outbound address policy, and a datasource whose host
 * the policy refuses cannot be saved.
 */
export const dataPlugin = fp(async (app) => {
  app.decorate('secretBox', keyringFromConfig(app.config));
  // Every datasource connection and REST request goes to an address this policy checked (issue 4).
  const policy = createOutboundPolicy(app.config.outbound);
  const drivers = withTargetChecks(createDrivers({ config: app.config, resolveOutbound: (host, port) => policy.resolve(host, port) }), policy);
  app.decorate('drivers', drivers);
  app.addHook('onClose', async () => {
    await Promise.all(Object.values(drivers).map((driver) => driver.close()));
  });
}, { name: 'cordon-data', dependencies: ['cordon-store'] });
