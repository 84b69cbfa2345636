import { expect, test } from '@playwright/test';
import { readFile } from 'node:fs/promises';
import { documentWith, publishedApp } from './support/api';

// download(data, name, type) saves a file through a temporary <a download> and a Blob URL;
// copyToClipboard(text) writes through the browser's clipboard API.

test('download saves a file with its name and content; copyToClipboard fills the clipboard', async ({ browser, baseURL }) => {
  const context = await browser.newContext({ acceptDownloads: true });
  await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: baseURL });
  const page = await context.newPage();
  const pageErrors: string[] = [];
  page.on('pageerror', (error) => pageErrors.push(error.message));

  const { app } = await publishedApp(page.request, 'files', 'Exports', documentWith([
    { name: 'Input1', type: 'input', props: { label: 'Note', defaultText: 'copy me, please' } },
    { name: 'Save', type: 'button', props: { label: 'Download CSV', onClick: "download('id,name\\n1,Ada\\n', 'orders.csv', 'text/csv')" } },
    { name: 'Copy', type: 'button', props: { label: 'Copy note', onClick: 'copyToClipboard(Input1.text)' } },
  ]));

  await page.goto(`/app/${app.id}`);
  const downloaded = page.waitForEvent('download', { timeout: 15_000 });
  await page.getByRole('button', { name: 'Download CSV' }).click();
  const file = await downloaded;
  expect(file.suggestedFilename()).toBe('orders.csv');
  expect(await readFile(await file.path(), 'utf8')).toBe('id,name\n1,Ada\n');
  // The temporary link is gone again.
  await expect(page.locator('a[download]')).toHaveCount(0);

  await page.getByRole('button', { name: 'Copy note' }).click();
  await expect.poll(() => page.evaluate(() => navigator.clipboard.readText())).toBe('copy me, please');
  await page.screenshot({ path: 'test-results/screenshots/downloadClipboard.png' });
  expect(pageErrors).toEqual([]);
  await context.close();
});
