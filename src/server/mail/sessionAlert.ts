import type { FastifyRequest } from 'fastify';
import type { SecuritySettings } from '../../shared/api/security';
import type { SessionProvider } from '../../shared/api/sessions';
import { describeDevice } from '../account/describeDevice';
import { sendEmail } from './sendEmail';

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

/** Sign-ins that already prove access to the mailbox: an alert there would only tell the user what they just did. */
const mailboxProviders: readonly SessionProvider[] = ['magic_url', 'email_otp'];

/** Whether a new session gets an alert email (Appwrite's rules, docs/issue5/email.md). */
export function wantsSessionAlert(facts: Pick<NewSessionFacts, 'provider' | 'isFirstSession' | 'settings' | 'email'>): boolean {
  return facts.settings.sessionAlerts && !facts.isFirstSession && !mailboxProviders.includes(facts.provider) && facts.email !== '';
}

/**
 * Session alerts (issue 5), called by completeSignIn after every new session: when
 * settings.sessionAlerts is on, the user gets an email with the device, address and time of the
 * new session and what to do if it was not them; never for the first session, nor for magic URL
 * and email code sign-ins. The email is written to the messages table and sent in the background
 * (sendEmail); anything that goes wrong here is logged and swallowed: a mail problem must not
 * fail the sign-in that already has its session and cookie.
 */
export async function sendSessionAlert(request: FastifyRequest, facts: NewSessionFacts): Promise<void> {
  if (!wantsSessionAlert(facts)) return;
  const app = request.server;
  try {
    const now = app.now();
    const device = describeDevice(request.headers['user-agent'] ?? '');
    const time = `${now.toISOString().slice(0, 16).replace('T', ' ')} UTC`;
    await sendEmail(app, {
      to: facts.email,
      subject: 'Security alert: new sign-in to your Cordon account',
      text: [
        `Your Cordon account (${facts.email}) was just signed in to from a new session.`,
        '',
        `Device: ${device}`,
        `IP address: ${request.ip}`,
        `Time: ${time}`,
        `Signed in with: ${providerWords(facts.provider)}`,
        '',
        'If this was you, there is nothing to do.',
        `If it was not you, change your password now and sign out the sessions you do not recognise on your account page: ${app.mailer.publicUrl}/account`,
      ].join('\n'),
      kind: 'session_alert',
      userId: facts.userId,
    });
  } catch (error) {
    request.log.error({ reason: error instanceof Error ? error.message : String(error), userId: facts.userId }, 'session alert not written');
  }
}

function providerWords(provider: SessionProvider): string {
  switch (provider) {
    case 'password': return 'password';
    case 'phone': return 'text message code';
    default: return provider.replace(/_/g, ' ');
  }
}
