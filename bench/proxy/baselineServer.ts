/**
 * The baseline of `npm run bench:proxy`, run as a child process: a bare Fastify app with one
 * route that runs the benchmark's statement straight through a pg pool of the same size as
 * Cordon's datasource pools. Same body parsing (Fastify's JSON parser), JSON out; no session,
 * no store, no logging, no transaction. Bundled with esbuild like the Cordon side
 * (childServer.ts). Reports its port to the parent over IPC.
 */
import Fastify from 'fastify';
import pg from 'pg';
import { poolLimits } from '../../src/server/datasources/postgresPool';

const url = process.env.BENCH_DATASOURCE_URL;
if (!url) throw new Error('BENCH_DATASOURCE_URL is not set');

const pool = new pg.Pool({ connectionString: url, max: poolLimits.max, idleTimeoutMillis: poolLimits.idleTimeoutMillis });
pool.on('error', () => {});
const app = Fastify({ logger: false });

app.post('/baseline/execute', async (request) => {
  const params = (request.body as { params?: Record<string, unknown> } | undefined)?.params ?? {};
  const started = performance.now();
  const result = await pool.query('select * from bench_items where id = $1', [params[' Input1.text '] ?? null]);
  return {
    rows: result.rows, fields: result.fields.map((field) => ({ name: field.name })), rowCount: result.rowCount ?? result.rows.length,
    truncated: false, durationMs: Math.round(performance.now() - started),
  };
});

const shutdown = () => {
  void app.close().then(() => pool.end()).finally(() => process.exit(0));
};
process.once('SIGTERM', shutdown);
process.once('disconnect', shutdown);

await app.listen({ host: '127.0.0.1', port: 0 });
const address = app.server.address();
process.send?.({ port: typeof address === 'object' && address ? address.port : 0 });
