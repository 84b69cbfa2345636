import { expect, test } from '@playwright/test';
import type { DatasourceDto } from '../src/shared';
import { createApp, createWorkspace, signUp, uniqueEmail } from './support/api';
import { seedUsersDatabase, type SeededDatabase } from './support/postgres';

// The datasource dialog as a builder uses it: a kind per tile, messages on the fields that are
// wrong, "Test connection" on a datasource that is not saved (nothing is stored by it), and a
// password that never comes back: the field says it is set, typing replaces it, Clear removes it.

let db: SeededDatabase;
test.beforeAll(async () => { db = await seedUsersDatabase(); });
test.afterAll(async () => { await db?.drop(); });

const shots = 'test-results/screenshots';
/** The machine's MariaDB, as the README says; override with CORDON_TEST_MYSQL_URL. */
const mysql = new URL(process.env.CORDON_TEST_MYSQL_URL ?? 'mysql://root@127.0.0.1:3306/test');
const password = 'pw-canary-7f3a91';

test('the datasource dialog validates, tests a draft, and keeps the password write-only', async ({ page }) => {
  await signUp(page.request, uniqueEmail('dsdialog'), 'correct horse battery', 'Builder');
  const workspace = await createWorkspace(page.request, 'Dialog workspace');
  const app = await createApp(page.request, workspace.id, 'Dialog app');
  // The sample database's file is what the SQLite file list offers.
  expect((await page.request.post(`/api/v1/workspaces/${workspace.id}/datasources/sample`)).ok()).toBe(true);
  const listDatasources = async () => (await (await page.request.get(`/api/v1/workspaces/${workspace.id}/datasources`)).json()) as DatasourceDto[];

  await page.goto(`/apps/${app.id}/edit`);
  await page.getByRole('button', { name: /New datasource/ }).click();
  const dialog = page.getByRole('dialog');
  await expect(dialog.getByRole('radio', { name: /PostgreSQL/ })).toBeChecked();
  await expect(dialog.getByLabel('Port')).toHaveValue('5432');

  // Field messages, not one vague line.
  await dialog.getByRole('button', { name: 'Save' }).click();
  await expect(dialog.getByText('Give the datasource a name.')).toBeVisible();
  await expect(dialog.getByText('Enter the database server’s host name or address.')).toBeVisible();
  await expect(dialog.getByText('Enter the database name.')).toBeVisible();
  await page.screenshot({ path: `${shots}/datasources-dialog-1-messages.png` });

  // The kind picks its default port.
  await dialog.getByText('MySQL / MariaDB').click();
  await expect(dialog.getByLabel('Port')).toHaveValue('3306');
  await dialog.getByText('PostgreSQL', { exact: true }).click();
  await expect(dialog.getByLabel('Port')).toHaveValue('5432');

  // Test a draft: a wrong database fails with the server's message; nothing is saved.
  await dialog.getByLabel('Name', { exact: true }).fill('Seeded users');
  await dialog.getByLabel('Host').fill(db.host);
  await dialog.getByLabel('Port').fill(String(db.port));
  await dialog.getByLabel('Database').fill(`${db.database}_missing`);
  await dialog.getByLabel('User').fill(db.user);
  await dialog.getByLabel('Password').fill(password);
  await dialog.getByRole('button', { name: 'Test connection' }).click();
  const failed = dialog.getByRole('alert').filter({ hasText: 'Connection failed.' });
  await expect(failed).toBeVisible();
  await expect(failed).not.toContainText(password);
  await page.screenshot({ path: `${shots}/datasources-dialog-2-test-failed.png` });
  await dialog.getByLabel('Database').fill(db.database);
  await dialog.getByRole('button', { name: 'Test connection' }).click();
  await expect(dialog.getByText(/Connected in \d+ ms/)).toBeVisible();
  expect((await listDatasources()).map((d) => d.name)).toEqual(['Sample database']);

  await dialog.getByRole('button', { name: 'Save' }).click();
  await expect(dialog).toHaveCount(0);
  const saved = (await listDatasources()).find((d) => d.name === 'Seeded users');
  expect(saved).toMatchObject({ name: 'Seeded users', kind: 'postgres', secrets: { password: { set: true } } });
  expect(JSON.stringify(saved)).not.toContain(password);

  // Edit: the kind is fixed, the password is "set" and never filled in.
  await page.getByRole('button', { name: 'Seeded users' }).click();
  await expect(dialog.getByRole('radio')).toHaveCount(0);
  await expect(dialog.getByText('PostgreSQL', { exact: true })).toBeVisible();
  const passwordField = dialog.getByLabel('Password');
  await expect(passwordField).toHaveValue('');
  await expect(passwordField).toHaveAttribute('placeholder', 'Set — type to replace');
  expect(await page.content()).not.toContain(password);
  await page.screenshot({ path: `${shots}/datasources-dialog-3-edit.png` });

  // Clear removes it on save.
  await dialog.getByRole('button', { name: 'Clear' }).click();
  await expect(dialog.getByText('Will be removed when you save.')).toBeVisible();
  await dialog.getByRole('button', { name: 'Save' }).click();
  await expect(dialog).toHaveCount(0);
  expect((await listDatasources()).find((d) => d.name === 'Seeded users')?.secrets).toEqual({ password: { set: false } });

  // The other kinds' forms.
  await page.getByRole('button', { name: /New datasource/ }).click();
  await dialog.getByText('REST API').click();
  await dialog.getByLabel('Name', { exact: true }).fill('Payments API');
  await dialog.getByLabel('Base URL').fill('https://api.example.com/v1');
  await dialog.getByRole('button', { name: 'Add header' }).click();
  await dialog.getByLabel('Header 1 name').fill('Accept');
  await dialog.getByLabel('Header 1 value').fill('application/json');
  await dialog.getByLabel('Authentication').selectOption('bearer');
  await dialog.getByLabel('Token').fill('not-a-real-token');
  await page.screenshot({ path: `${shots}/datasources-dialog-4-rest.png` });
  await dialog.getByLabel('Authentication').selectOption('apiKey');
  await dialog.getByRole('button', { name: 'Save' }).click();
  await expect(dialog.getByText('Enter the header name, e.g. X-API-Key.')).toBeVisible();

  // MySQL / MariaDB on the machine: a draft test connects.
  await dialog.getByText('MySQL / MariaDB').click();
  await dialog.getByLabel('Name', { exact: true }).fill('Shop MariaDB');
  await dialog.getByLabel('Host').fill(mysql.hostname);
  await dialog.getByLabel('Port').fill(mysql.port || '3306');
  await dialog.getByLabel('Database').fill(mysql.pathname.slice(1) || 'test');
  await dialog.getByLabel('User').fill(decodeURIComponent(mysql.username || 'root'));
  await dialog.getByRole('button', { name: 'Test connection' }).click();
  await expect(dialog.getByText(/Connected in \d+ ms/)).toBeVisible();

  // SQLite: the file comes from the server's list (the sample database's file is on it).
  await dialog.getByText('SQLite', { exact: true }).click();
  const files = dialog.getByLabel('Database file');
  const sample = (await listDatasources()).find((d) => d.name === 'Sample database');
  const sampleFile = sample?.kind === 'sqlite' ? sample.config.file : 'no sample file';
  await expect(files.locator('option', { hasText: sampleFile })).toHaveCount(1);
  await files.selectOption(sampleFile);
  await dialog.getByText('Read-only').click();
  await dialog.getByRole('button', { name: 'Test connection' }).click();
  await expect(dialog.getByText(/Connected in \d+ ms/)).toBeVisible();
  await page.screenshot({ path: `${shots}/datasources-dialog-5-sqlite.png` });
  await dialog.getByRole('button', { name: 'Cancel' }).click();
  await expect(dialog).toHaveCount(0);
  expect((await listDatasources()).map((d) => d.name).sort()).toEqual(['Sample database', 'Seeded users']);
});
