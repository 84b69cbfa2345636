import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiRoutes } from '../../shared/api/routes';
import { createTestApp, type TestApp } from '../testing/testApp';

const body = { email: 'origin@example.com', password: 'long enough pw' };

describe('cross-origin protection', () => {
  let t: TestApp;
  beforeAll(async () => { t = await createTestApp(); });
  afterAll(async () => { await t.close(); });

  const signIn = (headers: Record<string, string>) => t.app.inject({ method: 'POST', url: apiRoutes.signIn, headers: { host: 'cordon.local:3000', ...headers }, payload: body });

  it('refuses a state-changing request whose Origin is another site', async () => {
    for (const origin of ['https://evil.example', 'http://cordon.local:4000', 'https://cordon.local:3000', 'null']) {
      const response = await signIn({ origin });
      expect(response.statusCode, origin).toBe(403);
      expect(response.json()).toEqual({ code: 'cross_origin', message: expect.any(String) });
    }
  });

  it('refuses every state-changing method, and lets reads through', async () => {
    for (const method of ['POST', 'PUT', 'PATCH', 'DELETE'] as const) {
      const response = await t.app.inject({ method, url: '/api/v1/workspaces/x/members/y', headers: { origin: 'https://evil.example' }, payload: {} });
      expect(response.statusCode, method).toBe(403);
    }
    const read = await t.app.inject({ method: 'GET', url: apiRoutes.health, headers: { origin: 'https://evil.example' } });
    expect(read.statusCode).toBe(200);
  });

  it('accepts the same origin (the route then answers on its merits)', async () => {
    const response = await signIn({ origin: 'http://cordon.local:3000' });
    expect(response.statusCode).toBe(401);
    expect(response.json().code).toBe('invalid_credentials');
  });

  it('without Origin, refuses Sec-Fetch-Site cross-site and same-site, accepts same-origin and none', async () => {
    expect((await signIn({ 'sec-fetch-site': 'cross-site' })).statusCode).toBe(403);
    expect((await signIn({ 'sec-fetch-site': 'same-site' })).json().code).toBe('cross_origin');
    expect((await signIn({ 'sec-fetch-site': 'same-origin' })).statusCode).toBe(401);
    expect((await signIn({ 'sec-fetch-site': 'none' })).statusCode).toBe(401);
  });

  it('allows a request with neither header (not a browser)', async () => {
    expect((await signIn({})).statusCode).toBe(401);
  });
});

describe('cross-origin protection behind a proxy (CORDON_PUBLIC_URL)', () => {
  let t: TestApp;
  beforeAll(async () => { t = await createTestApp({ CORDON_PUBLIC_URL: 'https://cordon.example.com/' }); });
  afterAll(async () => { await t.close(); });

  it("compares with the public URL's origin, not the Host header", async () => {
    const request = (origin: string) => t.app.inject({ method: 'POST', url: apiRoutes.signIn, headers: { host: '10.0.0.5:3000', origin }, payload: body });
    expect((await request('https://cordon.example.com')).statusCode).toBe(401);
    expect((await request('http://10.0.0.5:3000')).statusCode).toBe(403);
  });
});
