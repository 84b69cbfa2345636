import { expect, test } from '@playwright/test';
import { documentWith, publishedApp } from './support/api';

// I3's last clause in a real browser: a runaway handler cannot freeze the app. The bridge's
// watchdog terminates the evaluation worker, starts a new one from the last good state, and
// names the culprit; the other widgets keep working and the page itself never stalls.

test('a runaway onClick is stopped and the rest of the app keeps working', async ({ page }) => {
  test.setTimeout(120_000);
  const pageErrors: string[] = [];
  page.on('pageerror', (error) => pageErrors.push(error.message));

  const { app } = await publishedApp(page.request, 'watchdog', 'Runaway', documentWith([
    { name: 'Input1', type: 'input', props: { label: 'Greeting', defaultText: 'hello' } },
    { name: 'Echo', type: 'text', props: { text: 'echo={{ Input1.text }}' } },
    { name: 'Spin', type: 'button', props: { label: 'Spin forever', onClick: 'while (true) {}' } },
    { name: 'Count', type: 'button', props: { label: 'Count', onClick: "storeValue('clicks', (cordon.store.clicks || 0) + 1, false)" } },
    { name: 'Clicks', type: 'text', props: { text: 'clicks={{ cordon.store.clicks || 0 }}' } },
  ]));

  await page.goto(`/app/${app.id}`);
  await page.getByLabel('Greeting').fill('before');
  await expect(page.locator('[data-widget="Echo"]')).toHaveText('echo=before');
  await page.getByRole('button', { name: 'Count' }).click();
  await expect(page.locator('[data-widget="Clicks"]')).toHaveText('clicks=1');

  await page.getByRole('button', { name: 'Spin forever' }).click();
  // The main thread is never blocked: the page answers while the worker spins.
  expect(await page.evaluate(() => 1 + 1)).toBe(2);
  // The watchdog steps in: the button is marked, and the builder's error list names the culprit.
  await expect(page.locator('[data-widget="Spin"]')).toHaveClass(/cw-widget--error/, { timeout: 20_000 });
  await page.getByText('1 error').click();
  await expect(page.getByRole('listitem').filter({ hasText: 'Spin.onClick' })).toContainText(/busy|stopped|terminated|budget/i);

  // The restarted worker has the last good state, and everything else still works.
  await expect(page.locator('[data-widget="Clicks"]')).toHaveText('clicks=1');
  await expect(page.locator('[data-widget="Echo"]')).toHaveText('echo=before');
  await page.getByLabel('Greeting').fill('after');
  await expect(page.locator('[data-widget="Echo"]')).toHaveText('echo=after');
  await page.getByRole('button', { name: 'Count' }).click();
  await expect(page.locator('[data-widget="Clicks"]')).toHaveText('clicks=2');
  await page.screenshot({ path: 'test-results/screenshots/watchdog.png' });
  expect(pageErrors).toEqual([]);
});
