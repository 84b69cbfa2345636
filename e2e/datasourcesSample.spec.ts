import { expect, test, type Page } from '@playwright/test';
import { uniqueEmail } from './support/api';

// A newcomer with no database of their own: signs up, makes a workspace and an app, adds the
// sample database with one click, writes a query on it, shows it in a Table, publishes, and
// the published app lists the sample's customers.

const shots = 'test-results/screenshots';

async function dragPaletteItem(page: Page, displayName: string, target: { x: number; y: number }): Promise<void> {
  await page.getByRole('button', { name: displayName, exact: true }).dragTo(page.getByTestId('canvas'), { targetPosition: target });
}

test('a newcomer builds a first app on the sample database', async ({ page }) => {
  test.setTimeout(120_000);
  await page.goto('/sign-up');
  await page.getByLabel('Name').fill('Nia Newcomer');
  await page.getByLabel('Email').fill(uniqueEmail('sample'));
  await page.getByLabel('Password').fill('correct horse battery staple');
  await page.getByRole('button', { name: 'Sign up' }).click();
  await page.getByRole('button', { name: 'New workspace' }).first().click();
  await page.getByLabel('Workspace name').fill('First steps');
  await page.getByRole('button', { name: 'Create' }).click();
  await page.getByRole('button', { name: 'New app' }).first().click();
  await page.getByLabel('App name').fill('Customers');
  await page.getByRole('button', { name: 'Create' }).click();
  await expect(page).toHaveURL(/\/apps\/[^/]+\/edit/);
  const appId = /\/apps\/([^/]+)\/edit/.exec(page.url())?.[1];

  // One click: the datasource appears and a first query on it opens, ready to run.
  await expect(page.getByText('No datasources yet')).toBeVisible();
  await page.screenshot({ path: `${shots}/datasources-sample-1-offer.png` });
  await page.getByRole('button', { name: 'Sample database', exact: true }).click();
  await expect(page.getByRole('button', { name: 'Sample database', exact: true })).toHaveCount(1);
  const datasourcePicker = page.getByLabel('Datasource');
  await expect(datasourcePicker.locator('option:checked')).toHaveText('Sample database');
  await expect(page.getByLabel('Query body')).toContainText('select * from customers limit 50');

  // The newcomer writes their own query and runs it.
  await page.getByLabel('Query body').click();
  await page.keyboard.press('ControlOrMeta+a');
  await page.keyboard.type('select name, email, city from customers order by id limit 10');
  await page.getByRole('button', { name: 'Run', exact: true }).click();
  await expect(page.getByRole('status').filter({ hasText: '10 rows' })).toBeVisible();
  await expect(page.getByRole('cell', { name: 'Ada Lovelace' })).toBeVisible();
  await page.getByRole('switch', { name: 'Run on page load' }).check();
  await page.screenshot({ path: `${shots}/datasources-sample-2-query.png` });

  // A Table bound to it.
  await dragPaletteItem(page, 'Table', { x: 40, y: 30 });
  await expect(page.locator('[data-canvas-widget="Table1"]')).toBeVisible();
  await page.locator('[data-canvas-widget="Table1"]').click();
  await page.getByRole('complementary', { name: 'Properties' }).getByLabel('Table data').fill('{{ Query1.data }}');
  await expect(page.locator('[data-canvas-widget="Table1"]').getByText('Grace Hopper')).toBeVisible();
  await expect(page.getByText('Saved', { exact: true })).toBeVisible();

  await page.getByRole('button', { name: 'Publish' }).click();
  await expect(page.getByText(/Published/).first()).toBeVisible();

  // The published app shows the rows on load.
  await page.goto(`/app/${appId}`);
  const table = page.locator('[data-widget="Table1"]');
  await expect(table.getByText('Ada Lovelace')).toBeVisible();
  await expect(table.getByText('grace@example.com')).toBeVisible();
  await page.screenshot({ path: `${shots}/datasources-sample-3-viewer.png` });
});
