import type { FastifyReply, FastifyRequest } from 'fastify';
import type { SignInResponse } from '../../shared/api/auth';
import type { SessionProvider } from '../../shared/api/sessions';
import { auditRequest } from '../audit/recordAuditEvent';
import { sendSessionAlert } from '../mail/sessionAlert';
import { readSecuritySettings } from '../security/securitySettings';
import { issueOneTimeSecret } from './oneTimeSecrets';
import { setSessionCookie } from './sessionCookie';
import { sessionOrigin } from './sessionOrigin';
import { createSession } from './sessionStore';
import { toUserDto } from './userDto';

/** How long the second step of a two-factor sign-in may wait. */
export const twoFactorChallengeTtlMs = 5 * 60 * 1000;

export interface CompleteSignInOptions {
  /** sign_up for a new account's first session; sign_in otherwise. */
  auditType?: 'sign_in' | 'sign_up';
  /** The second factor that was checked (the two-factor route): the session starts without a new challenge. */
  secondFactor?: 'totp' | 'recovery_code';
}

/**
 * The one way every sign-in method ends, after its first factor was checked (password, email
 * code, magic URL, SMS code) or its second (TOTP): a user with TOTP who has only passed a
 * first factor gets a two-factor challenge and no session; everyone else gets a session
 * (restricted to enrolling a second factor when the instance requires one and the user has
 * none), an audit event, the cookie and, when the settings ask for it, a session alert email.
 */
export async function completeSignIn(
  request: FastifyRequest,
  reply: FastifyReply,
  userId: string,
  provider: SessionProvider,
  options: CompleteSignInOptions = {},
): Promise<SignInResponse> {
  const { db } = request.server;
  const now = request.server.now();
  const user = await db.selectFrom('users')
    .select(['id', 'email', 'name', 'is_instance_admin', 'totp_enabled_at', 'first_session_at'])
    .where('id', '=', userId)
    .executeTakeFirstOrThrow();

  if (user.totp_enabled_at !== null && !options.secondFactor) {
    // The challenge remembers the first factor, so the session shows how the user signed in.
    const challenge = await issueOneTimeSecret(db, {
      purpose: 'two_factor_challenge', target: user.id, userId: user.id, ttlMs: twoFactorChallengeTtlMs, shape: 'token', data: { provider }, now,
    });
    return { twoFactor: { challenge: challenge.secret, expiresAt: challenge.expiresAt.toISOString() } };
  }

  const settings = await readSecuritySettings(db);
  const restriction = settings.requireTwoFactor && user.totp_enabled_at === null ? 'two_factor_enrolment' as const : null;
  const session = await createSession(db, user.id, { ...sessionOrigin(request, provider), restriction }, now);
  const isFirstSession = user.first_session_at === null;
  if (isFirstSession) {
    await db.updateTable('users').set({ first_session_at: now.toISOString() }).where('id', '=', user.id).where('first_session_at', 'is', null).execute();
  }
  await auditRequest(request, {
    type: options.auditType ?? 'sign_in',
    actorUserId: user.id,
    targetUserId: user.id,
    subjectId: session.sessionId,
    details: { method: provider },
  });
  setSessionCookie(request, reply, session.token, session.expiresAt);
  await sendSessionAlert(request, { userId: user.id, email: user.email, sessionId: session.sessionId, provider, isFirstSession, settings });
  return restriction ? { user: toUserDto(user), restriction } : { user: toUserDto(user) };
}
