import { expect, test, type Page } from '@playwright/test';
import { signUp, uniqueEmail } from './support/api';
import { seedUsersDatabase, type SeededDatabase } from './support/postgres';

// The walking skeleton's whole story, as a person does it: a builder signs up, makes a
// workspace and an app, connects the machine's PostgreSQL, writes a filtered query, drags
// Input, Button and Table onto the canvas, wires them, publishes; an App Viewer signs in
// elsewhere, searches, and sees only the matching rows. Injection typed into the Input
// returns nothing extra and changes nothing.

let db: SeededDatabase;
test.beforeAll(async () => { db = await seedUsersDatabase(); });
test.afterAll(async () => { await db?.drop(); });

const shots = 'test-results/screenshots';
const password = 'correct horse battery staple';

async function dragPaletteItem(page: Page, displayName: string, target: { x: number; y: number }): Promise<void> {
  const canvas = page.getByTestId('canvas');
  await page.getByRole('button', { name: displayName, exact: true }).dragTo(canvas, { targetPosition: target });
}

test('a builder publishes a filtered table and an App Viewer uses it', async ({ browser }) => {
  test.setTimeout(180_000);
  const builderEmail = uniqueEmail('story-builder');
  const viewerEmail = uniqueEmail('story-viewer');

  // The viewer's account exists before the builder invites it (invitations come later).
  const viewerSetup = await browser.newContext();
  await signUp(viewerSetup.request, viewerEmail, password, 'Vera Viewer');
  await viewerSetup.close();

  const builderContext = await browser.newContext();
  const page = await builderContext.newPage();

  // Sign up.
  await page.goto('/sign-up');
  await page.getByLabel('Name').fill('Bea Builder');
  await page.getByLabel('Email').fill(builderEmail);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign up' }).click();

  // A workspace and an app.
  await page.getByRole('button', { name: 'New workspace' }).first().click();
  await page.getByLabel('Workspace name').fill('Support');
  await page.getByRole('button', { name: 'Create' }).click();
  await page.getByRole('button', { name: 'New app' }).first().click();
  await page.getByLabel('App name').fill('Customer lookup');
  await page.getByRole('button', { name: 'Create' }).click();
  await expect(page).toHaveURL(/\/apps\/[^/]+\/edit/);
  const appId = /\/apps\/([^/]+)\/edit/.exec(page.url())?.[1];
  expect(appId).toBeTruthy();

  // The machine's PostgreSQL, seeded by this test.
  await page.getByRole('button', { name: /New datasource/ }).click();
  const dsDialog = page.getByRole('dialog');
  await dsDialog.getByLabel('Name').fill('Seeded users');
  await dsDialog.getByLabel('Host').fill(db.host);
  await dsDialog.getByLabel('Port').fill(String(db.port));
  await dsDialog.getByLabel('Database').fill(db.database);
  await dsDialog.getByLabel('User').fill(db.user);
  await dsDialog.getByLabel('Password').fill('not-needed-under-trust-auth');
  await dsDialog.getByRole('button', { name: 'Test connection' }).click();
  await expect(dsDialog.getByText(/connected|success/i)).toBeVisible();
  await dsDialog.getByRole('button', { name: 'Save' }).click();
  await expect(dsDialog).toHaveCount(0);

  // The filtered query, typed into Monaco as a person would.
  await page.getByRole('button', { name: /New query/ }).click();
  await page.getByLabel('Datasource').selectOption({ label: 'Seeded users' });
  const body = page.getByLabel('Query body');
  await body.click();
  await page.keyboard.press('ControlOrMeta+a');
  await page.keyboard.type("select * from users where name ilike {{ '%' + Input1.text + '%' }} order by id");

  // Input, Button and Table dragged from the palette onto the canvas.
  await dragPaletteItem(page, 'Input', { x: 40, y: 30 });
  await expect(page.locator('[data-canvas-widget="Input1"]')).toBeVisible();
  await dragPaletteItem(page, 'Button', { x: 600, y: 30 });
  await expect(page.locator('[data-canvas-widget="Button1"]')).toBeVisible();
  await dragPaletteItem(page, 'Table', { x: 40, y: 160 });
  await expect(page.locator('[data-canvas-widget="Table1"]')).toBeVisible();

  // Wire them: the Table shows Query1.data, the Button runs Query1.
  const properties = page.getByRole('complementary', { name: 'Properties' });
  await page.locator('[data-canvas-widget="Table1"]').click();
  await properties.getByLabel('Table data').fill('{{ Query1.data }}');
  await page.locator('[data-canvas-widget="Button1"]').click();
  await properties.getByLabel('Label', { exact: true }).fill('Search');
  await properties.getByLabel('onClick').fill('{{ Query1.run() }}');
  await page.locator('[data-canvas-widget="Input1"]').click();
  await properties.getByLabel('Label', { exact: true }).fill('Customer name');
  await expect(page.getByText('Saved', { exact: true })).toBeVisible();
  await page.screenshot({ path: `${shots}/story-1-editor.png` });

  // Publish, then invite the viewer as an App Viewer through the Members screen.
  await page.getByRole('button', { name: 'Publish' }).click();
  await expect(page.getByText(/Published/).first()).toBeVisible();
  await page.goto('/');
  await page.getByRole('tab', { name: 'Members' }).click();
  await page.getByLabel('Email').fill(viewerEmail);
  await page.getByLabel('Role', { exact: true }).selectOption('app_viewer');
  await page.getByRole('button', { name: 'Add member' }).click();
  const viewerRow = page.getByRole('row').filter({ hasText: viewerEmail });
  await expect(viewerRow).toBeVisible();
  await expect(viewerRow.getByRole('combobox')).toHaveValue('app_viewer');
  await page.screenshot({ path: `${shots}/story-2-members.png` });

  // The viewer, in a fresh browser context, signs in and opens the published app.
  const viewerContext = await browser.newContext();
  const viewer = await viewerContext.newPage();
  await viewer.goto(`/app/${appId}`);
  await expect(viewer).toHaveURL(/\/sign-in/);
  await viewer.getByLabel('Email').fill(viewerEmail);
  await viewer.getByLabel('Password').fill(password);
  await viewer.getByRole('button', { name: 'Sign in' }).click();
  await expect(viewer).toHaveURL(new RegExp(`/app/${appId}`));

  await viewer.getByLabel('Customer name').fill('ali');
  await viewer.getByRole('button', { name: 'Search' }).click();
  const table = viewer.locator('[data-widget="Table1"]');
  await expect(table.getByText('Alice Martin')).toBeVisible();
  await expect(table.getByText('Alicia Keys')).toBeVisible();
  await expect(table.getByText('Bob Stone')).toHaveCount(0);
  await viewer.screenshot({ path: `${shots}/story-3-viewer.png` });

  // An App Viewer has no way into the editor or the datasources.
  expect((await viewer.request.get(`/api/v1/apps/${appId}`)).status()).toBe(403);

  // Injection through the Input: no rows match the literal text, and the table is unchanged.
  await viewer.getByLabel('Customer name').fill("' or 1=1 --");
  await viewer.getByRole('button', { name: 'Search' }).click();
  await expect(table.getByText('Alice Martin')).toHaveCount(0);
  await expect(table.getByText('Bob Stone')).toHaveCount(0);
  await viewer.getByLabel('Customer name').fill("'; delete from users; --");
  await viewer.getByRole('button', { name: 'Search' }).click();
  await expect(table.getByText('Alice Martin')).toHaveCount(0);
  expect((await db.query<{ n: string }>('select count(*) as n from users'))[0]?.n).toBe('5');
  await viewer.screenshot({ path: `${shots}/story-4-injection.png` });

  await viewerContext.close();
  await builderContext.close();
});
