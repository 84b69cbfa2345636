import type { FastifyRequest } from 'fastify';
import { apiRoutes } from '../../shared/api/routes';
import { HttpError } from '../http/httpError';
import type { SessionRestriction } from '../store/accountTables';

/**
 * What a restricted session may still reach (issue 5). A 'two_factor_enrolment' session (the
 * instance requires two-factor and the user has none yet) may read who it is, sign out, and
 * enrol TOTP; the public routes that never act as the user (health, the OpenAPI document, the
 * client configuration the SPA loads first, and every way to sign in, sign up or recover a
 * password, which replace the session rather than use it) stay open too. Everything else, including routes
 * added later, answers 403 `two_factor_enrolment_required`: the list names what is allowed,
 * never what is refused.
 */
export const restrictedSessionRoutes: Record<SessionRestriction, ReadonlySet<string>> = {
  two_factor_enrolment: new Set([
    `GET ${apiRoutes.health}`,
    `GET ${apiRoutes.openapi}`,
    `GET ${apiRoutes.config}`,
    `GET ${apiRoutes.me}`,
    `POST ${apiRoutes.signOut}`,
    `GET ${apiRoutes.accountTwoFactor}`,
    `POST ${apiRoutes.accountTwoFactor}`,
    `POST ${apiRoutes.accountTwoFactorConfirm}`,
    `POST ${apiRoutes.signIn}`,
    `POST ${apiRoutes.signUp}`,
    `POST ${apiRoutes.passwordRecovery}`,
    `POST ${apiRoutes.passwordRecoveryConfirm}`,
    `POST ${apiRoutes.emailSignIn}`,
    `POST ${apiRoutes.emailSignInCode}`,
    `POST ${apiRoutes.emailSignInLink}`,
    `POST ${apiRoutes.phoneSignIn}`,
    `POST ${apiRoutes.phoneSignInCode}`,
    `POST ${apiRoutes.twoFactorSignIn}`,
  ]),
};

/** Throws 403 `two_factor_enrolment_required` when a restricted session asks for a route its restriction does not allow. */
export function refuseRestrictedSession(request: FastifyRequest, restriction: SessionRestriction | null): void {
  if (restriction === null) return;
  const route = `${request.method === 'HEAD' ? 'GET' : request.method} ${request.routeOptions.url ?? ''}`;
  if (restrictedSessionRoutes[restriction].has(route)) return;
  throw new HttpError(403, 'two_factor_enrolment_required', 'This Cordon instance requires two-factor authentication. Set it up on your account page to continue.');
}
