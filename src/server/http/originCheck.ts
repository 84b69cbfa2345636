import type { FastifyInstance, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import '../fastifyDecorations';
import { boundedMemo } from '../../shared/boundedMemo';
import { HttpError } from './httpError';

const stateChanging = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/**
 * Refuses state-changing requests sent by a browser from another origin (403 `cross_origin`),
 * a CSRF defence on top of SameSite=Lax. The `Origin` header decides when present; otherwise
 * `Sec-Fetch-Site`. A request with neither is not from a browser and is allowed.
 */
export const originCheck = fp(async (app: FastifyInstance) => {
  // A callback hook, not an async one: it runs on every request and has nothing to wait for.
  app.addHook('onRequest', (request, _reply, done) => {
    done(crossOrigin(request) ? new HttpError(403, 'cross_origin', 'Requests that change data must come from Cordon itself.') : undefined);
  });
}, { name: 'cordon-origin-check' });

function crossOrigin(request: FastifyRequest): boolean {
  if (!stateChanging.has(request.method)) return false;
  const origin = request.headers.origin;
  if (origin !== undefined) return !sameOrigin(origin, ownOrigin(request));
  const site = request.headers['sec-fetch-site'];
  return site === 'cross-site' || site === 'same-site';
}

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

/** A browser sends the same few origins over and over: each is parsed once (at most 100 kept: the header is the client's to choose). */
const normalise = boundedMemo((origin: string): string | null => {
  try {
    const url = new URL(origin);
    return url.origin === 'null' ? null : url.origin;
  } catch {
    return null;
  }
}, { maxEntries: 100 });
