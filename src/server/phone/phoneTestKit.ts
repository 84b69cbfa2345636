import { randomInt } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { apiRoutes } from '../../shared/api/routes';
import type { SecuritySettings } from '../../shared/api/security';
import { settleSmsDeliveries } from '../sms/sendSms';
import { createTestApp, type TestApp } from '../testing/testApp';
import { headersFor, signUpUser, type SignedUpUser } from '../testing/sessions';

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

/**
 * The tests' clock: it starts at a fixed time and each reading moves it 1 ms, so messages sort
 * by created_at in the order they were sent.
 */
export class TestClock {
  /** The time, before the milliseconds of the readings. */
  at = new Date('2026-11-24T12:00:00.000Z');
  private ticks = 0;
  readonly now = (): Date => new Date(this.at.getTime() + (this.ticks += 1));

  advance(ms: number): void {
    this.at = new Date(this.at.getTime() + ms);
  }
}

export interface PhoneTestApp {
  t: TestApp;
  clock: TestClock;
  /** The first account: the instance administrator. */
  admin: SignedUpUser;
  user: SignedUpUser;
}

/** A test app on a TestClock, with an instance administrator and a user signed up (for beforeEach). */
export async function startPhoneTestApp(): Promise<PhoneTestApp> {
  const clock = new TestClock();
  const t = await createTestApp({}, { now: clock.now });
  const admin = await signUpUser(t.app);
  const user = await signUpUser(t.app);
  return { t, clock, admin, user };
}

/** Waits for the SMS still being handed over after the answers, then closes the app (for afterEach). */
export async function stopPhoneTestApp(t: TestApp): Promise<void> {
  await settleSmsDeliveries(t.app);
  await t.close();
}
