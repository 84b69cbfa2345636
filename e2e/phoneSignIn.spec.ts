import { expect, test, type BrowserContext } from '@playwright/test';
import Database from 'better-sqlite3';
import { randomInt } from 'node:crypto';
import { join } from 'node:path';
import type { SecuritySettings } from '../src/shared/api/security';
import type { UserDto } from '../src/shared';
import { signUp, uniqueEmail } from './support/api';

// Phone sign-in with a mock number, as people use it: an administrator defines a mock number
// with a fixed code (through the API), a user adds that number on the Account page with the
// fixed code, signs out, and signs in with "A text message" on the sign-in page. Nothing is
// texted: the outbox holds no SMS to the number. A wrong code says so.
//
// Mock numbers are instance-wide settings and the run has one server: this spec adds its own
// number and afterAll puts back the settings it found. Becoming the instance administrator works
// as in accountSecurity.spec.ts: the flag moves to this spec's administrator with an UPDATE in
// the e2e server's own SQLite file and goes back in afterAll.

const password = 'correct horse battery staple';
const shots = 'test-results/screenshots';
// +1 555 numbers are fictional; random digits keep runs and specs apart (users.phone is unique).
const mockPhone = `+1555${randomInt(0, 10_000_000).toString().padStart(7, '0')}`;
const fixedCode = '246810';

let adminContext: BrowserContext;
let administrator: UserDto;
let previousAdministrator: string | null = null;
let previousSettings: SecuritySettings | undefined;

function openStore(): Database.Database {
  const dataDir = process.env.CORDON_E2E_DATA_DIR;
  if (!dataDir) throw new Error('CORDON_E2E_DATA_DIR is not set: playwright.config.ts sets it for the e2e server');
  const db = new Database(join(dataDir, 'cordon.db'));
  db.pragma('busy_timeout = 5000');
  return db;
}

function withStore<T>(run: (db: Database.Database) => T): T {
  const db = openStore();
  try {
    return run(db);
  } finally {
    db.close();
  }
}

/** Gives the one instance-administrator flag (a unique index allows one) to a user id. */
function moveAdministrator(toUserId: string): void {
  withStore((db) => db.transaction(() => {
    db.prepare('UPDATE users SET is_instance_admin = 0 WHERE is_instance_admin = 1').run();
    expect(db.prepare('UPDATE users SET is_instance_admin = 1 WHERE id = ?').run(toUserId).changes).toBe(1);
  })());
}

function currentAdministrator(): string | null {
  return withStore((db) => (db.prepare('SELECT id FROM users WHERE is_instance_admin = 1').get() as { id: string } | undefined)?.id ?? null);
}

/** SMS messages the server recorded for a number (outbox, sent or failed). */
function smsCountTo(phone: string): number {
  return withStore((db) => (db.prepare("SELECT count(*) AS n FROM messages WHERE channel = 'sms' AND recipient = ?").get(phone) as { n: number }).n);
}

test.beforeAll(async ({ browser }) => {
  adminContext = await browser.newContext();
  administrator = await signUp(adminContext.request, uniqueEmail('phone-admin'), password, 'Pat Admin');
  if (!administrator.isInstanceAdmin) {
    previousAdministrator = currentAdministrator();
    moveAdministrator(administrator.id);
  }
  const current = await adminContext.request.get('/api/v1/admin/security');
  expect(current.ok(), await current.text()).toBe(true);
  previousSettings = (await current.json()) as SecuritySettings;
  const others = previousSettings.mockPhoneNumbers.filter((entry) => entry.phone !== mockPhone);
  const saved = await adminContext.request.patch('/api/v1/admin/security', { data: { mockPhoneNumbers: [...others, { phone: mockPhone, code: fixedCode }] } });
  expect(saved.ok(), await saved.text()).toBe(true);
});

test.afterAll(async () => {
  try {
    if (previousSettings) {
      const restored = await adminContext.request.patch('/api/v1/admin/security', { data: { mockPhoneNumbers: previousSettings.mockPhoneNumbers } });
      expect(restored.ok(), await restored.text()).toBe(true);
    }
  } finally {
    await adminContext.close();
    if (previousAdministrator !== null && currentAdministrator() === administrator.id) moveAdministrator(previousAdministrator);
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
