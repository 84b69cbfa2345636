import { expect, test, type Page } from '@playwright/test';
import { Secret, TOTP } from 'otpauth';
import { uniqueEmail } from './support/api';

// TOTP two-factor authentication as a person uses it: sign up, turn it on from the Account page
// (the "phone" here is this spec: it reads the secret the page shows for typing by hand and makes
// codes with otpauth, as an authenticator app would), keep the recovery codes, sign out, sign in
// with the password and then a code, and once more with a recovery code.

const password = 'correct horse battery staple';
const shots = 'test-results/screenshots';

/** The code an authenticator app shows for `secret`, `offsetMs` from now. */
function totp(secret: string, offsetMs = 0): string {
  return TOTP.generate({ secret: Secret.fromBase32(secret), algorithm: 'SHA1', digits: 6, period: 30, timestamp: Date.now() + offsetMs });
}

async function signInWithPassword(page: Page, email: string): Promise<void> {
  await page.goto('/sign-in');
  await page.getByRole('textbox', { name: 'Email' }).fill(email);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
  await expect(page).toHaveURL(/\/sign-in\/two-factor$/);
  await expect(page.getByRole('heading', { name: 'Two-factor authentication' })).toBeVisible();
}

async function signOut(page: Page): Promise<void> {
  await page.getByRole('button', { name: 'Sign out', exact: true }).click();
  await expect(page).toHaveURL(/\/sign-in/);
}

test('turn on TOTP from the Account page, then sign in with a code and with a recovery code', async ({ page }) => {
  const email = uniqueEmail('totp');
  await page.goto('/sign-up');
  await page.getByLabel('Name').fill('Tess Totp');
  await page.getByRole('textbox', { name: 'Email' }).fill(email);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign up' }).click();
  await expect(page).toHaveURL(/\/$/);

  // The Account page: two-factor is off.
  await page.goto('/account');
  const card = page.locator('.settings-card').filter({ has: page.getByRole('heading', { name: 'Two-factor authentication' }) });
  await expect(card.locator('.badge')).toHaveText('Off');
  await card.scrollIntoViewIfNeeded();
  await card.screenshot({ path: `${shots}/two-factor-card-off.png` });
  await card.getByRole('link', { name: 'Turn on two-factor' }).click();

  // Enrolment: the password, then the QR code and the key.
  await expect(page).toHaveURL(/\/account\/two-factor$/);
  await page.getByLabel('Current password').fill('not my password');
  await page.getByRole('button', { name: 'Continue' }).click();
  await expect(page.getByRole('alert')).toContainText('password is wrong');
  await page.getByLabel('Current password').fill(password);
  await page.getByRole('button', { name: 'Continue' }).click();
  const qr = page.getByRole('img', { name: 'QR code to scan with your authenticator app' });
  await expect(qr).toBeVisible();
  // The QR code is drawn in the browser: a data URL, an image that loaded.
  expect(await qr.getAttribute('src')).toMatch(/^data:image\/png;base64,/);
  expect(await qr.evaluate((img: HTMLImageElement) => img.naturalWidth)).toBeGreaterThan(100);
  const secret = ((await page.getByTestId('totp-secret').textContent()) ?? '').replace(/\s/g, '');
  expect(secret).toMatch(/^[A-Z2-7]{32}$/);
  await page.screenshot({ path: `${shots}/two-factor-enrol.png`, fullPage: true });

  // A wrong code first (one from ten minutes ahead), then the app's code.
  await page.getByLabel('Authentication code').fill(totp(secret, 10 * 60_000));
  await page.getByRole('button', { name: 'Turn on two-factor' }).click();
  await expect(page.getByRole('alert')).toContainText('not right');
  await page.getByLabel('Authentication code').fill(totp(secret));
  await page.getByRole('button', { name: 'Turn on two-factor' }).click();

  // The recovery codes, once.
  const list = page.getByTestId('recovery-codes');
  await expect(list.locator('li')).toHaveCount(10);
  const recoveryCodes = await list.locator('li').allTextContents();
  for (const code of recoveryCodes) expect(code).toMatch(/^[a-z2-9]{5}-[a-z2-9]{5}$/);
  await page.screenshot({ path: `${shots}/two-factor-recovery-codes.png`, fullPage: true });
  const done = page.getByRole('button', { name: 'Done' });
  await expect(done).toBeDisabled();
  await page.getByLabel('I have saved my recovery codes').check();
  await done.click();
  await expect(page).toHaveURL(/\/account$/);
  await expect(card.locator('.badge')).toHaveText('On');
  await expect(card.getByTestId('recovery-codes-left')).toHaveText('10 recovery codes left.');
  await card.screenshot({ path: `${shots}/two-factor-card-on.png` });

  // Signing in now asks for a code after the password.
  await signOut(page);
  await signInWithPassword(page, email);
  await page.getByLabel('Authentication code').fill(totp(secret, 10 * 60_000));
  await page.getByRole('button', { name: 'Verify' }).click();
  await expect(page.getByRole('alert')).toContainText('not right');
  await page.screenshot({ path: `${shots}/two-factor-sign-in-step.png`, fullPage: true });
  // The code of the next 30 seconds (accepted for clock drift): the one that confirmed enrolment may be this step's, and a code works once.
  await page.getByLabel('Authentication code').fill(totp(secret, 30_000));
  await page.getByRole('button', { name: 'Verify' }).click();
  await expect(page).toHaveURL(/\/$/);
  await expect(page.getByRole('button', { name: 'Sign out', exact: true })).toBeVisible();

  // And with a recovery code instead.
  await signOut(page);
  await signInWithPassword(page, email);
  await page.getByRole('button', { name: 'Use a recovery code instead' }).click();
  await page.getByLabel('Recovery code').fill(recoveryCodes[0]!);
  await page.screenshot({ path: `${shots}/two-factor-sign-in-recovery.png`, fullPage: true });
  await page.getByRole('button', { name: 'Verify' }).click();
  await expect(page).toHaveURL(/\/$/);
  await page.goto('/account');
  await expect(card.getByTestId('recovery-codes-left')).toHaveText('9 recovery codes left.');

  // The same recovery code does not work twice; without a challenge in the router state (a bookmark) the step sends back to sign-in.
  await signOut(page);
  await signInWithPassword(page, email);
  await page.getByRole('button', { name: 'Use a recovery code instead' }).click();
  await page.getByLabel('Recovery code').fill(recoveryCodes[0]!);
  await page.getByRole('button', { name: 'Verify' }).click();
  await expect(page.getByRole('alert')).toContainText('not right');
  await page.goto('/sign-in');
  await page.goto('/sign-in/two-factor');
  await expect(page).toHaveURL(/\/sign-in$/);
  await expect(page.getByRole('heading', { name: 'Sign in to Cordon' })).toBeVisible();
});
