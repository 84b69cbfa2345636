import { expect, test } from '@playwright/test';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createApp, createWorkspace, documentWith, saveDocument, signUp, uniqueEmail } from './support/api';

// A REST API as a datasource, end to end: a local HTTP server (this process) stands for the API.
// The builder creates the datasource with bearer auth in the dialog, writes a request whose path
// takes a value from an Input, publishes; a viewer types a value with a slash and a question mark
// in it. The API sees the token the server added and the value encoded as one path segment.

const token = 'tok-e2e-7c1d5b';
const shots = 'test-results/screenshots';

interface Seen { method: string; url: string; authorization: string | undefined }
const seen: Seen[] = [];
let api: Server;
let baseUrl: string;

function answer(request: IncomingMessage): { status: number; body: unknown } {
  const url = request.url ?? '';
  if (url === '/api' || url === '/api/') return { status: 200, body: { ok: true } };
  if (url === '/api/customers') return { status: 200, body: [{ id: 'c-1', name: 'Ada Lovelace' }, { id: 'c-2', name: 'Grace Hopper' }] };
  const match = /^\/api\/customers\/([^/?]+)$/.exec(url);
  if (match?.[1]) {
    const id = decodeURIComponent(match[1]);
    return { status: 200, body: { id, name: `Customer ${id}` } };
  }
  return { status: 404, body: { error: 'not found' } };
}

test.beforeAll(async () => {
  api = createServer((request, response) => {
    seen.push({ method: request.method ?? '', url: request.url ?? '', authorization: request.headers.authorization });
    const { status, body } = answer(request);
    response.writeHead(status, { 'content-type': 'application/json' });
    response.end(JSON.stringify(body));
  });
  await new Promise<void>((resolve) => api.listen(0, '127.0.0.1', resolve));
  baseUrl = `http://127.0.0.1:${(api.address() as AddressInfo).port}/api`;
});
test.afterAll(async () => { await new Promise((resolve) => api?.close(resolve)); });

test('a REST query with bearer auth and a path binding, built in the editor and used in the viewer', async ({ page }) => {
  test.setTimeout(120_000);
  await signUp(page.request, uniqueEmail('rest'), 'correct horse battery', 'Builder');
  const workspace = await createWorkspace(page.request, 'REST workspace');
  const app = await createApp(page.request, workspace.id, 'Customer card');
  await saveDocument(page.request, app, documentWith([
    { name: 'Input1', type: 'input', props: { label: 'Customer id', defaultText: 'c-1' } },
    { name: 'Button1', type: 'button', props: { label: 'Look up', onClick: '{{ Query1.run() }}' } },
    { name: 'Text1', type: 'text', props: { text: 'found={{ Query1.data?.name ?? "" }}' } },
  ]));

  // The datasource, through the dialog: bearer token, tested before it is saved.
  await page.goto(`/apps/${app.id}/edit`);
  await page.getByRole('button', { name: /New datasource/ }).click();
  const dialog = page.getByRole('dialog');
  await dialog.getByText('REST API').click();
  await dialog.getByLabel('Name', { exact: true }).fill('Customer API');
  await dialog.getByLabel('Base URL').fill(baseUrl);
  await dialog.getByLabel('Authentication').selectOption('bearer');
  await dialog.getByLabel('Token').fill(token);
  await dialog.getByRole('button', { name: 'Test connection' }).click();
  await expect(dialog.getByText(/Connected in \d+ ms/)).toBeVisible();
  await dialog.getByRole('button', { name: 'Save' }).click();
  await expect(dialog).toHaveCount(0);
  expect(seen.at(-1)?.authorization).toBe(`Bearer ${token}`);

  // Reopened: the token is set, never shown; another auth type says it drops it on save.
  await page.getByRole('button', { name: 'Customer API', exact: true }).click();
  await expect(dialog.getByLabel('Token')).toHaveValue('');
  await expect(dialog.getByLabel('Token')).toHaveAttribute('placeholder', 'Set — type to replace');
  await dialog.getByLabel('Authentication').selectOption('none');
  await expect(dialog.getByText('The saved token will be removed when you save.')).toBeVisible();
  await dialog.getByRole('button', { name: 'Cancel' }).click();
  await expect(dialog).toHaveCount(0);

  // A request, not SQL: the query on a REST datasource opens the request editor.
  await page.getByRole('button', { name: /New query/ }).click();
  await expect(page.getByLabel('Method')).toHaveValue('GET');
  await page.getByLabel('Path').fill('/customers');
  await page.getByRole('button', { name: 'Run', exact: true }).click();
  const result = page.getByRole('status').filter({ hasText: '200' });
  await expect(result).toBeVisible();
  await expect(page.getByRole('cell', { name: 'Grace Hopper' })).toBeVisible();
  await page.screenshot({ path: `${shots}/datasources-rest-1-list.png` });

  await page.getByLabel('Path').fill('/customers/{{ Input1.text }}');
  await page.getByRole('button', { name: 'Run', exact: true }).click();
  await expect(page.getByRole('region', { name: 'Response body' })).toContainText('"Customer c-1"');
  await expect(page.locator('[data-canvas-widget="Text1"]')).toContainText('found=Customer c-1');
  await page.screenshot({ path: `${shots}/datasources-rest-2-binding.png` });
  expect(await page.content()).not.toContain(token);

  await expect(page.getByText('Saved', { exact: true })).toBeVisible();
  await page.getByRole('button', { name: 'Publish' }).click();
  await expect(page.getByText(/Published/).first()).toBeVisible();

  // The viewer types a value that would change the path if it were spliced in as text.
  await page.goto(`/app/${app.id}`);
  await page.getByLabel('Customer id').fill('a/b?c');
  const before = seen.length;
  await page.getByRole('button', { name: 'Look up' }).click();
  await expect(page.locator('[data-widget="Text1"]')).toContainText('found=Customer a/b?c');
  await page.screenshot({ path: `${shots}/datasources-rest-3-viewer.png` });
  const request = seen.slice(before).find((s) => s.url.startsWith('/api/customers/'));
  expect(request).toEqual({ method: 'GET', url: '/api/customers/a%2Fb%3Fc', authorization: `Bearer ${token}` });
});
