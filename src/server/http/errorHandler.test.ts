import Fastify, { type FastifyInstance } from 'fastify';
import { serializerCompiler, validatorCompiler, type ZodTypeProvider } from 'fastify-type-provider-zod';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { apiRoutes } from '../../shared/api/routes';
import { createTestApp, type TestApp } from '../testing/testApp';
import { registerErrorHandling } from './errorHandler';
import { HttpError } from './httpError';

describe('error handling (a bare app with the same handler)', () => {
  let app: FastifyInstance;
  beforeAll(async () => {
    app = Fastify({ logger: false });
    app.setValidatorCompiler(validatorCompiler);
    app.setSerializerCompiler(serializerCompiler);
    registerErrorHandling(app);
    const typed = app.withTypeProvider<ZodTypeProvider>();
    typed.post('/api/echo', { schema: { body: z.object({ count: z.number().int() }).strict() } }, async (request) => request.body);
    typed.get('/api/teapot', async () => { throw new HttpError(409, 'version_conflict', 'stale version'); });
    typed.get('/api/crash', async () => { throw new Error('password=hunter2 at /srv/secret.ts:12'); });
    typed.get('/api/parse', async () => z.object({ name: z.string() }).parse({}));
    typed.get('/api/leaky', { schema: { response: { 200: z.object({ id: z.string() }) } } }, async () => ({ id: '1', passwordHash: 'x' }) as { id: string });
    typed.get('/api/wrong-shape', { schema: { response: { 200: z.object({ id: z.string() }) } } }, async () => ({ id: 1 }) as unknown as { id: string });
    await app.ready();
  });
  afterAll(async () => { await app.close(); });

  it('turns a validation error into 400 bad_request naming the field', async () => {
    const response = await app.inject({ method: 'POST', url: '/api/echo', payload: { count: 'many' } });
    expect(response.statusCode).toBe(400);
    expect(response.json()).toEqual({ code: 'bad_request', message: expect.stringContaining('count') });
  });

  it('turns malformed JSON into 400 bad_request', async () => {
    const response = await app.inject({ method: 'POST', url: '/api/echo', headers: { 'content-type': 'application/json' }, payload: '{"count":' });
    expect(response.statusCode).toBe(400);
    expect(response.json().code).toBe('bad_request');
  });

  it('turns a ZodError thrown by a handler into 400', async () => {
    const response = await app.inject({ method: 'GET', url: '/api/parse' });
    expect(response.statusCode).toBe(400);
    expect(response.json()).toEqual({ code: 'bad_request', message: expect.stringContaining('name') });
  });

  it('answers an HttpError with its status and code', async () => {
    const response = await app.inject({ method: 'GET', url: '/api/teapot' });
    expect(response.statusCode).toBe(409);
    expect(response.json()).toEqual({ code: 'version_conflict', message: 'stale version' });
  });

  it('hides unexpected errors behind a generic 500', async () => {
    const response = await app.inject({ method: 'GET', url: '/api/crash' });
    expect(response.statusCode).toBe(500);
    expect(response.json()).toEqual({ code: 'internal', message: expect.any(String) });
    expect(response.body).not.toContain('hunter2');
    expect(response.body).not.toContain('secret.ts');
  });

  it('response schemas strip unknown fields; a wrong shape is a 500, not a leak', async () => {
    expect((await app.inject({ method: 'GET', url: '/api/leaky' })).json()).toEqual({ id: '1' });
    const wrong = await app.inject({ method: 'GET', url: '/api/wrong-shape' });
    expect(wrong.statusCode).toBe(500);
    expect(wrong.json().code).toBe('internal');
  });

  it('answers unknown routes with 404 not_found', async () => {
    const response = await app.inject({ method: 'DELETE', url: '/api/v1/nothing-here' });
    expect(response.statusCode).toBe(404);
    expect(response.json()).toEqual({ code: 'not_found', message: expect.any(String) });
  });
});

describe('error handling in the real app', () => {
  let t: TestApp;
  beforeAll(async () => { t = await createTestApp(); });
  afterAll(async () => { await t.close(); });

  it('answers an oversized body with 413 payload_too_large', async () => {
    const response = await t.app.inject({
      method: 'POST', url: apiRoutes.signUp,
      payload: { email: 'big@example.com', password: 'x'.repeat(6 * 1024 * 1024), name: 'Big' },
    });
    expect(response.statusCode).toBe(413);
    expect(response.json()).toEqual({ code: 'payload_too_large', message: expect.any(String) });
  });

  it('answers unknown /api routes with 404 not_found, for GET and for POST', async () => {
    for (const method of ['GET', 'POST'] as const) {
      const response = await t.app.inject({ method, url: '/api/v1/no-such-thing' });
      expect(response.statusCode).toBe(404);
      expect(response.json()).toEqual({ code: 'not_found', message: expect.any(String) });
    }
  });

  it('answers a wrong content type with a 4xx error body, not a crash', async () => {
    const response = await t.app.inject({ method: 'POST', url: apiRoutes.signIn, headers: { 'content-type': 'text/plain' }, payload: 'hello' });
    expect(response.statusCode).toBeGreaterThanOrEqual(400);
    expect(response.statusCode).toBeLessThan(500);
    expect(response.json()).toEqual({ code: expect.any(String), message: expect.any(String) });
  });
});
