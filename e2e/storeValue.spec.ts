import { expect, test } from '@playwright/test';
import { documentWith, publishedApp } from './support/api';

// storeValue(key, value) keeps the value in the browser's localStorage, per app, so it survives
// a reload; storeValue(key, value, false) lives only for this tab's session; removeValue forgets.

test('storeValue survives a reload, a session-only value does not, removeValue removes', async ({ page }) => {
  const pageErrors: string[] = [];
  page.on('pageerror', (error) => pageErrors.push(error.message));

  const { app } = await publishedApp(page.request, 'store', 'Remember me', documentWith([
    { name: 'Input1', type: 'input', props: { label: 'Value', defaultText: '' } },
    { name: 'Keep', type: 'button', props: { label: 'Keep', onClick: "storeValue('kept', Input1.text)" } },
    { name: 'ForNow', type: 'button', props: { label: 'For this session', onClick: "storeValue('tab', Input1.text, false)" } },
    { name: 'Forget', type: 'button', props: { label: 'Forget', onClick: "removeValue('kept')" } },
    { name: 'Shown', type: 'text', props: { text: "kept={{ cordon.store.kept ?? 'none' }} tab={{ cordon.store.tab ?? 'none' }}" } },
  ]));

  const shown = page.locator('[data-widget="Shown"]');
  const stored = () => page.evaluate((key) => localStorage.getItem(key), `cordon:store:${app.id}`);

  await page.goto(`/app/${app.id}`);
  await expect(shown).toHaveText('kept=none tab=none');
  await page.getByLabel('Value').fill('apples');
  await page.getByRole('button', { name: 'Keep' }).click();
  await page.getByLabel('Value').fill('pears');
  await page.getByRole('button', { name: 'For this session' }).click();
  await expect(shown).toHaveText('kept=apples tab=pears');
  // Only the persisted key is on disk.
  expect(JSON.parse((await stored()) ?? '{}')).toEqual({ kept: 'apples' });
  await page.screenshot({ path: 'test-results/screenshots/storeValue.png' });

  await page.reload();
  await expect(shown).toHaveText('kept=apples tab=none');

  await page.getByRole('button', { name: 'Forget' }).click();
  await expect(shown).toHaveText('kept=none tab=none');
  expect(await stored()).toBeNull();
  await page.reload();
  await expect(shown).toHaveText('kept=none tab=none');
  expect(pageErrors).toEqual([]);
});
