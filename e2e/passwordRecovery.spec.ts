import { expect, test } from '@playwright/test';
import { signUp, uniqueEmail } from './support/api';
import { mailServerForThisFile } from './support/smtp';

// Password recovery end to end: "Forgot your password?" on the sign-in page, the email at a real
// SMTP server (e2e/support/smtp.ts), its link (built from CORDON_PUBLIC_URL) opened in the
// browser, a new password set, and a sign-in with it.

const shots = 'test-results/screenshots';
const mail = mailServerForThisFile();

test('forgot password: the emailed link sets a new password that signs in; the old one no longer does', async ({ browser }) => {
  const email = uniqueEmail('recover');
  const oldPassword = 'old forgotten password 1';
  const newPassword = 'fresh recovered password 2';
  const owner = await browser.newContext();
  await signUp(owner.request, email, oldPassword, 'Robin Recover');

  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto('/sign-in');
  await page.getByRole('link', { name: 'Forgot your password?' }).click();
  await expect(page.getByRole('heading', { name: 'Reset your password' })).toBeVisible();
  await page.screenshot({ path: `${shots}/forgot-password.png`, fullPage: true });
  const since = mail.messages.length;
  await page.getByLabel('Email').fill(email);
  await page.getByRole('button', { name: 'Send the link' }).click();
  await expect(page.getByRole('heading', { name: 'Check your email' })).toBeVisible();
  await expect(page.getByRole('main').getByRole('status')).toContainText(email);
  await page.screenshot({ path: `${shots}/forgot-password-sent.png`, fullPage: true });

  const message = await mail.waitFor(email, (m) => m.subject === 'Reset your Cordon password', since);
  const baseURL = test.info().project.use.baseURL!;
  const link = new RegExp(`${baseURL.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}/reset-password#token=[A-Za-z0-9_-]+`).exec(message.text)?.[0];
  expect(link, message.text).toBeTruthy();

  await page.goto(link!);
  await expect(page.getByRole('heading', { name: 'Choose a new password' })).toBeVisible();
  // The token leaves the address bar once read.
  await expect.poll(() => new URL(page.url()).hash).toBe('');

  // A refusal shows under its field; the link still works after it.
  await page.getByLabel('New password', { exact: true }).fill('short');
  await page.getByLabel('Confirm new password').fill('shorter');
  await page.getByRole('button', { name: 'Set the new password' }).click();
  await expect(page.getByText('Use at least 8 characters.')).toBeVisible();
  await expect(page.getByText('The two passwords differ.')).toBeVisible();
  await page.screenshot({ path: `${shots}/reset-password-refused.png`, fullPage: true });

  await page.getByLabel('New password', { exact: true }).fill(newPassword);
  await page.getByLabel('Confirm new password').fill(newPassword);
  await page.getByRole('button', { name: 'Set the new password' }).click();
  await expect(page).toHaveURL(/\/sign-in$/);
  await expect(page.getByText('Your password was changed')).toBeVisible();
  await page.screenshot({ path: `${shots}/reset-password-done.png`, fullPage: true });

  // The owner's old session ended with the reset.
  expect((await owner.request.get('/api/v1/auth/me')).status()).toBe(401);
  await owner.close();

  // The same link is used up.
  await page.goto(link!);
  await page.getByLabel('New password', { exact: true }).fill('yet another password 3');
  await page.getByLabel('Confirm new password').fill('yet another password 3');
  await page.getByRole('button', { name: 'Set the new password' }).click();
  await expect(page.getByRole('main').getByRole('alert')).toContainText('not valid');
  await page.screenshot({ path: `${shots}/reset-password-used-link.png`, fullPage: true });

  // The old password no longer signs in; the new one does.
  await page.goto('/sign-in');
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(oldPassword);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByRole('main').getByRole('alert')).toBeVisible();
  await page.getByLabel('Password').fill(newPassword);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page).not.toHaveURL(/\/sign-in/);
  await context.close();
});
