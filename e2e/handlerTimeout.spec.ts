import { expect, test } from '@playwright/test';
import { documentWith, publish, publishedApp } from './support/api';

// Issue 3: handler budgets are configurable by the builder (`settings.handlerTimeoutMs`). With a
// limit of 1 s, a handler that keeps the worker busy for 2 s is stopped by the watchdog while one
// of 0.2 s completes; after the builder raises the limit in the editor's App settings dialog and
// publishes, the same 2 s handler completes.

/** A handler that keeps the worker busy for `ms` (Date is endowed), then records that it finished. */
function busyFor(key: string, ms: number): string {
  return `const end = Date.now() + ${ms}; while (Date.now() < end) {} storeValue('${key}', 'done', false)`;
}

test('the app handler time limit stops a handler past it and lets one under it finish', async ({ page }) => {
  test.setTimeout(120_000);
  const pageErrors: string[] = [];
  page.on('pageerror', (error) => pageErrors.push(error.message));

  const { app, version } = await publishedApp(page.request, 'handler-timeout', 'Budgets', documentWith([
    { name: 'Slow', type: 'button', props: { label: 'Slow', onClick: busyFor('slow', 2_000) } },
    { name: 'Quick', type: 'button', props: { label: 'Quick', onClick: busyFor('quick', 200) } },
    { name: 'Result', type: 'text', props: { text: 'slow={{ cordon.store.slow || "-" }} quick={{ cordon.store.quick || "-" }}' } },
  ], { settings: { handlerTimeoutMs: 1_000 } }));

  await page.goto(`/app/${app.id}`);
  const result = page.locator('[data-widget="Result"]');
  await expect(result).toHaveText('slow=- quick=-');
  await page.getByRole('button', { name: 'Quick' }).click();
  await expect(result).toHaveText('slow=- quick=done');

  await page.getByRole('button', { name: 'Slow' }).click();
  await expect(page.locator('[data-widget="Slow"]')).toHaveClass(/cw-widget--error/, { timeout: 20_000 });
  await page.getByText('1 error').click();
  await expect(page.getByRole('listitem').filter({ hasText: 'Slow.onClick' })).toContainText(/busy/);
  // Restarted from the last good state: the quick run's value stays, the slow one never finished.
  await expect(result).toHaveText('slow=- quick=done');
  await page.screenshot({ path: 'test-results/screenshots/handler-timeout-stopped.png' });

  // The builder raises the limit in the editor; autosave stores it, publish ships it.
  await page.goto(`/apps/${app.id}/edit`);
  await page.getByRole('button', { name: 'App settings' }).click();
  const field = page.getByLabel('Handler time limit (ms)');
  await expect(field).toHaveValue('1000');
  await field.fill('500');
  await page.getByRole('button', { name: 'Apply' }).click();
  await expect(page.getByText('A whole number of milliseconds from 1000 to 120000.')).toBeVisible();
  await field.fill('10000');
  await page.screenshot({ path: 'test-results/screenshots/handler-timeout-dialog.png' });
  await page.getByRole('button', { name: 'Apply' }).click();
  await expect(page.getByText('Saved', { exact: true })).toBeVisible();
  const saved = await (await page.request.get(`/api/v1/apps/${app.id}`)).json() as { version: number; document: { settings?: unknown } };
  expect(saved.version).toBeGreaterThan(version);
  expect(saved.document.settings).toEqual({ handlerTimeoutMs: 10_000 });
  await publish(page.request, app.id);

  await page.goto(`/app/${app.id}`);
  await expect(result).toHaveText('slow=- quick=-');
  await page.getByRole('button', { name: 'Slow' }).click();
  await expect(result).toHaveText('slow=done quick=-', { timeout: 20_000 });
  await expect(page.locator('[data-widget="Slow"]')).not.toHaveClass(/cw-widget--error/);
  expect(pageErrors).toEqual([]);
});
