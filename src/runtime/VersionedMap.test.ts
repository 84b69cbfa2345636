import { describe, expect, it } from 'vitest';
import { VersionedMap } from './VersionedMap';

describe('VersionedMap', () => {
  it('moves its version only when the content changes', () => {
    const m = new VersionedMap<string, string>();
    expect(m.version).toBe(0);
    m.set('a', 'x');
    expect(m.version).toBe(1);
    m.set('a', 'x');
    expect(m.version).toBe(1);
    m.set('a', 'y');
    expect(m.version).toBe(2);
    expect(m.delete('missing')).toBe(false);
    expect(m.version).toBe(2);
    expect(m.delete('a')).toBe(true);
    expect(m.version).toBe(3);
    m.clear();
    expect(m.version).toBe(3);
    m.set('b', 'z');
    m.clear();
    expect(m.version).toBe(5);
    expect(m.size).toBe(0);
  });

  it('counts entries given to the constructor', () => {
    const m = new VersionedMap([['a', 1], ['b', 2]]);
    expect(m.get('b')).toBe(2);
    expect(m.version).toBe(0);
    m.set('a', 3);
    expect(m.version).toBeGreaterThan(0);
  });
});
