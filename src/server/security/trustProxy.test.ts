import { tmpdir } from 'node:os';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterEach, describe, expect, it } from 'vitest';
import { apiRoutes } from '../../shared/api/routes';
import { ConfigError, loadConfig } from '../config/loadConfig';
import { signUpUser } from '../testing/sessions';
import { createTestApp, type TestApp } from '../testing/testApp';

/** Ten wrong sign-ins for different emails through the proxy at 10.0.0.5, each for another forwarded client. */
async function failFromForwardedClients(app: FastifyInstance, client: (i: number) => string): Promise<void> {
  for (let i = 0; i < 10; i += 1) {
    const response = await app.inject({
      method: 'POST', url: apiRoutes.signIn, remoteAddress: '10.0.0.5',
      headers: { 'x-forwarded-for': client(i) }, payload: { email: `nobody${i}@example.com`, password: 'wrong password' },
    });
    expect(response.statusCode).toBe(401);
  }
}

describe('CORDON_TRUST_PROXY', () => {
  let t: TestApp | undefined;
  afterEach(async () => { await t?.close(); });

  it('behind a trusted proxy, each forwarded client has its own per-address limit', async () => {
    t = await createTestApp({ CORDON_TRUST_PROXY: '10.0.0.0/8' });
    const { email, password } = await signUpUser(t.app);
    await failFromForwardedClients(t.app, (i) => `198.51.100.${i + 1}`);
    // Without the setting all ten failures would count for 10.0.0.5 and this would be 429.
    const ok = await t.app.inject({
      method: 'POST', url: apiRoutes.signIn, remoteAddress: '10.0.0.5', headers: { 'x-forwarded-for': '198.51.100.99' }, payload: { email, password },
    });
    expect(ok.statusCode).toBe(200);
    // The same forwarded client ten times is limited.
    await failFromForwardedClients(t.app, () => '203.0.113.7');
    const refused = await t.app.inject({
      method: 'POST', url: apiRoutes.signIn, remoteAddress: '10.0.0.5', headers: { 'x-forwarded-for': '203.0.113.7' }, payload: { email, password },
    });
    expect(refused.statusCode).toBe(429);
  });

  it('an untrusted sender cannot choose its address with the header', async () => {
    t = await createTestApp({ CORDON_TRUST_PROXY: '10.0.0.0/8' });
    const { email, password } = await signUpUser(t.app);
    for (let i = 0; i < 10; i += 1) {
      await t.app.inject({
        method: 'POST', url: apiRoutes.signIn, remoteAddress: '192.0.2.44',
        headers: { 'x-forwarded-for': `198.51.100.${i + 1}` }, payload: { email: `nobody${i}@example.com`, password: 'wrong password' },
      });
    }
    const refused = await t.app.inject({
      method: 'POST', url: apiRoutes.signIn, remoteAddress: '192.0.2.44', headers: { 'x-forwarded-for': '198.51.100.99' }, payload: { email, password },
    });
    expect(refused.statusCode).toBe(429);
  });

  it('takes addresses, ranges or a hop count, and refuses anything else', () => {
    const env = { DATA_DIR: path.join(tmpdir(), 'cordon-trust-proxy-config-test'), CORDON_ENCRYPTION_PASSWORD: 'p', CORDON_ENCRYPTION_SALT: 's' };
    expect(loadConfig(env).trustProxy).toBeUndefined();
    expect(loadConfig({ ...env, CORDON_TRUST_PROXY: '10.0.0.5, 172.16.0.0/12,::1' }).trustProxy).toEqual(['10.0.0.5', '172.16.0.0/12', '::1']);
    expect(loadConfig({ ...env, CORDON_TRUST_PROXY: '2' }).trustProxy).toBe(2);
    expect(() => loadConfig({ ...env, CORDON_TRUST_PROXY: 'true' })).toThrow(ConfigError);
    expect(() => loadConfig({ ...env, CORDON_TRUST_PROXY: '0' })).toThrow(ConfigError);
    expect(() => loadConfig({ ...env, CORDON_TRUST_PROXY: '10.0.0.0/33' })).toThrow(ConfigError);
  });
});
