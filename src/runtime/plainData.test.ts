import './host/sesLockdown';
import { describe, expect, it } from 'vitest';
import { isThenable, PlainDataError, toPlain } from './plainData';
import { jsObjectExpression } from './jsObjectSource';

describe('toPlain', () => {
  it('copies data and drops functions, symbols and accessors without calling them', () => {
    let called = false;
    const source = { a: 1, b: [1, { c: 'x' }], f() { return 1; }, get g() { called = true; return 2; }, [Symbol('s')]: 1, u: undefined, d: new Date(0), n: 10n };
    const copy = toPlain(source) as Record<string, unknown>;
    expect(copy).toEqual({ a: 1, b: [1, { c: 'x' }], u: undefined, d: '1970-01-01T00:00:00.000Z', n: '10' });
    expect(called).toBe(false);
    expect(copy.b).not.toBe(source.b);
    expect(Object.getPrototypeOf(copy)).toBe(Object.prototype);
  });

  it('keeps a __proto__ key as data instead of changing the prototype', () => {
    const copy = toPlain(JSON.parse('{"__proto__": {"polluted": true}}')) as Record<string, unknown>;
    expect(Object.getPrototypeOf(copy)).toBe(Object.prototype);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(Object.keys(copy)).toEqual(['__proto__']);
  });

  it('refuses circular values', () => {
    const a: Record<string, unknown> = {};
    a.self = a;
    expect(() => toPlain(a)).toThrow(PlainDataError);
  });

  it('recognises thenables', () => {
    expect(isThenable(Promise.resolve())).toBe(true);
    expect(isThenable({ then() { return 1; } })).toBe(true);
    expect(isThenable({ then: 1 })).toBe(false);
    expect(isThenable(null)).toBe(false);
  });
});

describe('jsObjectExpression', () => {
  it('turns export default into an expression, comments and trailing semicolon allowed', () => {
    expect(jsObjectExpression('// notes\nexport default { a: 1 };')).toEqual({ expression: '(\n { a: 1 }\n)' });
    expect('error' in jsObjectExpression('const x = 1; export default { a: 1 }')).toBe(true);
    expect('error' in jsObjectExpression('export default 5')).toBe(true);
  });
});
