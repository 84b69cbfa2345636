import { expect, test, type APIRequestContext, type BrowserContext, type Page } from '@playwright/test';
import { securitySettingsSchema } from '../src/shared/api/security';
import { signIn, signUp, uniqueEmail } from './support/api';
import { changeSecuritySettings, securitySettings, takeAdministrator, type TakenAdministrator } from './support/instanceAdmin';

// The Account page and the administrator's Security page, as people use them: password policies
// switched on in the browser refuse a common password at sign-up and a recent one on change; a
// session limit signs out the oldest browser.
//
// The Security settings are instance-wide and the run has one server, so afterAll puts back the
// defaults, and each test sets every value it relies on (specs may run in any order).
//
// The instance administrator: this spec signs up its own and takes the flag (e2e/support/instanceAdmin.ts),
// and gives it back in afterAll.

const password = 'correct horse battery staple';
const shots = 'test-results/screenshots';
const defaults = securitySettingsSchema.parse({});

let adminContext: BrowserContext;
let administrator: TakenAdministrator;

const resetSecuritySettings = (request: APIRequestContext) => changeSecuritySettings(request, defaults);

test.beforeAll(async ({ browser }) => {
  adminContext = await browser.newContext();
  administrator = await takeAdministrator(adminContext.request, 'security-admin', password);
});

test.afterAll(async () => {
  try {
    await resetSecuritySettings(adminContext.request);
  } finally {
    await adminContext.close();
    // Give the flag back to whoever had it (when this spec took it), so later specs see the instance as before.
    administrator.giveBack();
  }
});

/** Opens the Security page from the top bar, as an administrator would. */
async function openSecurityPage(page: Page): Promise<void> {
  await page.goto('/');
  await page.getByRole('navigation', { name: 'Account' }).getByRole('link', { name: 'Security' }).click();
  await expect(page.getByRole('heading', { name: 'Security', level: 1 })).toBeVisible();
}

async function saveSettings(page: Page): Promise<void> {
  await page.getByRole('button', { name: 'Save settings' }).click();
  await expect(page.getByText('Security settings saved.')).toBeVisible();
}

