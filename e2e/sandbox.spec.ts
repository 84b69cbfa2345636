import { expect, test } from '@playwright/test';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { documentWith, publishedApp } from './support/api';

// I3, I6 and I7 in a real browser: user code in the SES worker sees no host objects, its fetch
// carries no cookie, the page itself refuses eval, and Iframe widgets are sandboxed.

let echo: Server;
let echoUrl: string;
const seen: IncomingHttpHeaders[] = [];

test.beforeAll(async () => {
  // A server on another port of the same host: the browser *would* send Cordon's session
  // cookie here (cookies ignore ports) if user code's fetch carried credentials.
  echo = createServer((req, res) => {
    seen.push(req.headers);
    res.writeHead(200, { 'content-type': 'application/json', 'access-control-allow-origin': '*' });
    res.end(JSON.stringify({ hello: 'from echo' }));
  });
  await new Promise<void>((resolve) => echo.listen(0, '127.0.0.1', resolve));
  echoUrl = `http://127.0.0.1:${(echo.address() as AddressInfo).port}/echo`;
});
test.afterAll(async () => { await new Promise((resolve) => echo.close(resolve)); });

const probes: Array<[string, string]> = [
  ['typeof document', '{{ typeof document }}'],
  ['typeof window', '{{ typeof window }}'],
  ['typeof self', '{{ typeof self }}'],
  ['typeof postMessage', '{{ typeof postMessage }}'],
  ['typeof importScripts', '{{ typeof importScripts }}'],
  ['typeof localStorage', '{{ typeof localStorage }}'],
  ['typeof XMLHttpRequest', '{{ typeof XMLHttpRequest }}'],
  ['constructor chain', "{{ (() => { try { const g = ({}).constructor.constructor('return this')(); return typeof g.postMessage + '/' + typeof g.document; } catch (e) { return 'blocked'; } })() }}"],
  ['Function global', "{{ (() => { try { const g = Function('return this')(); return typeof g.postMessage + '/' + typeof g.importScripts; } catch (e) { return 'blocked'; } })() }}"],
  ['indirect eval', "{{ (() => { try { const g = (0, eval)('this'); return typeof g.postMessage + '/' + typeof g.importScripts; } catch (e) { return 'blocked'; } })() }}"],
];

test('user code in the worker reaches no host object, and its fetch carries no cookie', async ({ page }) => {
  const handler = `
    const me = await fetch('/api/v1/auth/me');
    storeValue('meStatus', me.status, false);
    const other = await fetch('${echoUrl}', { credentials: 'include' });
    storeValue('echoStatus', other.status, false);
  `;
  const { app } = await publishedApp(page.request, 'sandbox', 'Sandbox probes', documentWith([
    ...probes.map(([, text], i) => ({ name: `Probe${i}`, type: 'text', props: { text } })),
    { name: 'FetchButton', type: 'button', props: { label: 'Fetch', onClick: handler } },
    { name: 'MeStatus', type: 'text', props: { text: 'me={{ cordon.store.meStatus }}' } },
    { name: 'EchoStatus', type: 'text', props: { text: 'echo={{ cordon.store.echoStatus }}' } },
    { name: 'Frame1', type: 'iframe', props: { srcDoc: '<p>hello from srcdoc</p>', source: '' } },
    { name: 'Frame2', type: 'iframe', props: { source: echoUrl, srcDoc: '' } },
  ]));

  await page.goto(`/app/${app.id}`);
  for (const [i, [label]] of probes.entries()) {
    // Retried until the worker has evaluated the page; any other text (a host object's type) fails.
    await expect(page.locator(`[data-widget="Probe${i}"]`), label).toHaveText(/^\s*(undefined|blocked|undefined\/undefined)\s*$/);
  }

  await page.getByRole('button', { name: 'Fetch' }).click();
  // The session cookie is httpOnly and present in this browser, yet user code's request is anonymous.
  await expect(page.locator('[data-widget="MeStatus"]')).toContainText('me=401');
  await expect(page.locator('[data-widget="EchoStatus"]')).toContainText('echo=200');
  const fromUserCode = seen.filter((h) => h['sec-fetch-dest'] !== 'iframe');
  expect(fromUserCode.length).toBeGreaterThan(0);
  for (const headers of fromUserCode) {
    expect(headers.cookie).toBeUndefined();
    expect(headers.authorization).toBeUndefined();
  }
  const cookies = await page.context().cookies();
  expect(cookies.some((c) => c.name === 'cordon_session')).toBe(true);

  // I6: both frames carry `sandbox`; content the author controls (srcdoc) never gets allow-same-origin.
  const srcdocSandbox = await page.locator('[data-widget="Frame1"] iframe').getAttribute('sandbox');
  expect(srcdocSandbox).not.toBeNull();
  expect(srcdocSandbox).toContain('allow-scripts');
  expect(srcdocSandbox).not.toContain('allow-same-origin');
  expect(await page.locator('[data-widget="Frame2"] iframe').getAttribute('sandbox')).not.toBeNull();
  // Sandboxed, yet the frames still show their content.
  await expect(page.locator('[data-widget="Frame1"] iframe').contentFrame().getByText('hello from srcdoc')).toBeVisible();
  await expect(page.locator('[data-widget="Frame2"] iframe').contentFrame().getByText('from echo')).toBeVisible();

  // The page runs under a CSP without unsafe-eval: only the evaluation worker may evaluate code.
  // (DevTools' own evaluate bypasses CSP, so string evaluation is started from a timer, as page code would,
  // and the browser's violation event is the proof.)
  const evalOutcome = await page.evaluate(() => new Promise<string>((resolve) => {
    const w = window as unknown as { __evaluated?: number };
    document.addEventListener('securitypolicyviolation', (e) => resolve(`blocked:${e.violatedDirective}`), { once: true });
    try { (setTimeout as unknown as (code: string) => void)('window.__evaluated = 1'); } catch { resolve('blocked:threw'); }
    setTimeout(() => resolve(w.__evaluated ? 'evaluated' : 'not run'), 500);
  }));
  expect(evalOutcome).toMatch(/^blocked:script-src/);
  await expect(page.addScriptTag({ content: 'window.__inline = 1' })).rejects.toThrow(/Content Security Policy/);
  const documentCsp = (await page.request.get(`/app/${app.id}`)).headers()['content-security-policy'] ?? '';
  expect(documentCsp).toMatch(/script-src 'self'(;|$)/);
  expect(documentCsp).not.toContain('unsafe-eval');
  await page.screenshot({ path: 'test-results/screenshots/sandbox-probes.png', fullPage: true });
});
