import { describe, expect, it } from 'vitest';
import { boundedMemo } from './boundedMemo';

describe('boundedMemo', () => {
  it('computes each key once, remembers undefined too, and never remembers a throw', () => {
    const calls: string[] = [];
    const memo = boundedMemo((key: string) => {
      calls.push(key);
      if (key === 'bad') throw new Error('no');
      return key === 'none' ? undefined : key.length;
    });
    expect([memo('ab'), memo('ab'), memo('none'), memo('none')]).toEqual([2, 2, undefined, undefined]);
    expect(() => memo('bad')).toThrow('no');
    expect(() => memo('bad')).toThrow('no');
    expect(calls).toEqual(['ab', 'none', 'bad', 'bad']);
  });

  it('keeps at most maxEntries results (forgets them all when full)', () => {
    let computed = 0;
    const memo = boundedMemo((key: string) => ++computed && key, { maxEntries: 2 });
    memo('a');
    memo('b');
    memo('a');
    expect(computed).toBe(2);
    memo('c'); // full: forgets a and b
    memo('a');
    expect(computed).toBe(4);
  });

  it('tells calls apart by the key of all their arguments', () => {
    const calls: string[] = [];
    const memo = boundedMemo((body: string, kind: string) => {
      calls.push(`${kind}:${body}`);
      return `${kind}/${body}`;
    }, { key: (body, kind) => `${kind}\u0000${body}` });
    expect([memo('select 1', 'mysql'), memo('select 1', 'sqlite'), memo('select 1', 'mysql')]).toEqual(['mysql/select 1', 'sqlite/select 1', 'mysql/select 1']);
    expect(calls).toEqual(['mysql:select 1', 'sqlite:select 1']);
  });
});
