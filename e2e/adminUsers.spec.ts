import { expect, test, type BrowserContext, type Page } from '@playwright/test';
import { Secret, TOTP } from 'otpauth';
import { securitySettingsSchema, type SecuritySettings } from '../src/shared/api/security';
import { addMember, createWorkspace, signUp, uniqueEmail } from './support/api';
import { changeSecuritySettings, takeAdministrator, type TakenAdministrator } from './support/instanceAdmin';

// The instance administration of users, as an administrator uses it: create a user in the Users
// tab (a common password refused first, with the server's words), import two users from a CSV
// file through the file input, find both events in the Audit log tab by type; and membership
// privacy: switched on, an App Viewer sees the other members as "Hidden".
//
// Security settings are instance-wide: afterAll puts back the defaults and the administrator flag.

const password = 'correct horse battery staple';
const shots = 'test-results/screenshots';
const defaults = securitySettingsSchema.parse({});
// MD5 of "password": imported users keep another system's hash until their first sign-in.
const md5 = '5f4dcc3b5aa765d61d8327deb882cf99';

let adminContext: BrowserContext;
let administrator: TakenAdministrator;

const setSettings = (change: Partial<SecuritySettings>) => changeSecuritySettings(adminContext.request, change);

test.beforeAll(async ({ browser }) => {
  adminContext = await browser.newContext();
  administrator = await takeAdministrator(adminContext.request, 'admin-users', password);
});

test.afterAll(async () => {
  try {
    await setSettings(defaults);
  } finally {
    await adminContext.close();
    administrator.giveBack();
  }
});

async function openUsersTab(page: Page): Promise<void> {
  await page.goto('/security');
  await page.getByRole('navigation', { name: 'Administration' }).getByRole('link', { name: 'Users' }).click();
  await expect(page.getByRole('heading', { name: 'Users', level: 1 })).toBeVisible();
}

test('an administrator creates a user, sets its password, imports two from a CSV file and finds the events in the audit log', async ({ browser }) => {
  await setSettings({ ...defaults, passwordDictionary: true });
  const page = await adminContext.newPage();
  await openUsersTab(page);
  await expect(page.getByRole('row').filter({ hasText: administrator.user.email })).toContainText('Administrator');

  // Create: a common password is refused with the server's message, then a good one works.
  const email = uniqueEmail('created');
  await page.getByRole('button', { name: 'Create user' }).click();
  const dialog = page.getByRole('dialog', { name: 'Create user' });
  await dialog.getByLabel('Email').fill(email);
  await dialog.getByLabel('Name').fill('Grace Created');
  await dialog.getByLabel('Password').fill('football');
  await dialog.getByRole('button', { name: 'Create user' }).click();
  await expect(dialog.getByRole('alert')).toContainText('10,000 most common passwords');
  await page.screenshot({ path: `${shots}/admin-users-1-create-refused.png` });
  await dialog.getByLabel('Password').fill('a much less common passphrase');
  await dialog.getByRole('button', { name: 'Create user' }).click();
  await expect(dialog).toBeHidden();
  await page.getByLabel('Search').fill(email.slice(0, 12));
  const createdRow = page.getByTestId('user-row').filter({ hasText: email });
  await expect(createdRow).toContainText('Grace Created');
  await expect(page.getByTestId('user-row')).toHaveCount(1);

  // Set that user's password: the dictionary refuses a common one here too.
  await createdRow.getByRole('button', { name: `Set the password of ${email}` }).click();
  const passwordDialog = page.getByRole('dialog', { name: 'Set password' });
  await passwordDialog.getByLabel('New password').fill('football');
  await passwordDialog.getByRole('button', { name: 'Set password' }).click();
  await expect(passwordDialog.getByRole('alert')).toContainText('10,000 most common passwords');
  await passwordDialog.getByLabel('New password').fill('another uncommon passphrase');
  await passwordDialog.getByRole('button', { name: 'Set password' }).click();
  await expect(passwordDialog).toBeHidden();
  await expect(page.getByText(`The password of ${email} was set`)).toBeVisible();
  const userContext = await browser.newContext();
  expect((await userContext.request.post('/api/v1/auth/sign-in', { data: { email, password: 'another uncommon passphrase' } })).status()).toBe(200);
  await userContext.close();

  // Import two users from a CSV file chosen in the file input.
  const imported = [uniqueEmail('imported-a'), uniqueEmail('imported-b')];
  await page.getByLabel('Search').fill('');
  await page.getByRole('button', { name: 'Import users' }).click();
  const importDialog = page.getByRole('dialog', { name: 'Import users' });
  await importDialog.getByLabel('Users file (CSV or JSON)').setInputFiles({
    name: 'users.csv',
    mimeType: 'text/csv',
    // A third row with a malformed hash is reported by its row number; the two others are created.
    buffer: Buffer.from(`email,name,algorithm,hash\n${imported[0]},Imported A,md5,${md5}\n${imported[1]},Imported B,md5,${md5}\n${uniqueEmail('broken')},Broken,md5,not-hex\n`),
  });
  await importDialog.getByRole('button', { name: 'Import' }).click();
  await expect(importDialog.getByRole('status')).toContainText('2 created');
  await expect(importDialog.getByRole('status')).toContainText('0 skipped');
  await expect(importDialog.getByRole('status')).toContainText('1 error');
  await expect(importDialog.getByRole('table', { name: 'Rows not imported' }).getByRole('row').filter({ hasText: 'hash' })).toContainText('3');
  await page.screenshot({ path: `${shots}/admin-users-2-imported.png` });
  await importDialog.getByRole('button', { name: 'Done' }).click();
  await page.getByLabel('Search').fill('imported-');
  await expect(page.getByTestId('user-row')).toHaveCount(2);
  for (const address of imported) await expect(page.getByTestId('user-row').filter({ hasText: address })).toContainText('Imported');
  await page.screenshot({ path: `${shots}/admin-users-3-list.png` });

  // The audit log, filtered by type.
  await page.getByRole('navigation', { name: 'Administration' }).getByRole('link', { name: 'Audit log' }).click();
  await expect(page.getByRole('heading', { name: 'Audit log', level: 1 })).toBeVisible();
  await page.getByLabel('Event type', { exact: true }).selectOption('users_imported');
  const importRow = page.getByTestId('audit-row').first();
  await expect(importRow).toContainText('Users imported');
  await expect(importRow).toContainText('2 created');
  await expect(page.getByTestId('audit-row').filter({ hasNotText: 'Users imported' })).toHaveCount(0);
  await page.screenshot({ path: `${shots}/admin-users-4-audit-imported.png` });
  await page.getByLabel('Event type', { exact: true }).selectOption('user_created');
  await expect(page.getByTestId('audit-row').first()).toContainText('User created');
  await expect(page.getByTestId('audit-row').filter({ hasNotText: 'User created' })).toHaveCount(0);
  await page.getByLabel('Event type', { exact: true }).selectOption('');
  await expect(page.getByTestId('audit-row').first()).toBeVisible();
  await page.screenshot({ path: `${shots}/admin-users-5-audit-all.png`, fullPage: true });
  await page.close();
});

