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
    // One access line per request, with what an operator needs.
    const parsed = lines.map((line) => JSON.parse(line) as { msg: string; level: number; req?: { method: string; url: string }; res?: { statusCode: number }; responseTime?: number });
    const accessLines = parsed.filter((line) => line.msg === 'request completed');
    expect(accessLines.map((line) => [line.req?.method, line.req?.url, line.res?.statusCode])).toEqual([
      ['POST', apiRoutes.signUp, 201], ['GET', apiRoutes.me, 200], ['POST', apiRoutes.signIn, 401],
    ]);
    expect(accessLines.every((line) => typeof line.responseTime === 'number')).toBe(true);
    // The arrival line is debug (20) only, so at the default info level a request costs one line.
    expect(parsed.filter((line) => line.msg === 'incoming request').map((line) => line.level)).toEqual([20, 20, 20]);
    for (const secret of [password, 'wrong-password-99', 'Logged Name', cookie.split('=')[1]!, 'top-secret-token']) {
      expect(log).not.toContain(secret);
    }
  });
});
