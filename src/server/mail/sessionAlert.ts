import type { FastifyRequest } from 'fastify';
import type { SecuritySettings } from '../../shared/api/security';
import type { SessionProvider } from '../../shared/api/sessions';

export interface NewSessionFacts {
  userId: string;
  email: string;
  sessionId: string;
  provider: SessionProvider;
  /** True for the user's very first session (sign-up, or an imported user's first sign-in). */
  isFirstSession: boolean;
  /** The settings completeSignIn read for this sign-in. */
  settings: SecuritySettings;
}

/**
 * Session alerts (issue 5), called by completeSignIn after every new session. Not built yet:
 * the mail work fills this in (alerts only when settings.sessionAlerts is on, never for the
 * first session or for magic URL and email code sign-ins).
 */
export async function sendSessionAlert(_request: FastifyRequest, _facts: NewSessionFacts): Promise<void> {
  // Intentionally empty until the mail module lands (same session).
}
