import { expect, it } from 'vitest';
import { buildAppSymbols } from './appSymbols';
import { diagnose } from './diagnostics';
import { testApp } from './testApp';

// The linter must not cry wolf: valid bindings, handlers and JS objects of many forms give no finding.
// These are forms a token-based reader could trip on: regexes, nested templates, ASI, getters, labels of cases.
const symbols = buildAppSymbols(testApp, testApp.pages[0]);
const templates = [
  '{{ Query1.data.map(r => ({ ...r, x: 1 })) }}',
  "{{ Input1.text.replace(/\\s+/g, ' ').split(/[,;]/) }}",
  '{{ `${Input1.text}-${Query1.data.length}` }}',
  '{{ Query1.data?.[0]?.name ?? "none" }}',
  '{{ new Date().toISOString() + 1e3 + 0x1F + .5 + 1_000 }}',
  '{{ Query1.data.filter(({ name }) => name.includes(Input1.text)).length / 2 }}',
  '{{ ((a = Input1.text) => a)() }}',
  '{{ Query1.isLoading ? "…" : Query1.error ? `Error: ${Query1.error}` : Query1.data.length + " rows" }}',
  '{{ JSON.stringify({ [Input1.text]: 1, "b": [1, 2, { c: 3 }] }) }}',
  "{{ typeof Input1.text === 'string' && Input1.text instanceof Object }}",
  "{{ 'a' in cordon.store }}",
  '{{ Math.round(Number(Input1.text) * 100) / 100 }}',
  '{{ String.raw`a\\b` }}',
  '{{ Input1.text\n  .trim() }}',
  '{{ [1, 2, 3].reduce((sum, n) => sum + n, 0) }}',
  "{{ cordon.user?.name || 'guest' }}",
  "{{ (function () { const x = 1; return x; })() }}",
  "{{ Query1.data.map(function (row, i) { return i; }) }}",
  "{{ !Input1.text }}",
  "{{ -1 }}",
  "{{ Input1.text.length > 3 ? 'long' : 'short' }}",
];
const handlers = [
  "await Query1.run({ name: Input1.text }); showAlert('done', 'success');",
  "Query1.data.forEach((r) => { if (r) { showAlert(r.name) } })",
  "{{ Query1.run().then(() => showAlert('ok')).catch((e) => showAlert(e.message, 'error')) }}",
  "try { await Query1.run() } catch (e) { showAlert(String(e)) } finally { storeValue('x', 1) }",
  "const rows = await Query1.run();\nif (rows.length === 0) return;\nnavigateTo('page2', { id: rows[0].id })",
  "switch (Input1.text) { case 'a': showAlert('a'); break; default: showAlert('b') }",
  "for (const r of Query1.data) { storeValue(r.id, r) }",
  "for (let i = 0; i < 3; i++) { showAlert(String(i)) }",
  "let n = 0\nn += 1\nstoreValue('n', n)",
  "setInterval(() => Query1.run(), 5000, 'poll')",
];
const jsObjects = [
  "// header\nexport default {\n  a: 1,\n  list: [],\n  async load() {\n    const rows = await Query1.run();\n    this.list = rows;\n    return rows;\n  },\n  get count() { return this.list.length; },\n  fmt: (n) => n.toFixed(2),\n  tag: function tag(x) { return `<${x}>`; },\n  re: /a+b/gi,\n}\n",
];

it('reports nothing on valid code of many forms', () => {
  const found = [
    ...templates.flatMap((t) => diagnose(t, 'template', symbols).map((d) => `${t} → ${d.message}`)),
    ...handlers.flatMap((t) => diagnose(t, 'handler', symbols).map((d) => `${t} → ${d.message}`)),
    ...jsObjects.flatMap((t) => diagnose(t, 'jsObject', symbols).map((d) => `${t} → ${d.message}`)),
  ];
  expect(found).toEqual([]);
});
