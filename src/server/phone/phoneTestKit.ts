import { randomInt } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { apiRoutes } from '../../shared/api/routes';
import type { SecuritySettings } from '../../shared/api/security';
import { headersFor } from '../testing/sessions';

/** Helpers of the phone and SMS tests. */

/** Gives a user a phone number straight in the store (the verification flow has its own tests). */
export async function setPhone(app: FastifyInstance, userId: string, phone: string | null): Promise<void> {
  await app.db.updateTable('users').set({ phone }).where('id', '=', userId).execute();
}

/** The SMS messages to `phone`, oldest first. */
export async function smsTo(app: FastifyInstance, phone: string) {
  return app.db.selectFrom('messages').selectAll().where('channel', '=', 'sms').where('recipient', '=', phone).orderBy('created_at').orderBy('id').execute();
}

/** The 6-digit code in an SMS text. */
export function codeIn(text: string | null | undefined): string {
  const match = /code is (\d{6})\b/.exec(text ?? '');
  if (!match) throw new Error(`no code in ${JSON.stringify(text)}`);
  return match[1]!;
}

/** Changes security settings as the instance administrator. */
export async function patchSettings(app: FastifyInstance, adminCookie: string, change: Partial<SecuritySettings>): Promise<void> {
  const response = await app.inject({ method: 'PATCH', url: apiRoutes.securitySettings, payload: change, headers: headersFor(adminCookie) });
  if (response.statusCode !== 200) throw new Error(`settings: ${response.statusCode} ${response.body}`);
}

/** A fresh E.164 test number (+1 555 and 7 random digits). */
export function testNumber(): string {
  return `+1555${randomInt(0, 10_000_000).toString().padStart(7, '0')}`;
}
