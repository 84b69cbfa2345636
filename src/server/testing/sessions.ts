import { randomBytes } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import type { UserDto } from '../../shared/api/auth';
import { apiRoutes } from '../../shared/api/routes';
import { sessionCookieName } from '../auth/sessionCookie';

export interface SignedUpUser {
  user: UserDto;
  /** `cordon_session=<token>`, ready for a `cookie` header. */
  cookie: string;
  email: string;
  password: string;
}

/**
 * Signs up a new account with a unique email (through the real route) and returns its session
 * cookie. Each call comes from its own random 10.x.y.z address unless `remoteAddress` is given,
 * so that fixtures do not spend the sign-up rate limit (10 per hour per address).
 */
export async function signUpUser(app: FastifyInstance, overrides: { email?: string; password?: string; name?: string; remoteAddress?: string } = {}): Promise<SignedUpUser> {
  const email = overrides.email ?? `user-${randomBytes(6).toString('hex')}@example.test`;
  const password = overrides.password ?? 'correct horse battery staple';
  const name = overrides.name ?? 'Test User';
  const remoteAddress = overrides.remoteAddress ?? `10.${[...randomBytes(3)].join('.')}`;
  const response = await app.inject({ method: 'POST', url: apiRoutes.signUp, payload: { email, password, name }, remoteAddress });
  if (response.statusCode !== 201) throw new Error(`sign-up failed: ${response.statusCode} ${response.body}`);
  return { user: response.json<{ user: UserDto }>().user, cookie: sessionCookieFrom(response.headers['set-cookie']), email: email.trim().toLowerCase(), password };
}

/** Request headers that carry the session cookie. */
export function headersFor(cookie: string): { cookie: string } {
  return { cookie };
}

/** The `cordon_session=<token>` pair out of a Set-Cookie header. */
export function sessionCookieFrom(setCookie: string | string[] | undefined): string {
  const all = Array.isArray(setCookie) ? setCookie : setCookie === undefined ? [] : [setCookie];
  const found = all.map((header) => header.split(';')[0] ?? '').find((pair) => pair.startsWith(`${sessionCookieName}=`) && pair.length > sessionCookieName.length + 1);
  if (!found) throw new Error(`no ${sessionCookieName} cookie in the response`);
  return found;
}
