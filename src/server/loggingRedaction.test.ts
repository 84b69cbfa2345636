import { Writable } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import { apiRoutes } from '../shared/api/routes';
import { createTestApp } from './testing/testApp';
import { sessionCookieFrom } from './testing/sessions';

describe('server log', () => {
  const closers: Array<() => Promise<void>> = [];
  afterEach(async () => { for (const close of closers.splice(0)) await close(); });

  it('never holds request bodies, passwords, cookies or session tokens', async () => {
    const lines: string[] = [];
    const stream = new Writable({ write(chunk, _encoding, done) { lines.push(String(chunk)); done(); } });
    const t = await createTestApp({ LOG_LEVEL: 'trace' }, { logger: { stream } });
    closers.push(() => t.close());
    const app = t.app;

    const password = 'very-secret-password-42';
    const signUp = await app.inject({ method: 'POST', url: apiRoutes.signUp, payload: { email: 'log@example.com', password, name: 'Logged Name' } });
    expect(signUp.statusCode).toBe(201);
    const cookie = sessionCookieFrom(signUp.headers['set-cookie']);
    await app.inject({ method: 'GET', url: apiRoutes.me, headers: { cookie, authorization: 'Bearer top-secret-token' } });
    await app.inject({ method: 'POST', url: apiRoutes.signIn, payload: { email: 'log@example.com', password: 'wrong-password-99' } });

    const log = lines.join('');
    expect(log).toContain('request completed');
    for (const secret of [password, 'wrong-password-99', 'Logged Name', cookie.split('=')[1]!, 'top-secret-token']) {
      expect(log).not.toContain(secret);
    }
  });
});
