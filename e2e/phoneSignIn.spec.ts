import { expect, test, type BrowserContext } from '@playwright/test';
import { randomInt } from 'node:crypto';
import type { SecuritySettings } from '../src/shared/api/security';
import { signUp, uniqueEmail } from './support/api';
import { changeSecuritySettings, securitySettings, takeAdministrator, withStore, type TakenAdministrator } from './support/instanceAdmin';

// Phone sign-in with a mock number, as people use it: an administrator defines a mock number
// with a fixed code (through the API), a user adds that number on the Account page with the
// fixed code, signs out, and signs in with "A text message" on the sign-in page. Nothing is
// texted: the outbox holds no SMS to the number. A wrong code says so.
//
// Mock numbers are instance-wide settings and the run has one server: this spec adds its own
// number and afterAll puts back the settings it found. This spec's administrator takes the
// instance administrator flag and gives it back in afterAll (e2e/support/instanceAdmin.ts).

const password = 'correct horse battery staple';
const shots = 'test-results/screenshots';
// +1 555 numbers are fictional; random digits keep runs and specs apart (users.phone is unique).
const mockPhone = `+1555${randomInt(0, 10_000_000).toString().padStart(7, '0')}`;
const fixedCode = '246810';

let adminContext: BrowserContext;
let administrator: TakenAdministrator;
let previousSettings: SecuritySettings | undefined;

/** SMS messages the server recorded for a number (outbox, sent or failed). */
function smsCountTo(phone: string): number {
  return withStore((db) => (db.prepare("SELECT count(*) AS n FROM messages WHERE channel = 'sms' AND recipient = ?").get(phone) as { n: number }).n);
}

test.beforeAll(async ({ browser }) => {
  adminContext = await browser.newContext();
  administrator = await takeAdministrator(adminContext.request, 'phone-admin', password);
  previousSettings = await securitySettings(adminContext.request);
  const others = previousSettings.mockPhoneNumbers.filter((entry) => entry.phone !== mockPhone);
  await changeSecuritySettings(adminContext.request, { mockPhoneNumbers: [...others, { phone: mockPhone, code: fixedCode }] });
});

test.afterAll(async () => {
  try {
    if (previousSettings) await changeSecuritySettings(adminContext.request, { mockPhoneNumbers: previousSettings.mockPhoneNumbers });
  } finally {
    await adminContext.close();
    administrator.giveBack();
  }
});

test('a user adds a mock number on the Account page and signs in with a text message and its fixed code', async ({ browser }) => {
  const context = await browser.newContext();
  const page = await context.newPage();
  const email = uniqueEmail('phone-user');
  await signUp(context.request, email, password, 'Tess Texter');

  // The Account page: no number yet, then add the mock number (typed with spaces) with the password.
  await page.goto('/account');
  const card = page.locator('.settings-card', { has: page.getByRole('heading', { name: 'Phone number' }) });
  await expect(card.getByText('No phone number yet.')).toBeVisible();
  await card.getByRole('button', { name: 'Add a phone number' }).click();
  const spaced = `${mockPhone.slice(0, 2)} ${mockPhone.slice(2, 5)} ${mockPhone.slice(5, 8)} ${mockPhone.slice(8)}`;
  await card.getByLabel('Phone number').fill(spaced);
  await card.getByLabel('Current password').fill('not my password');
  await card.getByRole('button', { name: 'Text me a code' }).click();
  await expect(card.getByText('The current password is wrong.')).toBeVisible();
  await card.screenshot({ path: `${shots}/phone-account-wrong-password.png` });
  await card.getByLabel('Current password').fill(password);
  await card.getByRole('button', { name: 'Text me a code' }).click();
  await expect(card.getByText(`We texted a 6-digit code to ${mockPhone}`)).toBeVisible();
  await card.getByLabel('Code from the text message').fill('111111');
  await card.getByRole('button', { name: 'Verify number' }).click();
  await expect(card.getByRole('alert')).toContainText('The code is wrong');
  await card.getByLabel('Code from the text message').fill(fixedCode);
  await page.screenshot({ path: `${shots}/phone-account-code.png`, fullPage: true });
  await card.getByRole('button', { name: 'Verify number' }).click();
  await expect(page.getByText('Phone number added. You can now sign in with a text message.')).toBeVisible();
  await expect(card.getByTestId('account-phone')).toHaveText(mockPhone);
  await expect(card.getByText('Verified')).toBeVisible();
  await page.screenshot({ path: `${shots}/phone-account-added.png`, fullPage: true });

  // Sign out, then "A text message" on the sign-in page, keeping ?next=.
  await page.getByRole('navigation', { name: 'Account' }).getByRole('button', { name: 'Sign out' }).click();
  await expect(page).toHaveURL(/\/sign-in/);
  await page.goto('/sign-in?next=%2Faccount');
  await page.getByRole('link', { name: 'A text message' }).click();
  await expect(page).toHaveURL(/\/sign-in\/phone\?next=%2Faccount$/);
  await expect(page.getByRole('heading', { name: 'Sign in with a text message' })).toBeVisible();
  await page.screenshot({ path: `${shots}/phone-sign-in-number.png`, fullPage: true });

  // A number that is not E.164 is explained before anything is sent.
  await page.getByLabel('Phone number').fill('555 0123');
  await page.getByRole('button', { name: 'Text me a code' }).click();
  await expect(page.getByText('Use the international format')).toBeVisible();

  await page.getByLabel('Phone number').fill(mockPhone);
  await page.getByRole('button', { name: 'Text me a code' }).click();
  await expect(page.getByRole('heading', { name: 'Enter the code' })).toBeVisible();
  await expect(page.getByText(`If ${mockPhone} is the number of a Cordon account`)).toBeVisible();

  // A wrong code: a clear error, still signed out.
  await page.getByLabel('Code from the text message').fill('999999');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByRole('alert')).toContainText('The code is wrong or was already used');
  await page.screenshot({ path: `${shots}/phone-sign-in-wrong-code.png`, fullPage: true });
  expect((await context.request.get('/api/v1/auth/me')).status()).toBe(401);

  // The fixed code signs in and goes on to ?next=.
  await page.getByLabel('Code from the text message').fill(fixedCode);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page).toHaveURL(/\/account$/);
  await expect(page.getByRole('heading', { name: 'Account', level: 1 })).toBeVisible();
  await expect(page.getByRole('main').getByText(email)).toBeVisible();
  const sessions = (await (await context.request.get('/api/v1/account/sessions')).json()) as { sessions: Array<{ current: boolean; provider: string }> };
  expect(sessions.sessions.find((session) => session.current)?.provider).toBe('phone');
  await page.screenshot({ path: `${shots}/phone-signed-in.png`, fullPage: true });

  // A mock number is never texted: not for the verification, not for the sign-in.
  expect(smsCountTo(mockPhone)).toBe(0);

  // Removing the number: it no longer signs in.
  const card2 = page.locator('.settings-card', { has: page.getByRole('heading', { name: 'Phone number' }) });
  await card2.getByRole('button', { name: 'Remove' }).click();
  await page.getByRole('dialog').getByRole('button', { name: 'Remove number' }).click();
  await expect(card2.getByText('No phone number yet.')).toBeVisible();
  await context.close();
});
