import { expect, test } from '@playwright/test';
import type { AppDocument } from '../src/shared';
import { publishedApp } from './support/api';

// An interval keeps a Text up to date while its page is open, and ends when the page is left:
// the viewer disposes the page's runtime (its worker), and with it every interval it started.

const layout = (y: number) => ({ x: 0, y, w: 12, h: 6 });

test('an interval updates a Text and stops when the page is left', async ({ page }) => {
  const pageErrors: string[] = [];
  page.on('pageerror', (error) => pageErrors.push(error.message));

  const document: AppDocument = {
    pages: [
      {
        id: 'p1', name: 'Ticker', slug: 'ticker',
        widgets: [
          { id: 'w1', name: 'Start', type: 'button', layout: layout(0), props: { label: 'Start ticking', onClick: "setInterval(() => storeValue('ticks', (cordon.store.ticks ?? 0) + 1), 200, 'tick')" } },
          { id: 'w2', name: 'Ticks', type: 'text', layout: layout(8), props: { text: 'ticks={{ cordon.store.ticks ?? 0 }}' } },
        ],
      },
      {
        id: 'p2', name: 'Elsewhere', slug: 'elsewhere',
        widgets: [{ id: 'w3', name: 'Quiet', type: 'text', layout: layout(0), props: { text: 'Nothing ticks here' } }],
      },
    ],
    queries: [],
    jsObjects: [],
  };
  const { app } = await publishedApp(page.request, 'intervals', 'Ticker', document);

  const ticksOnDisk = async () => {
    const raw = await page.evaluate((key) => localStorage.getItem(key), `cordon:store:${app.id}`);
    return Number((JSON.parse(raw ?? '{}') as { ticks?: number }).ticks ?? 0);
  };

  await page.goto(`/app/${app.id}/ticker`);
  const ticks = page.locator('[data-widget="Ticks"]');
  await expect(ticks).toHaveText('ticks=0');
  await page.getByRole('button', { name: 'Start ticking' }).click();
  // The Text follows the interval: it passes 1, then 3, on its own.
  await expect(ticks).toHaveText(/ticks=([1-9]\d*)/);
  await expect.poll(async () => Number((await ticks.textContent())?.replace('ticks=', '')), { timeout: 10_000 }).toBeGreaterThanOrEqual(3);
  await page.screenshot({ path: 'test-results/screenshots/intervals.png' });

  // Leave the page through the page tabs.
  await page.getByRole('navigation', { name: 'Pages' }).getByRole('link', { name: 'Elsewhere' }).click();
  await expect(page.locator('[data-widget="Quiet"]')).toHaveText('Nothing ticks here');
  const atLeave = await ticksOnDisk();
  expect(atLeave).toBeGreaterThanOrEqual(3);
  // Five periods of the interval later, nothing has counted on: the interval ended with the page.
  await page.waitForTimeout(1_000);
  expect(await ticksOnDisk()).toBe(atLeave);

  // Coming back shows the last count, which stays put until someone starts the interval again.
  await page.getByRole('navigation', { name: 'Pages' }).getByRole('link', { name: 'Ticker' }).click();
  await expect(ticks).toHaveText(`ticks=${atLeave}`);
  await page.waitForTimeout(600);
  await expect(ticks).toHaveText(`ticks=${atLeave}`);
  expect(await ticksOnDisk()).toBe(atLeave);
  expect(pageErrors).toEqual([]);
});
