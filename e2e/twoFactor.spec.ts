import { expect, test, type APIRequestContext, type Page } from '@playwright/test';
import { Secret, TOTP } from 'otpauth';
import { uniqueEmail } from './support/api';
import { changeSecuritySettings, takeAdministrator } from './support/instanceAdmin';

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

  // The same recovery code does not work twice.
  await signOut(page);
  await signInWithPassword(page, email);
  await page.getByRole('button', { name: 'Use a recovery code instead' }).click();
  await page.getByLabel('Recovery code').fill(recoveryCodes[0]!);
  await page.getByRole('button', { name: 'Verify' }).click();
  await expect(page.getByRole('alert')).toContainText('not right');
  await page.getByLabel('Recovery code').fill(recoveryCodes[2]!);
  await page.getByRole('button', { name: 'Verify' }).click();
  await expect(page).toHaveURL(/\/$/);
  await page.goto('/account');
  await expect(card.getByTestId('recovery-codes-left')).toHaveText('8 recovery codes left.');

  // New recovery codes from the card: a code works once, so wait for the app's next code
  // (the last one used was the next step's).
  await page.waitForTimeout(30_000 - (Date.now() % 30_000) + 500);
  await card.getByRole('button', { name: 'New recovery codes' }).click();
  await card.getByLabel('Code from your authenticator app').fill(totp(secret, 30_000));
  await card.getByRole('button', { name: 'Make new codes' }).click();
  await expect(card.getByTestId('recovery-codes').locator('li')).toHaveCount(10);
  const newCodes = await card.getByTestId('recovery-codes').locator('li').allTextContents();
  expect(newCodes).not.toContain(recoveryCodes[1]);
  await card.getByLabel('I have saved my recovery codes').check();
  await card.getByRole('button', { name: 'Done' }).click();
  await expect(card.getByTestId('recovery-codes-left')).toHaveText('10 recovery codes left.');

  // Turning it off needs the password and a code: an old recovery code is refused, a new one works.
  await card.getByRole('button', { name: 'Turn off' }).click();
  await card.getByLabel('Current password').fill(password);
  await card.getByRole('button', { name: 'Use a recovery code instead' }).click();
  await card.getByLabel('Recovery code').fill(recoveryCodes[1]!);
  await card.getByRole('button', { name: 'Turn off two-factor' }).click();
  await expect(card.getByRole('alert')).toContainText('not right');
  await card.screenshot({ path: `${shots}/two-factor-card-turn-off.png` });
  await card.getByLabel('Recovery code').fill(newCodes[0]!);
  await card.getByRole('button', { name: 'Turn off two-factor' }).click();
  await expect(card.locator('.badge')).toHaveText('Off');
  // Off: the password alone signs in again.
  await signOut(page);
  await page.getByRole('textbox', { name: 'Email' }).fill(email);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
  await expect(page).toHaveURL(/\/$/);

  // Without a challenge in the router state (a bookmark) the step sends back to sign-in.
  await signOut(page);
  await page.goto('/sign-in');
  await page.goto('/sign-in/two-factor');
  await expect(page).toHaveURL(/\/sign-in$/);
  await expect(page.getByRole('heading', { name: 'Sign in to Cordon' })).toBeVisible();
});

/** Turns TOTP on for the account of `request` through the API (an administrator who requires it has it). */
async function enrolByApi(request: APIRequestContext): Promise<void> {
  const started = await request.post('/api/v1/account/two-factor', { data: { currentPassword: password } });
  expect(started.ok(), await started.text()).toBe(true);
  const { secret } = (await started.json()) as { secret: string };
  const confirmed = await request.post('/api/v1/account/two-factor/confirm', { data: { code: totp(secret) } });
  expect(confirmed.ok(), await confirmed.text()).toBe(true);
}

test('when an administrator requires two-factor, a signed-in user without it is sent to enrol, then goes on', async ({ browser, page }) => {
  const adminContext = await browser.newContext();
  // The one instance administrator flag moves to this spec's administrator and goes back after (e2e/support/instanceAdmin.ts).
  const admin = await takeAdministrator(adminContext.request, 'totp-admin', password);
  try {
    await enrolByApi(adminContext.request);

    // A user signed in before the requirement, on the home page.
    await page.goto('/sign-up');
    await page.getByLabel('Name').fill('Rhea Required');
    await page.getByRole('textbox', { name: 'Email' }).fill(uniqueEmail('totp-required'));
    await page.getByLabel('Password').fill(password);
    await page.getByRole('button', { name: 'Sign up' }).click();
    await expect(page).toHaveURL(/\/$/);
    // The home page's own requests are done (a late one would meet the requirement below first).
    await page.waitForLoadState('networkidle');

    await changeSecuritySettings(adminContext.request, { requireTwoFactor: true });

    // The next request of that session is refused: the app sends the user to enrol.
    await page.getByRole('navigation', { name: 'Account' }).getByRole('link', { name: 'Account' }).click();
    await expect(page).toHaveURL(/\/account\/two-factor$/);
    await expect(page.getByRole('status').filter({ hasText: 'requires two-factor authentication' })).toBeVisible();
    // Nothing else is open to this session: the top bar offers only sign-out, and a direct visit comes back here.
    await expect(page.getByRole('navigation', { name: 'Account' }).getByRole('link')).toHaveCount(0);
    await page.goto('/');
    await expect(page).toHaveURL(/\/account\/two-factor$/);
    await expect(page.getByLabel('Current password')).toBeVisible();
    await page.screenshot({ path: `${shots}/two-factor-required.png`, fullPage: true });

    await page.getByLabel('Current password').fill(password);
    await expect(page.getByLabel('Current password')).toHaveValue(password);
    await expect(page.getByRole('button', { name: 'Continue' })).toBeEnabled();
    await page.getByRole('button', { name: 'Continue' }).click();
    const secret = ((await page.getByTestId('totp-secret').textContent()) ?? '').replace(/\s/g, '');
    await page.getByLabel('Authentication code').fill(totp(secret));
    await page.getByRole('button', { name: 'Turn on two-factor' }).click();
    await expect(page.getByTestId('recovery-codes').locator('li')).toHaveCount(10);
    await page.getByLabel('I have saved my recovery codes').check();
    await page.getByRole('button', { name: 'Continue to Cordon' }).click();
    // A full session again: the home page with its workspaces.
    await expect(page).toHaveURL(/\/$/);
    await expect(page.getByRole('navigation', { name: 'Account' }).getByRole('link', { name: 'Account' })).toBeVisible();
    await page.getByRole('navigation', { name: 'Account' }).getByRole('link', { name: 'Account' }).click();
    await expect(page).toHaveURL(/\/account$/);
    const card = page.locator('.settings-card').filter({ has: page.getByRole('heading', { name: 'Two-factor authentication' }) });
    await expect(card.locator('.badge')).toHaveText('On');
  } finally {
    await changeSecuritySettings(adminContext.request, { requireTwoFactor: false });
    await adminContext.close();
    admin.giveBack();
  }
});
