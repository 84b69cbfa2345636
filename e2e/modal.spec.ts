import { expect, test } from '@playwright/test';
import { documentWith, publishedApp } from './support/api';

// A Modal widget: hidden until showModal('Modal1'); an accessible dialog labelled by its title,
// showing its text template; Close (or Escape) closes it and runs onClose. On the edit canvas it
// is a visible placeholder the builder can select.

test('a button opens a modal; Close closes it and runs onClose', async ({ page }) => {
  const pageErrors: string[] = [];
  page.on('pageerror', (error) => pageErrors.push(error.message));

  const { app } = await publishedApp(page.request, 'modal', 'Dialogs', documentWith([
    { name: 'Input1', type: 'input', props: { label: 'Order', defaultText: '42' } },
    { name: 'Open', type: 'button', props: { label: 'Show details', onClick: "showModal('Modal1')" } },
    { name: 'Modal1', type: 'modal', props: { title: 'Order details', text: 'Order {{ Input1.text }} is ready', closeLabel: 'Close', onClose: "storeValue('closes', (cordon.store.closes ?? 0) + 1, false)" } },
    { name: 'Status', type: 'text', props: { text: "open={{ Modal1.isOpen }} closes={{ cordon.store.closes ?? 0 }}" } },
  ]));

  await page.goto(`/app/${app.id}`);
  const status = page.locator('[data-widget="Status"]');
  await expect(status).toHaveText('open=false closes=0');
  await expect(page.getByRole('dialog')).toHaveCount(0);

  await page.getByRole('button', { name: 'Show details' }).click();
  const dialog = page.getByRole('dialog', { name: 'Order details' });
  await expect(dialog).toBeVisible();
  await expect(dialog).toContainText('Order 42 is ready');
  await expect(dialog).toHaveAttribute('aria-modal', 'true');
  await expect(status).toHaveText('open=true closes=0');
  // Focus moves into the dialog, onto its only control.
  await expect(dialog.getByRole('button', { name: 'Close' })).toBeFocused();
  await page.screenshot({ path: 'test-results/screenshots/modal.png' });

  await dialog.getByRole('button', { name: 'Close' }).click();
  await expect(dialog).toBeHidden();
  await expect(status).toHaveText('open=false closes=1');
  // Focus returns to the button that opened it.
  await expect(page.getByRole('button', { name: 'Show details' })).toBeFocused();

  // Escape closes it too, and runs onClose again.
  await page.getByRole('button', { name: 'Show details' }).click();
  await expect(dialog).toBeVisible();
  await page.keyboard.press('Escape');
  await expect(dialog).toBeHidden();
  await expect(status).toHaveText('open=false closes=2');

  // On the edit canvas the modal is a visible placeholder, not a dialog.
  await page.goto(`/apps/${app.id}/edit`);
  const placeholder = page.locator('[data-widget="Modal1"]');
  await expect(placeholder).toBeVisible();
  await expect(placeholder).toContainText('Order details');
  await expect(page.getByRole('dialog')).toHaveCount(0);
  await page.screenshot({ path: 'test-results/screenshots/modal-canvas.png' });
  expect(pageErrors).toEqual([]);
});
