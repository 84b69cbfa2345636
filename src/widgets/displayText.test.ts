import { describe, expect, it } from 'vitest';
import { displayText, truthyProp } from './displayText';

describe('displayText', () => {
  it('shows nothing for undefined and null', () => {
    expect(displayText(undefined)).toBe('');
    expect(displayText(null)).toBe('');
  });
  it('shows strings as is and primitives as strings', () => {
    expect(displayText('undefined')).toBe('undefined');
    expect(displayText(0)).toBe('0');
    expect(displayText(false)).toBe('false');
  });
  it('shows objects as JSON', () => {
    expect(displayText({ a: [1, 'x'] })).toBe('{"a":[1,"x"]}');
  });
  it('never throws on cyclic values', () => {
    const cyclic: Record<string, unknown> = {};
    cyclic.self = cyclic;
    expect(displayText(cyclic)).toBe('[object Object]');
  });
});

describe('truthyProp', () => {
  it.each([[true, true], ['true', true], [' TRUE ', true], [1, true], [false, false], ['false', false], ['', false], [0, false], [undefined, false], [null, false], ['yes', false]])('%j -> %j', (value, expected) => {
    expect(truthyProp(value)).toBe(expected);
  });
});
