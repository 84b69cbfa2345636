import { expect, test } from '@playwright/test';
import { escapeCorpus, type EscapeAttempt } from '../src/runtime/escapeCorpus';
import { documentWith, publishedApp } from './support/api';

// I3 in a real Chromium worker: a sample of the escape corpus (the same data the Node tests run,
// src/runtime/escapeCorpus.ts) evaluated by the published app's evaluation worker. Bindings run as
// Text widgets, one attempt each; handler attempts run from one Button. Each rendered outcome must
// be exactly the safe one the corpus states. The app has what the corpus's attempts read: Input1,
// Text1 and JSObject1; attempts that need Query1's rows or a preset store stay in the Node run.

const needsNodeOnlyFixtures = (a: EscapeAttempt) =>
  /Query1|\.token|\/\/evil\.example/.test(a.code);
const withExpect = escapeCorpus.filter((a) => 'expect' in a && !needsNodeOnlyFixtures(a));
const bindings = withExpect.filter((a) => a.where === 'binding');
const handlers = withExpect.filter((a) => a.where === 'handler');

/** What a Text widget shows for an attempt: JSON of the value, `undefined` shown as `null`. */
const rendered = (value: unknown) => `r:${JSON.stringify(value ?? null)}`;

/** One onClick that runs every handler attempt in its own async function and stores the outcomes. */
const handlerRunner = `
  const results = {};
  ${handlers.map((a) => `
  try { results[${JSON.stringify(a.id)}] = JSON.stringify((await (async () => {\n${a.code}\n})()) ?? null); }
  catch (e) { results[${JSON.stringify(a.id)}] = 'error: ' + String(e && e.message); }`).join('')}
  storeValue('results', results, false);
`;

test('a sample of the escape corpus has only safe outcomes in a real Chromium worker', async ({ page }) => {
  test.setTimeout(120_000);
  expect(bindings.length + handlers.length).toBeGreaterThanOrEqual(30);
  const pageErrors: string[] = [];
  page.on('pageerror', (error) => pageErrors.push(error.message));

  const columns = 4;
  const { app } = await publishedApp(page.request, 'corpus', 'Escape corpus', documentWith([
    { name: 'Input1', type: 'input', props: { label: 'Input', defaultText: 'hello' }, layout: { x: 0, y: 0, w: 3, h: 4 } },
    { name: 'Text1', type: 'text', props: { text: '{{ Input1.text + "!" }}' }, layout: { x: 3, y: 0, w: 3, h: 4 } },
    { name: 'RunHandlers', type: 'button', props: { label: 'Run handler attempts', onClick: handlerRunner }, layout: { x: 6, y: 0, w: 3, h: 4 } },
    { name: 'HandlerResults', type: 'text', props: { text: '{{ JSON.stringify(cordon.store.results ?? null) }}' }, layout: { x: 0, y: 4, w: 12, h: 8 } },
    ...bindings.map((a, i) => ({
      name: `Attempt${i}`,
      type: 'text',
      props: { text: `${a.id} r:{{ JSON.stringify((${a.code}) ?? null) }}` },
      layout: { x: (i % columns) * 3, y: 12 + Math.floor(i / columns) * 5, w: 3, h: 5 },
    })),
  ], {
    jsObjects: [{ id: 'js1', name: 'JSObject1', code: 'export default { count: 1, items: [1], total() { return this.count * 10; } }', functionSettings: {} }],
  }));
  await page.goto(`/app/${app.id}`);

  // Bindings: every Text shows exactly the corpus's expected value (retried until the worker has evaluated the page).
  await expect(page.locator('[data-widget="Text1"]')).toHaveText('hello!');
  for (const [i, a] of bindings.entries()) {
    await expect(page.locator(`[data-widget="Attempt${i}"]`), a.id).toHaveText(`${a.id} ${rendered(a.expect)}`);
  }

  // Handlers: run them all from one click; each outcome is exactly the expected one.
  await page.getByRole('button', { name: 'Run handler attempts' }).click();
  const results = page.locator('[data-widget="HandlerResults"]');
  await expect(results).not.toHaveText('null', { timeout: 20_000 });
  const outcomes = JSON.parse((await results.textContent()) ?? 'null') as Record<string, string>;
  const unexpected = handlers
    .filter((a) => outcomes[a.id] !== JSON.stringify(a.expect ?? null))
    .map((a) => `${a.id}: got ${outcomes[a.id]}, expected ${JSON.stringify(a.expect ?? null)}`);
  expect(unexpected).toEqual([]);

  // Nothing the attempts did reached the page: no globals appeared, nothing was evaluated, no page errors.
  const leaked = await page.evaluate(() => {
    const w = window as unknown as Record<string, unknown>;
    return ['leaked', 'leakedVar', 'leakedFn', 'polluted'].filter((k) => k in w || k in Object.prototype);
  });
  expect(leaked).toEqual([]);
  expect(pageErrors).toEqual([]);
  await page.screenshot({ path: 'test-results/screenshots/escape-corpus.png', fullPage: true });
  test.info().annotations.push({ type: 'attempts', description: `${bindings.length} bindings, ${handlers.length} handlers` });
});
