import fp from 'fastify-plugin';
import '../fastifyDecorations';
import { createSecretBox } from '../crypto/secretBox';
import './dataDecorations';
import { PostgresPools } from './postgresPool';

/**
 * Shared infrastructure of the data routes: the secret box (key derived once from the
 * instance's encryption password and salt) and the datasource pools, closed on app close.
 */
export const dataPlugin = fp(async (app) => {
  app.decorate('secretBox', createSecretBox(app.config.encryptionPassword, app.config.encryptionSalt));
  const pools = new PostgresPools();
  app.decorate('postgresPools', pools);
  app.addHook('onClose', async () => {
    await pools.closeAll();
  });
}, { name: 'cordon-data', dependencies: ['cordon-store'] });
