import type { FastifyInstance, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import '../fastifyDecorations';
import { HttpError } from './httpError';

const stateChanging = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/**
 * Refuses state-changing requests sent by a browser from another origin (403 `cross_origin`),
 * a CSRF defence on top of SameSite=Lax. The `Origin` header decides when present; otherwise
 * `Sec-Fetch-Site`. A request with neither is not from a browser and is allowed.
 */
export const originCheck = fp(async (app: FastifyInstance) => {
  app.addHook('onRequest', async (request) => {
    if (!stateChanging.has(request.method)) return;
    const origin = request.headers.origin;
    if (origin !== undefined) {
      if (!sameOrigin(origin, ownOrigin(request))) {
        throw new HttpError(403, 'cross_origin', 'Requests that change data must come from Cordon itself.');
      }
      return;
    }
    const site = request.headers['sec-fetch-site'];
    if (site === 'cross-site' || site === 'same-site') {
      throw new HttpError(403, 'cross_origin', 'Requests that change data must come from Cordon itself.');
    }
  });
}, { name: 'cordon-origin-check' });

/** The origin this request was addressed to: CORDON_PUBLIC_URL's when set, else protocol + Host. */
function ownOrigin(request: FastifyRequest): string | null {
  const publicUrl = request.server.config.publicUrl;
  if (publicUrl) return publicUrl.origin;
  const host = request.headers.host;
  if (!host) return null;
  return normalise(`${request.protocol}://${host}`);
}

function sameOrigin(origin: string, own: string | null): boolean {
  if (own === null) return false;
  // `Origin: null` (sandboxed frames, file://) never matches: normalise returns null for it.
  return normalise(origin) === own;
}

function normalise(origin: string): string | null {
  try {
    const url = new URL(origin);
    return url.origin === 'null' ? null : url.origin;
  } catch {
    return null;
  }
}
