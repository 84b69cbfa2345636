import { expect, test } from '@playwright/test';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createApp, createPostgresDatasource, createWorkspace, documentWith, publish, saveDocument, signUp, uniqueEmail } from './support/api';
import { seedUsersDatabase, type SeededDatabase } from './support/postgres';

// A long query is stopped for real by Cancel: in the editor (the Run button turns into Cancel)
// and in a published app (the running-query indicator). Afterwards the machine's PostgreSQL has
// no pg_sleep left running for the spec's database, and the editor runs the next query at once.

let db: SeededDatabase;
test.beforeAll(async () => { db = await seedUsersDatabase(); });
test.afterAll(async () => { await db?.drop(); });

const shots = 'test-results/screenshots';

/** Statements still running pg_sleep in the spec's own database. */
async function sleepsRunning(): Promise<number> {
  const rows = await db.query<{ n: string }>(
    "select count(*) as n from pg_stat_activity where datname = $1 and state = 'active' and query ilike '%pg_sleep%' and pid <> pg_backend_pid()",
    [db.database],
  );
  return Number(rows[0]?.n ?? 0);
}

test('Cancel stops a running query in the editor and in the viewer', async ({ page }) => {
  test.setTimeout(120_000);
  await signUp(page.request, uniqueEmail('cancel'), 'correct horse battery', 'Builder');
  const workspace = await createWorkspace(page.request, 'Cancel workspace');
  const app = await createApp(page.request, workspace.id, 'Slow app');
  const datasource = await createPostgresDatasource(page.request, workspace.id, { name: 'Slow PG', host: db.host, port: db.port, database: db.database, user: db.user });
  const document = documentWith([
    { name: 'Slow', type: 'button', props: { label: 'Run slow query', onClick: '{{ Query1.run() }}' } },
    { name: 'Status', type: 'text', props: { text: 'error={{ Query1.error ?? "" }}' } },
    { name: 'Quick', type: 'button', props: { label: 'Run quick query', onClick: '{{ Query2.run() }}' } },
    { name: 'Count', type: 'text', props: { text: 'users={{ Query2.data?.[0]?.n ?? "" }}' } },
  ], {
    queries: [
      { id: 'q_slow', name: 'Query1', datasourceId: datasource.id, body: 'select pg_sleep(30)', runOnLoad: false, confirm: false, timeoutMs: 60_000, preparedStatements: true },
      { id: 'q_quick', name: 'Query2', datasourceId: datasource.id, body: 'select count(*)::int as n from users', runOnLoad: false, confirm: false, timeoutMs: 10_000, preparedStatements: true },
    ],
  });
  await saveDocument(page.request, app, document);
  await publish(page.request, app.id);

  // Editor: Run turns into Cancel while the statement runs on the server.
  await page.goto(`/apps/${app.id}/edit`);
  await page.getByRole('button', { name: 'Query1', exact: true }).click();
  await expect(page.getByLabel('Query body')).toBeVisible();
  await page.getByRole('button', { name: 'Run', exact: true }).click();
  const cancel = page.getByRole('button', { name: 'Cancel', exact: true });
  await expect(cancel).toBeVisible();
  await expect.poll(sleepsRunning).toBe(1);
  await page.screenshot({ path: `${shots}/query-cancel-1-editor-running.png` });
  await cancel.click();

  // Usable again within seconds, and the database is no longer sleeping.
  await expect(page.getByRole('button', { name: 'Run', exact: true })).toBeEnabled({ timeout: 5_000 });
  await expect(page.getByText('Cancelled. The server stopped the query.')).toBeVisible();
  await expect.poll(sleepsRunning, { timeout: 5_000 }).toBe(0);
  await page.screenshot({ path: `${shots}/query-cancel-2-editor-cancelled.png` });

  // The next query runs right away.
  await page.getByRole('button', { name: 'Query2', exact: true }).click();
  await page.getByRole('button', { name: 'Run', exact: true }).click();
  await expect(page.getByRole('status').filter({ hasText: /1 row/ })).toBeVisible({ timeout: 5_000 });

  // Viewer: the indicator lists the running query and cancels it.
  await page.goto(`/app/${app.id}`);
  await page.getByRole('button', { name: 'Run slow query' }).click();
  const indicator = page.getByRole('region', { name: 'Running queries' });
  await expect(indicator.getByText('Query1')).toBeVisible();
  await expect.poll(sleepsRunning).toBe(1);
  // It fades in after a moment (quick queries do not flash it); the picture waits for that.
  await expect(indicator).toHaveCSS('opacity', '1');
  await page.screenshot({ path: `${shots}/query-cancel-3-viewer-running.png` });
  await indicator.getByRole('button', { name: 'Cancel Query1' }).click();
  await expect(indicator).toHaveCount(0, { timeout: 5_000 });
  await expect(page.locator('[data-widget="Status"]')).toContainText('error=The query was cancelled.');
  await expect.poll(sleepsRunning, { timeout: 5_000 }).toBe(0);

  // The app keeps working: another query answers.
  await page.getByRole('button', { name: 'Run quick query' }).click();
  await expect(page.locator('[data-widget="Count"]')).toContainText('users=5');
  await page.screenshot({ path: `${shots}/query-cancel-4-viewer-after.png` });
});

