import { expect, test } from '@playwright/test';
import type { AppDocument } from '../src/shared';
import { publishedApp } from './support/api';

// navigateTo('page2', { id: 7 }) opens another page of the app in place, with the params as
// the query string that user code reads in cordon.URL.query. Other pages open from the tabs.
// A target that is neither a page nor a URL gets an alert; a javascript: URL is refused (the
// engine reports it as the handler's error) and nothing navigates.

const layout = (y: number) => ({ x: 0, y, w: 12, h: 6 });

test('navigateTo opens a page with params, and the page tabs switch pages', async ({ page }) => {
  const pageErrors: string[] = [];
  page.on('pageerror', (error) => pageErrors.push(error.message));

  const document: AppDocument = {
    pages: [
      {
        id: 'p1', name: 'List', slug: 'page1',
        widgets: [
          { id: 'w1', name: 'OpenOrder', type: 'button', layout: layout(0), props: { label: 'Open order 7', onClick: "navigateTo('page2', { id: 7 })" } },
          { id: 'w2', name: 'BadLink', type: 'button', layout: layout(8), props: { label: 'Bad link', onClick: "navigateTo('javascript:alert(1)')" } },
          { id: 'w3', name: 'NoPage', type: 'button', layout: layout(16), props: { label: 'Nowhere', onClick: "navigateTo('nowhere')" } },
          { id: 'w5', name: 'Here', type: 'text', layout: layout(24), props: { text: 'This is the list' } },
        ],
      },
      {
        id: 'p2', name: 'Order', slug: 'page2',
        widgets: [{ id: 'w4', name: 'OrderId', type: 'text', layout: layout(0), props: { text: "order={{ cordon.URL.query.id ?? 'none' }}" } }],
      },
    ],
    queries: [],
    jsObjects: [],
  };
  const { app } = await publishedApp(page.request, 'navigate', 'Orders', document);

  await page.goto(`/app/${app.id}`);
  await expect(page.locator('[data-widget="Here"]')).toHaveText('This is the list');

  // Refused targets: an alert for an unknown page, an error naming the handler for javascript:.
  await page.getByRole('button', { name: 'Nowhere' }).click();
  await expect(page.getByRole('status')).toContainText('There is no page "nowhere" in this app');
  await page.getByRole('button', { name: 'Bad link' }).click();
  await page.getByText('1 error').click();
  await expect(page.getByRole('listitem').filter({ hasText: 'BadLink.onClick' })).toContainText('javascript: URLs are not allowed');
  await expect(page).toHaveURL(new RegExp(`/app/${app.id}$`));

  await page.getByRole('button', { name: 'Open order 7' }).click();
  await expect(page).toHaveURL(new RegExp(`/app/${app.id}/page2\\?id=7$`));
  await expect(page.locator('[data-widget="OrderId"]')).toHaveText('order=7');
  const tabs = page.getByRole('navigation', { name: 'Pages' });
  await expect(tabs.getByRole('link', { name: 'Order' })).toHaveAttribute('aria-current', 'page');
  await page.screenshot({ path: 'test-results/screenshots/navigation.png' });

  // The tabs: back to the list, then to the order page without params.
  await tabs.getByRole('link', { name: 'List' }).click();
  await expect(page.locator('[data-widget="Here"]')).toHaveText('This is the list');
  await tabs.getByRole('link', { name: 'Order' }).click();
  await expect(page).toHaveURL(new RegExp(`/app/${app.id}/page2$`));
  await expect(page.locator('[data-widget="OrderId"]')).toHaveText('order=none');
  expect(pageErrors).toEqual([]);
});
