import { expect, test } from '@playwright/test';
import { documentWith, publishedApp } from './support/api';

// Widget setters from user code: Input1.setValue, Button1.setDisabled, Table1.setData and
// Text1.setText write the widget's state; the widgets show it at once.

test('setters on Input, Button, Table and Text change what the widgets show', async ({ page }) => {
  const pageErrors: string[] = [];
  page.on('pageerror', (error) => pageErrors.push(error.message));

  const { app } = await publishedApp(page.request, 'setters', 'Setters', documentWith([
    { name: 'Input1', type: 'input', props: { label: 'Name', defaultText: 'before' } },
    { name: 'Target', type: 'button', props: { label: 'Target', disabled: false, onClick: "showAlert('target clicked')" } },
    { name: 'Caption', type: 'text', props: { text: 'original caption' } },
    { name: 'Grid', type: 'table', props: { tableData: "{{ [{ id: 1, name: 'Ada' }] }}" }, layout: { x: 0, y: 32, w: 12, h: 16 } },
    { name: 'Apply', type: 'button', props: { label: 'Apply setters', onClick: "Input1.setValue('after'); Target.setDisabled(true); Caption.setText('caption set by code'); Grid.setData([{ id: 2, name: 'Grace' }, { id: 3, name: 'Edsger' }]);" }, layout: { x: 0, y: 50, w: 12, h: 6 } },
  ]));

  await page.goto(`/app/${app.id}`);
  await expect(page.locator('[data-widget="Caption"]')).toHaveText('original caption');
  await expect(page.getByLabel('Name')).toHaveValue('before');
  await expect(page.getByRole('button', { name: 'Target' })).toBeEnabled();
  await expect(page.locator('[data-widget="Grid"] tbody tr')).toHaveCount(1);

  await page.getByRole('button', { name: 'Apply setters' }).click();
  await expect(page.getByLabel('Name')).toHaveValue('after');
  await expect(page.getByRole('button', { name: 'Target' })).toBeDisabled();
  await expect(page.locator('[data-widget="Caption"]')).toHaveText('caption set by code');
  await expect(page.locator('[data-widget="Grid"] tbody tr')).toHaveCount(2);
  await expect(page.locator('[data-widget="Grid"]')).toContainText('Edsger');
  await page.screenshot({ path: 'test-results/screenshots/setters.png' });
  expect(pageErrors).toEqual([]);
});