test('Cancel in the viewer aborts a REST request the API has not answered', async ({ page }) => {
  // An API that never answers /slow; it counts the requests that arrived and those whose
  // connection Cordon closed.
  let arrived = 0;
  let closed = 0;
  const api = createServer((request, response) => {
    arrived += 1;
    request.socket.once('close', () => { closed += 1; });
    if (!request.url?.endsWith('/slow')) response.end('{}');
  });
  await new Promise<void>((resolve) => api.listen(0, '127.0.0.1', resolve));
  try {
    const baseUrl = `http://127.0.0.1:${(api.address() as AddressInfo).port}`;
    await signUp(page.request, uniqueEmail('cancel-rest'), 'correct horse battery', 'Builder');
    const workspace = await createWorkspace(page.request, 'Cancel REST workspace');
    const created = await page.request.post(`/api/v1/workspaces/${workspace.id}/datasources`, {
      data: { name: 'Slow API', kind: 'rest', config: { baseUrl, headers: [], queryParams: [], auth: { type: 'none' } }, secrets: {} },
    });
    expect(created.ok()).toBe(true);
    const datasource = (await created.json()) as { id: string };
    const app = await createApp(page.request, workspace.id, 'Slow API app');
    await saveDocument(page.request, app, documentWith([
      { name: 'Slow', type: 'button', props: { label: 'Call the API', onClick: '{{ Query1.run() }}' } },
      { name: 'Status', type: 'text', props: { text: 'error={{ Query1.error ?? "" }}' } },
    ], {
      queries: [{
        id: 'q_rest', name: 'Query1', datasourceId: datasource.id, body: '', runOnLoad: false, confirm: false, timeoutMs: 60_000, preparedStatements: true,
        rest: { method: 'GET', path: '/slow', queryParams: [], headers: [], bodyType: 'none', body: '', formFields: [] },
      }],
    }));
    await publish(page.request, app.id);

    await page.goto(`/app/${app.id}`);
    await page.getByRole('button', { name: 'Call the API' }).click();
    const indicator = page.getByRole('region', { name: 'Running queries' });
    await expect(indicator.getByText('Query1')).toBeVisible();
    await expect.poll(() => arrived).toBe(1);
    expect(closed).toBe(0);
    await indicator.getByRole('button', { name: 'Cancel Query1' }).click();
    await expect(indicator).toHaveCount(0);
    await expect(page.locator('[data-widget="Status"]')).toContainText('error=The query was cancelled.');
    await expect.poll(() => closed, { timeout: 5_000 }).toBe(1);
  } finally {
    api.closeAllConnections();
    await new Promise((resolve) => api.close(resolve));
  }
});
