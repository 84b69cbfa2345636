import { describe, expect, it } from 'vitest';
import { buildAppSymbols } from './appSymbols';
import { completionsAt, hoverAt } from './completions';
import { testApp } from './testApp';

const symbols = buildAppSymbols(testApp, testApp.pages[0]);
const labels = (before: string, kind: Parameters<typeof completionsAt>[1] = 'template') => completionsAt(before, kind, symbols)?.items.map((i) => i.label) ?? null;

describe('completionsAt', () => {
  it('offers entity names by prefix inside a binding, and nothing outside', () => {
    expect(labels('select * from t where a = {{ Inp')).toEqual(['Input1']);
    expect(completionsAt('{{ Inp', 'template', symbols)?.from).toBe(3);
    expect(labels('select Inp')).toBeNull();
    expect(labels("{{ 'Inp")).toBeNull();
  });

  it('offers members: widget props, meta and setters; query members; JS object members; cordon', () => {
    expect(labels('{{ Input1.')).toEqual(['defaultText', 'label', 'placeholder', 'text']);
    expect(labels('Input1.', 'handler')).toEqual(['defaultText', 'label', 'placeholder', 'text', 'setValue']);
    expect(labels('{{ Query1.')).toEqual(['data', 'error', 'isLoading']);
    expect(labels('Query1.r', 'handler')).toEqual(['run']);
    expect(labels('{{ JSObject1.')).toEqual(['count', 'greet']);
    expect(labels('{{ cordon.')).toEqual(['mode', 'store', 'URL', 'user']);
    expect(labels('{{ Nope.')).toEqual([]);
    expect(completionsAt('export default { a() { return this.', 'jsObject', symbols, 'JSObject1')?.items.map((i) => i.label)).toEqual(['count', 'greet']);
  });

  it('lists entities first, then cordon, then framework functions (not in data fields)', () => {
    const all = labels('', 'handler') ?? [];
    expect(all.slice(0, 5)).toEqual(['Input1', 'Text1', 'Query1', 'JSObject1', 'cordon']);
    expect(all).toContain('storeValue');
    expect(labels('{{ sto')).toEqual([]);
    expect(completionsAt('sto', 'handler', symbols)?.items[0]).toEqual({ label: 'storeValue', kind: 'function', detail: 'storeValue(key, value, persist = true)', doc: expect.stringContaining('cordon.store') });
  });
});

describe('hoverAt', () => {
  it('documents entities, members and framework functions', () => {
    expect(hoverAt('{{ Input1.text }}', 11, symbols)).toMatchObject({ title: 'Input1.text', start: 10, end: 14 });
    expect(hoverAt('{{ Input1.text }}', 4, symbols)).toMatchObject({ title: 'Input1: Input' });
    expect(hoverAt("showAlert('x')", 2, symbols)).toMatchObject({ title: "showAlert(message, type = 'info')" });
    expect(hoverAt('Query1.run()', 8, symbols)?.title).toBe('Query1.run(params = {})');
    expect(hoverAt('unknown', 2, symbols)).toBeNull();
  });
});