test('password policies set on the Security page refuse a common password at sign-up and a recent one on the Account page', async ({ browser }) => {
  const admin = await adminContext.newPage();
  await openSecurityPage(admin);
  // Start from the defaults whatever an earlier spec left, then switch the two rules on.
  await resetSecuritySettings(adminContext.request);
  await admin.reload();

  // The server's validation message reaches the page, and nothing is saved.
  await admin.getByLabel('Password history').fill('21');
  await admin.getByRole('button', { name: 'Save settings' }).click();
  await expect(admin.getByRole('alert')).toContainText('Password history');
  expect((await securitySettings(adminContext.request)).passwordHistory).toBe(0);

  await admin.getByLabel('Password history').fill('5');
  await admin.getByRole('switch', { name: 'Password dictionary' }).check();
  await admin.getByRole('switch', { name: 'Personal data in passwords' }).check();
  await saveSettings(admin);
  await admin.screenshot({ path: `${shots}/security-page.png`, fullPage: true });
  const stored = await securitySettings(adminContext.request);
  expect(stored).toMatchObject({ passwordHistory: 5, passwordDictionary: true, passwordPersonalData: true });

  // The mock phone numbers editor: a number that is not E.164 is refused with the server's words.
  await admin.getByRole('button', { name: 'Add number' }).click();
  await admin.getByLabel('Phone number 1', { exact: true }).fill('4155550123');
  await admin.getByLabel('Code for phone number 1').fill('123456');
  await admin.getByRole('button', { name: 'Save settings' }).click();
  await expect(admin.getByRole('alert')).toContainText('E.164');
  await admin.screenshot({ path: `${shots}/security-page-invalid-phone.png`, fullPage: true });
  await admin.getByLabel('Phone number 1', { exact: true }).fill('+14155550123');
  await saveSettings(admin);
  expect((await securitySettings(adminContext.request)).mockPhoneNumbers).toEqual([{ phone: '+14155550123', code: '123456' }]);

  // A new user: "password1" is one of the 10,000 most common passwords.
  const userContext = await browser.newContext();
  const page = await userContext.newPage();
  await page.goto('/sign-up');
  await page.getByLabel('Name').fill('Nina New');
  const userEmail = uniqueEmail('account-dictionary');
  await page.getByLabel('Email').fill(userEmail);
  await page.getByLabel('Password').fill('password1');
  await page.getByRole('button', { name: 'Sign up' }).click();
  await expect(page.getByText('This password is one of the 10,000 most common passwords')).toBeVisible();
  await expect(page).toHaveURL(/\/sign-up/);
  // Personal data: a password that holds the user's own name (any case) is refused too.
  await page.getByLabel('Password').fill('hello NINA NEW 2024');
  await page.getByRole('button', { name: 'Sign up' }).click();
  await expect(page.getByText('The password contains your name, email, phone number or user id')).toBeVisible();
  await expect(page).toHaveURL(/\/sign-up/);

  const first = 'tangerine ladder 4417';
  const second = 'quiet harbour lamp 9';
  await page.getByLabel('Password').fill(first);
  await page.getByRole('button', { name: 'Sign up' }).click();
  await expect(page).not.toHaveURL(/\/sign-up/);

  // The Account page: profile, then a password change and a change back to the recent one.
  await page.getByRole('navigation', { name: 'Account' }).getByRole('link', { name: 'Account' }).click();
  await expect(page.getByRole('heading', { name: 'Account', level: 1 })).toBeVisible();
  await expect(page.getByRole('main').getByText('Nina New')).toBeVisible();
  await expect(page.getByRole('main').getByText(userEmail)).toBeVisible();
  // Not an administrator: no Security link.
  await expect(page.getByRole('navigation', { name: 'Account' }).getByRole('link', { name: 'Security' })).toHaveCount(0);

  const changePassword = async (current: string, next: string) => {
    await page.getByLabel('Current password').fill(current);
    await page.getByLabel('New password', { exact: true }).fill(next);
    await page.getByLabel('Confirm new password').fill(next);
    await page.getByRole('button', { name: 'Change password' }).click();
  };
  await changePassword('not my password', second);
  await expect(page.getByText('The current password is wrong.')).toBeVisible();

  await changePassword(first, second);
  await expect(page.getByText('Password changed.')).toBeVisible();

  await changePassword(second, first);
  await expect(page.getByText('Choose one you have not used recently')).toBeVisible();
  await page.screenshot({ path: `${shots}/account-password-refused.png`, fullPage: true });

  // The refused change changed nothing: the second password still signs in, the first does not.
  const check = await browser.newContext();
  expect((await check.request.post('/api/v1/auth/sign-in', { data: { email: userEmail, password: first } })).status()).toBe(401);
  await check.close();
  await userContext.close();
});

test('a session limit of 2 signs out the oldest browser, and the Account page revokes another', async ({ browser }) => {
  const admin = await adminContext.newPage();
  await openSecurityPage(admin);
  await admin.getByLabel('Session limit').fill('2');
  await saveSettings(admin);

  const email = uniqueEmail('account-sessions');
  const contexts = await Promise.all([browser.newContext(), browser.newContext(), browser.newContext()]);
  const [a, b, c] = contexts;
  try {
    await signUp(a.request, email, password, 'Sam Sessions');
    const pageA = await a.newPage();
    await pageA.goto('/account');
    await expect(pageA.getByTestId('session-row')).toHaveCount(1);

    await signIn(b.request, email, password);
    const pageB = await b.newPage();
    await pageB.goto('/account');
    await signIn(c.request, email, password);

    // The third sign-in went beyond the limit: the first browser's session is gone.
    await pageA.reload();
    await expect(pageA).toHaveURL(/\/sign-in/);
    await expect(pageA.getByRole('button', { name: 'Sign in' })).toBeVisible();

    const pageC = await c.newPage();
    await pageC.goto('/account');
    const rows = pageC.getByTestId('session-row');
    await expect(rows).toHaveCount(2);
    await expect(rows.filter({ hasText: 'This device' })).toHaveCount(1);
    await expect(rows.first()).toContainText('Password');
    await pageC.screenshot({ path: `${shots}/account-sessions.png`, fullPage: true });

    // Revoke the other one (the second browser's).
    await rows.filter({ hasNotText: 'This device' }).getByRole('button', { name: /^Revoke/ }).click();
    await expect(rows).toHaveCount(1);
    await expect(rows).toContainText('This device');
    await pageB.reload();
    await expect(pageB).toHaveURL(/\/sign-in/);
  } finally {
    await Promise.all(contexts.map((context) => context.close()));
  }
});
