import { expect, test, type Page } from '@playwright/test';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createApp, createWorkspace, documentWith, publish, saveDocument, signUp, uniqueEmail } from './support/api';

// An app embedded in another site talks to it with postWindowMessage and listens with
// windowMessageListener, always naming an exact origin. The embedding parent is a tiny page
// served here by node:http on 127.0.0.1 with another port: another ORIGIN than Cordon
// (127.0.0.1:<cordon port>), but the same SITE, so the viewer's SameSite=Lax session cookie is
// still sent to the framed app. A parent on `localhost` would be cross-site: the framed app
// would get no cookie and show the sign-in page instead.

interface ParentSite { origin: string; close(): Promise<void> }

/**
 * Serves `/parent.html` (frames the app, a sibling page of its own origin and one from
 * `strangerUrl`; records messages from Cordon) and `/sibling.html` (an idle page).
 */
async function startParentSite(cordonOrigin: string, appPath: string, strangerUrl = '/sibling.html'): Promise<ParentSite> {
  const parentHtml = `<!doctype html>
<html><head><meta charset="utf-8"><title>Embedding parent</title>
<style>body{font-family:system-ui,sans-serif;margin:16px}iframe{border:2px solid #6b7280;border-radius:8px}#log li{color:#065f46}</style></head>
<body>
<h1>Embedding parent</h1>
<p>Messages from the app:</p><ul id="log"></ul>
<iframe name="app" id="app" src="${cordonOrigin}${appPath}" width="1000" height="420"></iframe>
<iframe name="sibling" id="sibling" src="/sibling.html" width="300" height="60"></iframe>
<iframe name="stranger" id="stranger" src="${strangerUrl}" width="300" height="60"></iframe>
<script>
  window.received = [];
  addEventListener('message', (event) => {
    if (event.origin !== ${JSON.stringify(cordonOrigin)}) return;
    window.received.push(event.data);
    const li = document.createElement('li');
    li.textContent = JSON.stringify(event.data);
    document.getElementById('log').append(li);
  });
</script>
</body></html>`;
  const server: Server = createServer((request, response) => {
    if (request.url === '/parent.html') {
      response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
      response.end(parentHtml);
    } else if (request.url === '/sibling.html') {
      response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
      response.end('<!doctype html><title>Sibling</title><p>a sibling frame</p>');
    } else {
      response.writeHead(404).end();
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    origin: `http://127.0.0.1:${port}`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** Where the browser put a frame: Chromium shows a frame it refused (frame-ancestors) as an error page. */
function frameUrl(page: Page, name: string): string | undefined {
  return page.frames().find((f) => f.name() === name)?.url();
}

test('an embedded app posts to its parent and hears only the parent origin it listens to', async ({ page, baseURL }) => {
  test.setTimeout(120_000);
  const pageErrors: string[] = [];
  page.on('pageerror', (error) => pageErrors.push(error.message));
  const cordonOrigin = new URL(baseURL ?? '').origin;

  await signUp(page.request, uniqueEmail('embed'), 'correct horse battery', 'Embed Builder');
  const workspace = await createWorkspace(page.request, 'Embedding');
  const app = await createApp(page.request, workspace.id, 'Embedded');
  const otherParent = await startParentSite(cordonOrigin, `/app/${app.id}?embed=true`);
  // The first parent also frames a page of the other site: another origin than the parent's.
  const parent = await startParentSite(cordonOrigin, `/app/${app.id}?embed=true`, `${otherParent.origin}/sibling.html`);
  try {
    await saveDocument(page.request, app, documentWith([
      { name: 'Input1', type: 'input', props: { label: 'Message', defaultText: 'hi there' } },
      { name: 'Send', type: 'button', props: { label: 'Send to parent', onClick: `postWindowMessage({ hello: Input1.text }, 'window', '${parent.origin}')` } },
      { name: 'Probe', type: 'button', props: { label: 'Probe', onClick: "storeValue('heard', [...(cordon.store.heard ?? []), 'probe'], false)" } },
      { name: 'Heard', type: 'text', props: { text: "heard={{ (cordon.store.heard ?? []).join(',') || 'nothing' }}" } },
      { name: 'Listening', type: 'text', props: { text: 'listening={{ Embedding.listening }}' } },
    ], {
      // Registered when the page loads: a JS object function with "run on page load".
      jsObjects: [{
        id: 'js1',
        name: 'Embedding',
        code: `export default {\n  listening: false,\n  listen() {\n    windowMessageListener('${parent.origin}', (data) => storeValue('heard', [...(cordon.store.heard ?? []), data.text], false));\n    this.listening = true;\n  },\n}`,
        functionSettings: { listen: { runOnLoad: true, confirm: false } },
      }],
    }));
    await publish(page.request, app.id);

    // Without an embedding setting, the app refuses to be framed by another origin.
    const refused = page.waitForEvent('console', (message) => message.text().includes('frame-ancestors'));
    await page.goto(`${parent.origin}/parent.html`);
    await refused;
    await expect.poll(() => frameUrl(page, 'app')).toMatch(/^chrome-error:/);
    await expect(page.frameLocator('#app').locator('[data-widget="Send"]')).toHaveCount(0);

    // The builder allows the parent's origin; now the app loads inside the frame.
    const embedding = await page.request.put(`/api/v1/apps/${app.id}/embedding`, { data: { mode: 'list', origins: [parent.origin, otherParent.origin] } });
    expect(embedding.ok()).toBe(true);
    await page.goto(`${parent.origin}/parent.html`);
    const frame = page.frameLocator('#app');
    await expect(frame.getByRole('button', { name: 'Send to parent' })).toBeVisible();
    expect(frameUrl(page, 'app')).toBe(`${cordonOrigin}/app/${app.id}?embed=true`);

    // App → parent, with the exact origin.
    await frame.getByLabel('Message').fill('hello from the app');
    await frame.getByRole('button', { name: 'Send to parent' }).click();
    await expect(page.locator('#log li')).toHaveText(['{"hello":"hello from the app"}']);
    expect(await page.evaluate(() => (window as unknown as { received: unknown[] }).received)).toEqual([{ hello: 'hello from the app' }]);

    // Parent → app: the listener registered on load hears the parent's origin.
    const postFromParent = (target: Page, text: string) => target.evaluate(([t, origin]) => {
      (document.getElementById('app') as HTMLIFrameElement).contentWindow?.postMessage({ text: t }, origin as string);
    }, [text, cordonOrigin]);
    const heard = frame.locator('[data-widget="Heard"]');
    await expect(frame.locator('[data-widget="Listening"]')).toHaveText('listening=true');
    await postFromParent(page, 'first');
    await expect(heard).toHaveText('heard=first');

    // Sibling frames post into the app: one of the parent's own (listened) origin, which is not
    // the parent window itself, and one of another origin. Both are ignored; the parent's next
    // message is heard, in order, without them.
    const sibling = page.frames().find((f) => f.name() === 'sibling');
    const stranger = page.frames().find((f) => f.name() === 'stranger');
    expect(sibling?.url()).toBe(`${parent.origin}/sibling.html`);
    expect(stranger?.url()).toBe(`${otherParent.origin}/sibling.html`);
    for (const frameOfParent of [sibling, stranger]) {
      await frameOfParent?.evaluate(() => { (window.parent.frames as unknown as Record<string, Window>).app?.postMessage({ text: 'sibling' }, '*'); });
    }
    await postFromParent(page, 'second');
    await expect(heard).toHaveText('heard=first,second');
    await page.screenshot({ path: 'test-results/screenshots/windowMessages.png' });

    // Embedded by another allowed parent whose origin the app does not listen to: that parent's
    // message is ignored. The Probe click comes after it, so once the probe shows, the message
    // has been handled (the worker takes events in order) and was dropped.
    const other = await page.context().newPage();
    await other.goto(`${otherParent.origin}/parent.html`);
    const otherFrame = other.frameLocator('#app');
    await expect(otherFrame.locator('[data-widget="Listening"]')).toHaveText('listening=true');
    await expect(otherFrame.locator('[data-widget="Heard"]')).toHaveText('heard=nothing');
    await postFromParent(other, 'from the other parent');
    await otherFrame.getByRole('button', { name: 'Probe' }).click();
    await expect(otherFrame.locator('[data-widget="Heard"]')).toHaveText('heard=probe');
    await other.screenshot({ path: 'test-results/screenshots/windowMessages-other-parent.png' });
    await other.close();
    expect(pageErrors).toEqual([]);
  } finally {
    await parent.close();
    await otherParent.close();
  }
});
