// Types of the decorators dataPlugin adds, by declaration merging (Fastify's way).
import type { SecretBox } from '../crypto/secretBox';
import type { DriverRegistry } from './drivers/createDrivers';

declare module 'fastify' {
  interface FastifyInstance {
    /** Encrypts and decrypts datasource secrets; its key is derived once at start. */
    secretBox: SecretBox;
    /** One driver per datasource kind, each with its own connection pools; all closed when the app closes. */
    drivers: DriverRegistry;
  }
}
