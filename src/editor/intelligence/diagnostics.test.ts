import { describe, expect, it } from 'vitest';
import { buildAppSymbols } from './appSymbols';
import { diagnose } from './diagnostics';
import { testApp } from './testApp';

const symbols = buildAppSymbols(testApp, testApp.pages[0]);
const messages = (text: string, kind: Parameters<typeof diagnose>[1] = 'template') => diagnose(text, kind, symbols).map((d) => `${d.severity}: ${d.message}`);

describe('diagnose', () => {
  it('finds nothing wrong in good bindings, handlers and JS objects', () => {
    expect(messages('Hello {{ Input1.text.toUpperCase() }} {{ Query1.data.length }} {{ JSObject1.greet(cordon.user?.name) }}')).toEqual([]);
    expect(messages("{{ storeValue('a', Input1.text); Query1.run() }}", 'handler')).toEqual([]);
    expect(messages("showAlert('hi'); Input1.setValue('')", 'handler')).toEqual([]);
    expect(messages(testApp.jsObjects[0]?.code ?? '', 'jsObject')).toEqual([]);
    expect(messages('plain text, no binding')).toEqual([]);
    expect(messages('{{ Math.max(1, Number(Input1.text)) + JSON.stringify([]) }}')).toEqual([]);
  });

  it('warns about unknown names, with their position in the whole text', () => {
    const [d] = diagnose('Hi {{ Inptu1.text }}', 'template', symbols);
    expect(d).toEqual({ severity: 'warning', message: "'Inptu1' is not defined in this app: it reads as undefined", start: 6, end: 12 });
  });

  it('flags side effects in data fields as errors, but not in handlers', () => {
    expect(messages("{{ storeValue('a', 1) }}")).toEqual([expect.stringMatching(/^error: storeValue\(\) cannot be called in a data field/)]);
    expect(messages('{{ Query1.run() }}')).toEqual([expect.stringMatching(/^error: Query1\.run\(\) cannot be called in a data field/)]);
    expect(messages("{{ Input1.setValue('x') }}")).toEqual([expect.stringMatching(/^error: Input1\.setValue\(\)/)]);
    expect(messages("{{ storeValue('a', 1) }}", 'handler')).toEqual([]);
    // Reading a function is not calling it.
    expect(messages('{{ typeof storeValue }}')).toEqual([]);
  });

  it('warns about members an entity does not have, and async JS functions in data fields', () => {
    expect(messages('{{ Input1.txt }}')).toEqual(["warning: Input1 has no 'txt': it reads as undefined"]);
    expect(messages('{{ Query1.rows }}')).toEqual(["warning: Query1 has no 'rows': it reads as undefined"]);
    expect(messages('{{ cordon.store.anything + cordon.URL.path }}')).toEqual([]);
    expect(messages('{{ JSObject1.count + JSObject1.missing }}')).toEqual(["warning: JSObject1 has no 'missing': it reads as undefined"]);
    const withAsync = buildAppSymbols({ ...testApp, jsObjects: [{ id: 'j2', name: 'Api', code: 'export default { async load() { return 1; }, now() { return 2; } }', functionSettings: {} }] }, testApp.pages[0]);
    expect(diagnose('{{ Api.load() }}', 'template', withAsync).map((d) => d.message)).toEqual([expect.stringMatching(/^Api\.load\(\) is async/)]);
    expect(diagnose('{{ Api.now() }}', 'template', withAsync)).toEqual([]);
    expect(diagnose('{{ await Api.load() }}', 'handler', withAsync)).toEqual([]);
  });

  it('reports syntax errors', () => {
    expect(messages('{{ Input1.text + }}')).toEqual(["error: Unexpected end of expression after '+'"]);
    expect(messages('{{ (Input1.text }}')).toEqual(["error: '(' is never closed"]);
    expect(messages('{{ Input1 text }}')).toContain("error: Unexpected name 'text': is an operator or a comma missing?");
    expect(messages("{{ Input1.text 'x' }}")).toEqual(['error: Unexpected string: is an operator or a comma missing?']);
    expect(messages("{{ 'abc }}")).toEqual(['error: This {{ is never closed by }} (or holds an unterminated string)']);
    expect(messages("{{ 'abc\n }}", 'handler')).toContain('error: Unterminated string');
    expect(messages('{{ Input1. }}')).toEqual(["error: Unexpected end of expression after '.'"]);
    expect(messages('{{ }}')).toEqual(['error: Empty binding: write an expression between {{ and }}']);
    expect(messages('export default { a: 1 ]', 'jsObject')).toEqual(["error: Expected '}' but found ']'"]);
  });

  it('places syntax errors on the exact characters of the field', () => {
    // `Input1 text`: the second name, at offsets 10..14 of the whole text.
    expect(diagnose('ab {{ Input1 text }}', 'template', symbols)).toEqual([{ severity: 'error', message: "Unexpected name 'text': is an operator or a comma missing?", start: 13, end: 17 }]);
    expect(diagnose('{{ (Input1.text }}', 'template', symbols)).toEqual([{ severity: 'error', message: "'(' is never closed", start: 3, end: 4 }]);
    // A statement is not an expression: the parser's own message, on the offending keyword.
    expect(diagnose('x {{ if (a) b }}', 'template', symbols)).toEqual([{ severity: 'error', message: 'Unexpected keyword \'if\'', start: 5, end: 7 }]);
    // Handlers are function bodies: await and return are allowed, a broken arrow is not.
    expect(diagnose('{{ await Query1.run() }}', 'template', symbols)).toEqual([{ severity: 'error', message: expect.stringMatching(/^'await' cannot be used in a data field/), start: 3, end: 8 }]);
    expect(messages('{{ let x = 1 }}')).toEqual(["error: Unexpected keyword 'let'"]);
    expect(messages("const r = await Query1.run(); if (!r) return; showAlert('ok')", 'handler')).toEqual([]);
    expect(diagnose('{{ Query1.run().then(r => ) }}', 'handler', symbols)).toEqual([{ severity: 'error', message: "Unexpected ')'", start: 26, end: 27 }]);
    // JS objects are modules: line 3's stray token is found at its offset.
    const code = 'export default {\n  a: 1,\n  b: 2 3,\n}';
    expect(diagnose(code, 'jsObject', symbols)).toEqual([{ severity: 'error', message: 'Unexpected number: is an operator or a comma missing?', start: code.indexOf('3'), end: code.indexOf('3') + 1 }]);
    expect(diagnose("showAlert('ok');\nshowAlert(`a)", 'handler', symbols)).toEqual([{ severity: 'error', message: 'Unterminated template literal', start: 27, end: 30 }]);
  });

  it('knows scopes: a name declared in an inner function is unknown outside it', () => {
    expect(diagnose('{{ (() => { const a = 1; })() + a }}', 'template', symbols)).toEqual([{ severity: 'warning', message: "'a' is not defined in this app: it reads as undefined", start: 32, end: 33 }]);
    expect(messages('{{ Query1.data.map((row) => row.id).concat(row) }}')).toEqual(["warning: 'row' is not defined in this app: it reads as undefined"]);
    expect(messages('export default {\n  f() { const local = 1; return local; },\n  g() { return local; },\n}', 'jsObject')).toEqual(["warning: 'local' is not defined in this app: it reads as undefined"]);
  });
});
