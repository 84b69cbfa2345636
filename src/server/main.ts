// The process entry: read the configuration, build the app, listen, and shut down cleanly.
import type { Server } from 'node:net';
import { buildApp } from './app';
import { ConfigError, loadConfig, type ServerConfig } from './config/loadConfig';

async function main(): Promise<void> {
  let config: ServerConfig;
  try {
    config = loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(`Cordon cannot start: ${error.message}`);
      process.exit(1);
    }
    throw error;
  }

  const app = await buildApp({ config, logger: true });
  await app.listen({ port: config.port, host: config.host });
  console.log(`Cordon is running at ${displayUrl(config, app.server.address())}`);

  let closing = false;
  const shutdown = (signal: string) => {
    if (closing) return;
    closing = true;
    app.log.info({ signal }, 'shutting down');
    // Stop accepting connections, let in-flight requests finish, close the store.
    app.close().then(() => process.exit(0), (error: unknown) => {
      app.log.error({ err: error }, 'shutdown failed');
      process.exit(1);
    });
  };
  process.once('SIGINT', () => shutdown('SIGINT'));
  process.once('SIGTERM', () => shutdown('SIGTERM'));
}

/** The URL a person should open: the public URL when set, else localhost on the bound port. */
function displayUrl(config: ServerConfig, address: ReturnType<Server['address']>): string {
  if (config.publicUrl) return config.publicUrl.origin;
  const port = typeof address === 'object' && address !== null ? address.port : config.port;
  const host = config.host === '0.0.0.0' || config.host === '::' ? 'localhost' : config.host;
  return `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
}

main().catch((error: unknown) => {
  console.error('Cordon failed to start:', error instanceof Error ? error.message : error);
  process.exit(1);
});
