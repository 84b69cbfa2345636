// Types of the decorators dataPlugin adds, by declaration merging (Fastify's way).
import type { SecretBox } from '../crypto/secretBox';
import type { PostgresPools } from './postgresPool';

declare module 'fastify' {
  interface FastifyInstance {
    /** Encrypts and decrypts datasource secrets; its key is derived once at start. */
    secretBox: SecretBox;
    /** One pg pool per datasource; all closed when the app closes. */
    postgresPools: PostgresPools;
  }
}
