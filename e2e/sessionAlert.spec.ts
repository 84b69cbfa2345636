import { expect, test, type BrowserContext } from '@playwright/test';
import type { SecuritySettings } from '../src/shared/api/security';
import { signUp, uniqueEmail } from './support/api';
import { changeSecuritySettings, securitySettings, takeAdministrator, withStore, type TakenAdministrator } from './support/instanceAdmin';
import { mailServerForThisFile } from './support/smtp';

// Session alerts end to end: an administrator switches them on in the Security page, a user's
// second sign-in sends an alert that arrives at a real SMTP server (e2e/support/smtp.ts) with the
// device and the address, and the Outbox page lists it as sent. The settings are instance-wide:
// afterAll puts back what was there.

const password = 'correct horse battery staple';
const shots = 'test-results/screenshots';

const mail = mailServerForThisFile();
let adminContext: BrowserContext;
let admin: TakenAdministrator;
let before: SecuritySettings;

test.beforeAll(async ({ browser }) => {
  adminContext = await browser.newContext();
  admin = await takeAdministrator(adminContext.request, 'alert-admin', password);
  before = await securitySettings(adminContext.request);
});

test.afterAll(async () => {
  try {
    await changeSecuritySettings(adminContext.request, { sessionAlerts: before.sessionAlerts });
  } finally {
    await adminContext.close();
    admin.giveBack();
  }
});

test('an administrator turns session alerts on; a second sign-in emails the user the device and address', async ({ browser }) => {
  const page = await adminContext.newPage();
  await page.goto('/security');
  await expect(page.getByRole('heading', { name: 'Security', level: 1 })).toBeVisible();
  const alerts = page.getByRole('switch', { name: 'Session alerts' });
  await alerts.uncheck();
  await alerts.check();
  await page.getByRole('button', { name: 'Save settings' }).click();
  await expect(page.getByText('Security settings saved.')).toBeVisible();
  await page.screenshot({ path: `${shots}/session-alert-security-page.png`, fullPage: true });
  expect((await securitySettings(adminContext.request)).sessionAlerts).toBe(true);

  // The first session (sign-up) sends nothing.
  const email = uniqueEmail('alerted');
  const first = await browser.newContext();
  await signUp(first.request, email, password, 'Alex Alerted');
  await first.close();

  // A second session, signed in through the page in another browser.
  const since = mail.messages.length;
  const other = await browser.newContext();
  const userPage = await other.newPage();
  await userPage.goto('/sign-in');
  await userPage.getByLabel('Email').fill(email);
  await userPage.getByLabel('Password').fill(password);
  await userPage.getByRole('button', { name: 'Sign in' }).click();
  await expect(userPage).not.toHaveURL(/\/sign-in/);

  const alert = await mail.waitFor(email, (m) => m.subject.startsWith('Security alert'), since);
  expect(alert.subject).toBe('Security alert: new sign-in to your Cordon account');
  expect(alert.text).toMatch(/Device: Chrome \d+ on Linux/);
  expect(alert.text).toContain('IP address: 127.0.0.1');
  expect(alert.text).toMatch(/Time: \d{4}-\d{2}-\d{2} \d{2}:\d{2} UTC/);
  expect(alert.text).toContain(`${test.info().project.use.baseURL}/account`);
  // Exactly one alert for this user: none for the sign-up.
  expect(mail.messages.filter((m) => m.to.includes(email) && m.subject.startsWith('Security alert'))).toHaveLength(1);
  await other.close();

  // The Outbox page lists it as sent, without its text.
  await page.goto('/security/outbox');
  await expect(page.getByRole('heading', { name: 'Outbox', level: 1 })).toBeVisible();
  const row = page.getByTestId('outbox-row').filter({ hasText: email });
  await expect(row).toContainText('Session alert');
  await expect(row).toContainText('Sent');
  await expect(row.getByRole('button', { name: /Read/ })).toHaveCount(0);
  await page.screenshot({ path: `${shots}/outbox-page.png`, fullPage: true });

  // A message still in the outbox (as on a server without CORDON_SMTP_URL; this one has a mail
  // server, so it is written straight into the store) shows its text in a reader.
  const id = `msg_e2e_${Date.now()}`;
  withStore((store) => store.prepare(`INSERT INTO messages (id, channel, kind, user_id, recipient, subject, body, status, error, created_at, sent_at)
      VALUES (?, 'email', 'password_recovery', NULL, 'kept@example.com', 'Reset your Cordon password', ?, 'outbox', NULL, ?, NULL)`)
      .run(id, 'Open this link to choose a new password:\nhttp://127.0.0.1/reset-password#token=example', new Date().toISOString()));
  try {
    await page.reload();
    await page.getByRole('button', { name: 'Read the message to kept@example.com' }).click();
    const dialog = page.getByRole('dialog', { name: 'Reset your Cordon password' });
    await expect(dialog.getByTestId('outbox-body')).toContainText('Open this link to choose a new password:');
    await page.screenshot({ path: `${shots}/outbox-reader.png` });
    await dialog.getByRole('button', { name: 'Close' }).click();
    await page.getByLabel('Status').selectOption('sent');
    await expect(page.getByTestId('outbox-row').filter({ hasText: 'kept@example.com' })).toHaveCount(0);
    await expect(page.getByTestId('outbox-row').filter({ hasText: email })).toHaveCount(1);
  } finally {
    withStore((store) => store.prepare('DELETE FROM messages WHERE id = ?').run(id));
  }
});
