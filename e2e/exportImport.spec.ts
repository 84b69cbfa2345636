import { expect, test } from '@playwright/test';
import { randomBytes } from 'node:crypto';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { AppEditDto, AppSummaryDto } from '../src/shared';
import { createApp, createPostgresDatasource, createWorkspace, documentWith, saveDocument, signUp, uniqueEmail } from './support/api';

// Export and import through the home screen, as a builder does it: the file carries the app and
// its datasources' names and settings, never a password (I2), and an import reconnects queries
// to the workspace's datasource of the same name.

test('a builder exports an app to a file and imports it back', async ({ page }, testInfo) => {
  const marker = randomBytes(6).toString('hex');
  const password = `export-pw-${marker}`;
  await signUp(page.request, uniqueEmail('export'), 'correct horse battery', 'Exporter');
  const workspace = await createWorkspace(page.request, `Exports ${marker}`);
  const datasource = await createPostgresDatasource(page.request, workspace.id, { name: 'Warehouse', host: '127.0.0.1', port: 5432, database: 'test', user: 'postgres', password });
  const app = await createApp(page.request, workspace.id, 'Orders');
  const body = 'select * from orders where id = {{ Input1.text }}';
  await saveDocument(page.request, app, documentWith(
    [{ name: 'Input1', type: 'input', props: { label: 'Order id', defaultText: '' } }],
    { queries: [{ id: 'q1', name: 'Query1', datasourceId: datasource.id, body, runOnLoad: false, confirm: false, timeoutMs: 10_000, preparedStatements: true }] },
  ));

  await page.goto('/');
  const card = page.getByRole('listitem').filter({ has: page.getByRole('heading', { name: 'Orders' }) });
  const downloadPromise = page.waitForEvent('download');
  await card.getByRole('button', { name: 'Export' }).click();
  const download = await downloadPromise;
  expect(download.suggestedFilename()).toMatch(/\.cordon\.json$/);
  const file = join(testInfo.outputDir, download.suggestedFilename());
  await download.saveAs(file);
  const text = await readFile(file, 'utf8');
  const exported = JSON.parse(text) as { format: string; document: { queries: Array<{ body: string }> }; datasources: Array<{ name: string }> };
  expect(exported.format).toBe('cordon-app');
  expect(exported.document.queries[0]?.body).toBe(body);
  expect(exported.datasources.map((d) => d.name)).toEqual(['Warehouse']);
  expect(text).not.toContain(password);
  expect(text).not.toContain(marker);

  // A file that is not an app is refused with a clear message, and creates nothing.
  const broken = join(testInfo.outputDir, 'broken.cordon.json');
  await writeFile(broken, JSON.stringify({ format: 'something-else' }));
  await page.getByLabel('Import app').setInputFiles(broken);
  await expect(page.getByRole('status').or(page.getByRole('alert')).filter({ hasText: /import/i }).first()).toBeVisible();

  await page.getByLabel('Import app').setInputFiles(file);
  await expect(page.getByText(/Imported/).first()).toBeVisible();
  await expect(page.getByRole('heading', { name: 'Orders' })).toHaveCount(2);
  await page.screenshot({ path: 'test-results/screenshots/export-import.png' });

  // The imported copy is a new app whose query points at the workspace's "Warehouse" again.
  const apps = await (await page.request.get(`/api/v1/workspaces/${workspace.id}/apps`)).json() as AppSummaryDto[];
  expect(apps).toHaveLength(2);
  const copy = apps.find((a) => a.id !== app.id);
  expect(copy).toBeDefined();
  const copyDto = await (await page.request.get(`/api/v1/apps/${copy?.id}`)).json() as AppEditDto;
  expect(copyDto.document.queries[0]?.datasourceId).toBe(datasource.id);
  expect(copyDto.document.queries[0]?.body).toBe(body);
});
