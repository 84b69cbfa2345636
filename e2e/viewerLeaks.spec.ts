import { expect, test } from '@playwright/test';
import { randomBytes } from 'node:crypto';
import { addMember, createApp, createPostgresDatasource, createWorkspace, documentWith, publish, saveDocument, signUp, uniqueEmail } from './support/api';
import { seedUsersDatabase, type SeededDatabase } from './support/postgres';

// I1 and I2 from the viewer's side: record every response the viewer's browser receives
// while it opens a published app and runs its query, and look for the query body and the
// datasource password in all of them.

let db: SeededDatabase;
test.beforeAll(async () => { db = await seedUsersDatabase(); });
test.afterAll(async () => { await db?.drop(); });

test('a viewer receives neither the query body nor the datasource password', async ({ browser }) => {
  const marker = randomBytes(6).toString('hex');
  const password = `pw-${marker}-secret`;
  const bodyMarker = `body_marker_${marker}`;
  // The marker sits in a SQL comment, so it can only reach the browser if the body itself does.
  const body = `select id, name /* ${bodyMarker} */ from users where name ilike {{ '%' + Input1.text + '%' }} order by id`;

  const builder = await browser.newContext();
  const builderEmail = uniqueEmail('leak-builder');
  await signUp(builder.request, builderEmail, 'correct horse battery', 'Builder');
  const workspace = await createWorkspace(builder.request, `Leaks ${marker}`);
  // The datasource password is unused by trust auth, which is exactly why it makes a clean canary.
  const datasource = await createPostgresDatasource(builder.request, workspace.id, { name: 'Seeded', host: db.host, port: db.port, database: db.database, user: db.user, password });
  const app = await createApp(builder.request, workspace.id, 'Leak check');
  await saveDocument(builder.request, app, documentWith(
    [
      { name: 'Input1', type: 'input', props: { label: 'Name', defaultText: 'ali' } },
      { name: 'Table1', type: 'table', props: { tableData: '{{ Query1.data }}' } },
    ],
    { queries: [{ id: 'q1', name: 'Query1', datasourceId: datasource.id, body, runOnLoad: true, confirm: false, timeoutMs: 10_000, preparedStatements: true }] },
  ));
  await publish(builder.request, app.id);

  const viewerEmail = uniqueEmail('leak-viewer');
  const viewer = await browser.newContext();
  await signUp(viewer.request, viewerEmail, 'correct horse battery', 'Viewer');
  await addMember(builder.request, workspace.id, viewerEmail, 'app_viewer');

  const page = await viewer.newPage();
  const bodies: Array<{ url: string; text: string }> = [];
  const pending: Array<Promise<void>> = [];
  page.on('response', (response) => {
    pending.push(response.body().then(
      (buffer) => { bodies.push({ url: response.url(), text: buffer.toString('latin1') }); },
      () => undefined, // redirects and aborted requests have no body
    ));
  });

  await page.goto(`/app/${app.id}`);
  // The query ran on load: the rows came back through the proxy, so the flow did reach the server.
  await expect(page.getByText('Alice Martin')).toBeVisible();
  await expect(page.getByText('Bob Stone')).toHaveCount(0);
  await Promise.all(pending);

  const kinds = new Set(bodies.map((b) => new URL(b.url).pathname.split('.').pop()));
  expect(bodies.length).toBeGreaterThan(3);
  expect([...kinds].some((k) => k === 'js')).toBe(true);
  expect(bodies.some((b) => b.url.includes('/api/v1/view/apps/'))).toBe(true);
  expect(bodies.some((b) => b.url.includes('/execute'))).toBe(true);
  for (const { url, text } of bodies) {
    expect(text, `query body in ${url}`).not.toContain(bodyMarker);
    expect(text, `query body in ${url}`).not.toContain('from users where');
    expect(text, `password in ${url}`).not.toContain(password);
    expect(text, `datasource database name in ${url}`).not.toContain(db.database);
  }
  await builder.close();
  await viewer.close();
});
