import { existsSync } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance, FastifyPluginAsync, FastifyReply } from 'fastify';
import { embeddingSchema, type Embedding } from '../../shared/api/apps';
import '../fastifyDecorations';
import { HttpError } from '../http/httpError';
import { evaluatorWorkerPolicy, frameAncestorsFor, pagePolicyWith } from './contentSecurityPolicy';

const evaluatorWorkerFile = /^\/assets\/evaluatorWorker-[A-Za-z0-9_-]+\.js$/;
const appPage = /^\/app\/([^/]+)/;

/**
 * Serves the built SPA from config.distDir: files as they are (hashed /assets/* cached forever),
 * and index.html for every other non-/api GET, with the page CSP. `/app/:appId...` pages get
 * frame-ancestors from the app's embedding setting.
 */
export const spaPlugin: FastifyPluginAsync = async (app) => {
  const distDir = app.config.distDir;
  if (!existsSync(path.join(distDir, 'index.html'))) {
    app.log.warn(`The web app is not built (${distDir} has no index.html): run npm run build. The API works meanwhile.`);
  }
  await app.register(fastifyStatic, { root: distDir, serve: false, index: false, dotfiles: 'ignore' });

  app.get('/*', { schema: { hide: true } }, async (request, reply) => {
    const pathname = decodePathname(request.url);
    if (pathname === '/api' || pathname.startsWith('/api/')) {
      throw new HttpError(404, 'not_found', `no route GET ${pathname}`);
    }
    const file = await existingFile(distDir, pathname);
    if (file !== null && file !== 'index.html') {
      if (file.startsWith('assets/')) {
        // Vite puts a content hash in every asset name: a changed file has a new name.
        reply.header('Cache-Control', 'public, max-age=31536000, immutable');
        if (evaluatorWorkerFile.test(pathname)) reply.header('Content-Security-Policy', evaluatorWorkerPolicy);
        return reply.sendFile(file, { cacheControl: false });
      }
      return reply.sendFile(file);
    }
    return sendIndexHtml(app, pathname, reply);
  });
};

async function sendIndexHtml(app: FastifyInstance, pathname: string, reply: FastifyReply): Promise<FastifyReply> {
  let html: Buffer;
  try {
    html = await readFile(path.join(app.config.distDir, 'index.html'));
  } catch {
    return reply.code(503).type('application/json; charset=utf-8')
      .send({ code: 'internal', message: 'The web app is not built: run npm run build' });
  }
  const appId = appPage.exec(pathname)?.[1];
  const frameAncestors = frameAncestorsFor(appId === undefined ? null : await appEmbedding(app, appId));
  return reply
    .header('Content-Security-Policy', pagePolicyWith(frameAncestors))
    // The page names the hashed assets of the current build: always revalidate it.
    .header('Cache-Control', 'no-cache')
    .type('text/html; charset=utf-8')
    .send(html);
}

/** The app's embedding setting; null (same origin only) for an unknown app or a bad value. */
async function appEmbedding(app: FastifyInstance, appId: string): Promise<Embedding | null> {
  const row = await app.db.selectFrom('apps').select('embedding').where('id', '=', appId).executeTakeFirst();
  if (!row) return null;
  try {
    const parsed = embeddingSchema.safeParse(JSON.parse(row.embedding));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

function decodePathname(url: string): string {
  const raw = url.split('?')[0] ?? '/';
  try {
    return decodeURIComponent(raw);
  } catch {
    throw new HttpError(400, 'bad_request', 'malformed URL');
  }
}

/** The path of a regular file under `root` for this URL path (relative, '/'-separated), or null. */
async function existingFile(root: string, pathname: string): Promise<string | null> {
  if (pathname.includes('\0')) return null;
  const relative = path.posix.normalize(pathname).replace(/^\/+/, '');
  if (relative === '' || relative.startsWith('..') || relative.split('/').some((segment) => segment.startsWith('.'))) return null;
  const absolute = path.resolve(root, relative);
  if (!absolute.startsWith(path.resolve(root) + path.sep)) return null;
  try {
    return (await stat(absolute)).isFile() ? relative : null;
  } catch {
    return null;
  }
}
