import { expect, test } from '@playwright/test';
import { createApp, createPostgresDatasource, createWorkspace, documentWith, saveDocument, signUp, uniqueEmail } from './support/api';
import { seedUsersDatabase, type SeededDatabase } from './support/postgres';

// The editor knows the app: Monaco completes the app's names in a query body, the linter
// marks unknown names and side effects in data fields, and the Debugger lists the engine's
// errors and the runs of queries. JS object functions get their settings.

let db: SeededDatabase;
test.beforeAll(async () => { db = await seedUsersDatabase(); });
test.afterAll(async () => { await db?.drop(); });

const shots = 'test-results/screenshots';

test('completion, diagnostics, the debugger and function settings in the editor', async ({ page }) => {
  test.setTimeout(120_000);
  const pageErrors: string[] = [];
  page.on('pageerror', (error) => pageErrors.push(error.message));

  await signUp(page.request, uniqueEmail('intel'), 'correct horse battery', 'Ivy Intel');
  const workspace = await createWorkspace(page.request, 'Intelligence');
  const datasource = await createPostgresDatasource(page.request, workspace.id, { name: 'Users', host: db.host, port: db.port, database: db.database, user: db.user, password: 'unused-under-trust' });
  const app = await createApp(page.request, workspace.id, 'Lookup');
  await saveDocument(page.request, app, documentWith([
    { name: 'Input1', type: 'input', props: { label: 'Customer', defaultText: '' } },
    { name: 'Text1', type: 'text', props: { text: 'Hello' } },
  ], {
    queries: [{ id: 'q1', name: 'Query1', datasourceId: datasource.id, body: 'select * from users where name ilike ', runOnLoad: false, confirm: false, timeoutMs: 10_000, preparedStatements: true }],
    jsObjects: [{ id: 'j1', name: 'JSObject1', code: 'export default {\n  count: 0,\n  greet(name) { return name; },\n  async load() { return await Query1.run(); },\n};\n', functionSettings: {} }],
  }));

  await page.goto(`/apps/${app.id}/edit`);
  await page.getByRole('button', { name: 'Query1', exact: true }).click();

  // Completion: typing `Inp` inside a binding offers Input1; Tab takes it.
  const body = page.getByLabel('Query body');
  await body.click();
  await page.keyboard.press('ControlOrMeta+End');
  await page.keyboard.type("{{ '%' + Inp");
  const suggestions = page.locator('.suggest-widget');
  await expect(suggestions.locator('.monaco-list-row').filter({ hasText: 'Input1' })).toBeVisible();
  await page.screenshot({ path: `${shots}/editor-intelligence-1-completion.png` });
  await page.keyboard.press('Tab');
  // After `Input1.` the members of an Input: what it was typed (text) and its setter only in handlers.
  await page.keyboard.type('.');
  await expect(suggestions.locator('.monaco-list-row').filter({ hasText: /^text/ })).toBeVisible();
  await page.keyboard.press('Escape');
  await page.keyboard.type("text + '%' }} and {{ Nobody.id }} is null");
  const queryProblems = page.locator('.ed-query').getByRole('list', { name: 'Problems' });
  await expect(queryProblems).toContainText("'Nobody' is not defined in this app");
  await expect(page.locator('.ed-code .squiggly-warning')).toHaveCount(1);

  // A side effect in a data field is an error under the field, from the linter and from the engine.
  const properties = page.getByRole('complementary', { name: 'Properties' });
  await page.locator('[data-canvas-widget="Text1"]').click();
  await properties.getByLabel('Text', { exact: true }).fill("{{ storeValue('a', 1) }}");
  await expect(properties.getByRole('list', { name: 'Problems' })).toContainText('storeValue() cannot be called in a data field');
  await expect(properties.getByLabel('Text', { exact: true })).toHaveAttribute('aria-invalid', 'true');

  // The plain property fields suggest names too: Enter takes the chosen one.
  await page.locator('[data-canvas-widget="Input1"]').click();
  const label = properties.getByLabel('Label', { exact: true });
  await label.fill('');
  await label.pressSequentially('{{ Que');
  await expect(properties.getByRole('listbox', { name: 'Suggestions' }).getByRole('option', { name: /Query1/ })).toBeVisible();
  await label.press('Enter');
  await label.pressSequentially('.da');
  await label.press('Enter');
  await label.pressSequentially('.length }}');
  await expect(label).toHaveValue('{{ Query1.data.length }}');

  // Remove the unknown name, run the query, and find the run and the engine's error in the Debugger.
  await page.getByRole('button', { name: 'Query1', exact: true }).click();
  await body.click();
  await page.keyboard.press('ControlOrMeta+a');
  await page.keyboard.type("select * from users where name ilike {{ '%' + Input1.text + '%' }} order by id");
  await expect(queryProblems).toHaveCount(0);
  // Hover shows what a name is (Monaco shows hovers after the mouse rests on a word).
  const name = await page.locator('.ed-code .view-line span span', { hasText: 'Input1' }).first().boundingBox();
  expect(name).not.toBeNull();
  if (name) await page.mouse.move(name.x + 8, name.y + name.height / 2, { steps: 4 });
  await expect(page.locator('.monaco-hover').filter({ hasText: 'Input1: Input' })).toBeVisible();
  await page.screenshot({ path: `${shots}/editor-intelligence-hover.png` });
  await page.getByRole('button', { name: 'Run', exact: true }).click();
  await expect(page.getByRole('status').filter({ hasText: '5 rows' })).toBeVisible();
  await page.getByRole('tab', { name: /Debugger/ }).click();
  const runs = page.getByRole('table', { name: 'Query runs' });
  await expect(runs.getByRole('row').filter({ hasText: 'Query1' })).toContainText('Success');
  await expect(runs.getByRole('row').filter({ hasText: 'Query1' })).toContainText('5');
  const errors = page.getByRole('list', { name: 'Evaluation errors' });
  await expect(errors.getByRole('listitem').filter({ hasText: 'Text1.text' })).toContainText('storeValue');
  // The linter's findings across the app are listed too.
  await expect(page.getByRole('list', { name: 'Lint problems' }).getByRole('listitem')).toHaveText([/Error · Text1\.text.*storeValue\(\) cannot be called in a data field/]);
  await expect(properties.getByLabel('Label', { exact: true })).toHaveValue('{{ Query1.data.length }}');
  await page.screenshot({ path: `${shots}/editor-intelligence-2-debugger.png` });
  // A click on an error shows its entity.
  await errors.getByRole('button', { name: /Text1\.text/ }).click();
  await expect(properties.getByLabel('Text', { exact: true })).toHaveValue("{{ storeValue('a', 1) }}");

  // JS object functions have their settings, saved in the document.
  await page.getByRole('button', { name: 'JSObject1', exact: true }).click();
  const loadSettings = page.getByRole('group', { name: 'Settings of load' });
  await expect(page.getByRole('group', { name: 'Settings of greet' })).toBeVisible();
  await loadSettings.getByLabel('Run on page load').check();
  await loadSettings.getByLabel('Ask for confirmation').check();
  await page.screenshot({ path: `${shots}/editor-intelligence-3-functions.png` });
  await expect.poll(async () => {
    const saved = await (await page.request.get(`/api/v1/apps/${app.id}`)).json() as { document: { jsObjects: Array<{ functionSettings: unknown }> } };
    return saved.document.jsObjects[0]?.functionSettings;
  }).toEqual({ load: { runOnLoad: true, confirm: true } });

  // Run history is memory only: after leaving the editor and coming back, it is empty.
  await page.goto('/');
  await page.goto(`/apps/${app.id}/edit`);
  await page.getByRole('tab', { name: /Debugger/ }).click();
  await expect(page.getByText('No query has run since the editor opened.')).toBeVisible();
  expect(pageErrors).toEqual([]);
});
