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
    const memo = boundedMemo((key: string) => ++computed && key, 2);
    memo('a');
    memo('b');
    memo('a');
    expect(computed).toBe(2);
    memo('c'); // full: forgets a and b
    memo('a');
    expect(computed).toBe(4);
  });
});
