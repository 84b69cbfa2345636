import { describe, expect, it } from 'vitest';
import { bindingExpressions, handlerCode, isDynamic, isSingleBinding, parseTemplate } from './template';

describe('parseTemplate', () => {
  it('splits text and bindings', () => {
    expect(parseTemplate('Hello {{ user.name }}!')).toEqual([
      { kind: 'text', text: 'Hello ' },
      { kind: 'binding', expression: ' user.name ', start: 6, end: 21 },
      { kind: 'text', text: '!' },
    ]);
  });

  it('matches braces and skips strings inside a binding', () => {
    expect(bindingExpressions("{{ {a: '}}'}.a }} and {{ `x${ {b:1}.b }}` }}")).toEqual([" {a: '}}'}.a ", ' `x${ {b:1}.b }}` ']);
  });

  it('keeps an unclosed binding as text', () => {
    expect(parseTemplate('a {{ b')).toEqual([{ kind: 'text', text: 'a {{ b' }]);
    expect(isDynamic('a {{ b')).toBe(false);
  });

  it('reads the SQL body of the walking skeleton', () => {
    expect(bindingExpressions("select * from users where name ilike {{ '%' + Input1.text + '%' }}")).toEqual([" '%' + Input1.text + '%' "]);
  });

  it('knows single bindings and handler code', () => {
    expect(isSingleBinding('  {{ Query1.data }} ')).toBe(true);
    expect(isSingleBinding('{{ a }}{{ b }}')).toBe(false);
    expect(handlerCode('{{ Query1.run() }}')).toBe(' Query1.run() ');
    expect(handlerCode('Query1.run()')).toBe('Query1.run()');
  });
});
