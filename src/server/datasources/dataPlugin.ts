import fp from 'fastify-plugin';
import '../fastifyDecorations';
import { keyringFromConfig } from '../crypto/keyringFromConfig';
import { resolveOutbound } from '../net/resolveOutbound';
import './dataDecorations';
import { createDrivers } from './drivers/createDrivers';

/**
 * Shared infrastructure of the data routes: the secret box (key derived once from the
 * instance's encryption password and salt) and the datasource drivers, closed on app close.
 */
export const dataPlugin = fp(async (app) => {
  app.decorate('secretBox', keyringFromConfig(app.config));
  const drivers = createDrivers({ config: app.config, resolveOutbound: (host) => resolveOutbound(host) });
  app.decorate('drivers', drivers);
  app.addHook('onClose', async () => {
    await Promise.all(Object.values(drivers).map((driver) => driver.close()));
  });
}, { name: 'cordon-data', dependencies: ['cordon-store'] });
