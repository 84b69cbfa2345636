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
});