test('membership privacy on: an App Viewer sees the other members as Hidden, the Administrator sees them all', async ({ browser }) => {
  // The workspace's Administrator (not the instance administrator) and an App Viewer.
  const ownerContext = await browser.newContext();
  const viewerContext = await browser.newContext();
  try {
    const ownerEmail = uniqueEmail('privacy-owner');
    const viewerEmail = uniqueEmail('privacy-viewer');
    await signUp(ownerContext.request, ownerEmail, password, 'Olivia Owner');
    await signUp(viewerContext.request, viewerEmail, password, 'Victor Viewer');
    const workspace = await createWorkspace(ownerContext.request, 'Private team');
    await addMember(ownerContext.request, workspace.id, viewerEmail, 'app_viewer');
    await setSettings({ ...defaults, membershipPrivacy: true });

    const viewer = await viewerContext.newPage();
    await viewer.goto('/');
    await viewer.getByRole('tab', { name: 'Members' }).click();
    const rows = viewer.getByRole('row');
    await expect(rows.filter({ hasText: viewerEmail })).toContainText('Victor Viewer');
    await expect(viewer.getByText('Hidden').first()).toBeVisible();
    await expect(viewer.getByText(/Membership privacy is on/)).toBeVisible();
    await expect(viewer.getByText(ownerEmail)).toHaveCount(0);
    await expect(viewer.getByText('Olivia Owner')).toHaveCount(0);
    await viewer.screenshot({ path: `${shots}/admin-users-6-privacy-viewer.png` });

    const owner = await ownerContext.newPage();
    await owner.goto('/');
    await owner.getByRole('tab', { name: 'Members' }).click();
    await expect(owner.getByRole('row').filter({ hasText: viewerEmail })).toContainText('Victor Viewer');
    await expect(owner.getByText('Hidden')).toHaveCount(0);
    await owner.screenshot({ path: `${shots}/admin-users-7-privacy-owner.png` });

    // Off again: the viewer sees names and emails.
    await setSettings({ membershipPrivacy: false });
    await viewer.reload();
    await viewer.getByRole('tab', { name: 'Members' }).click();
    await expect(viewer.getByText(ownerEmail)).toBeVisible();
  } finally {
    await ownerContext.close();
    await viewerContext.close();
  }
});

test('an administrator turns off the two-factor authentication of a user who lost their authenticator', async ({ browser }) => {
  const userContext = await browser.newContext();
  try {
    const email = uniqueEmail('lost-phone');
    await signUp(userContext.request, email, password, 'Lena Lost');
    // Enrolled for real, with a code made from the secret the server handed out.
    const started = await (await userContext.request.post('/api/v1/account/two-factor', { data: { currentPassword: password } })).json() as { secret: string };
    const code = new TOTP({ secret: Secret.fromBase32(started.secret) }).generate();
    expect((await userContext.request.post('/api/v1/account/two-factor/confirm', { data: { code } })).status()).toBe(200);

    const page = await adminContext.newPage();
    await openUsersTab(page);
    await page.getByLabel('Search').fill(email);
    const row = page.getByTestId('user-row').filter({ hasText: email });
    await expect(row).toContainText('2FA');
    await row.getByRole('button', { name: `Turn off two-factor of ${email}` }).click();
    const confirm = page.getByRole('dialog', { name: 'Turn off two-factor authentication?' });
    await expect(confirm).toContainText('Make sure it is really them asking');
    await page.screenshot({ path: `${shots}/admin-users-8-turn-off-2fa.png` });
    await confirm.getByRole('button', { name: 'Turn off 2FA' }).click();
    await expect(row).toContainText('No 2FA');
    await expect(row.getByRole('button', { name: `Turn off two-factor of ${email}` })).toHaveCount(0);

    // Signed out everywhere, and the password alone signs in again.
    expect((await userContext.request.get('/api/v1/auth/me')).status()).toBe(401);
    const signIn = await (await userContext.request.post('/api/v1/auth/sign-in', { data: { email, password } })).json() as { user?: { email: string } };
    expect(signIn.user?.email).toBe(email);
    await page.close();
  } finally {
    await userContext.close();
  }
});
