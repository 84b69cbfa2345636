/**
 * Cordon as `npm start` runs it (buildApp with the logger on, configuration from the
 * environment), bundled ahead of time with esbuild like `npm start`'s server (childServer.ts,
 * scripts/buildServer.ts), as a child process of `npm run bench:proxy`, so the load generator
 * does not share its event loop. Reports its port to the parent over IPC; SIGTERM closes it cleanly
 * (which also writes a --cpu-prof profile).
 */
import { buildApp } from '../../src/server/app';
import { loadConfig } from '../../src/server/config/loadConfig';

const app = await buildApp({ config: loadConfig(), logger: true });
const shutdown = () => {
  void app.close().finally(() => process.exit(0));
};
process.once('SIGTERM', shutdown);
process.once('disconnect', shutdown);

await app.listen({ host: '127.0.0.1', port: 0 });
const address = app.server.address();
process.send?.({ port: typeof address === 'object' && address ? address.port : 0 });
