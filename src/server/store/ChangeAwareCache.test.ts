import { describe, expect, it } from 'vitest';
import { ChangeAwareCache } from './ChangeAwareCache';
import { StoreChanges } from './StoreChanges';

function setup(options: { ttlMs?: number; maxEntries?: number } = {}) {
  const changes = new StoreChanges();
  let now = 1000;
  const cache = new ChangeAwareCache<string>(changes, { maxEntries: options.maxEntries ?? 100, ttlMs: options.ttlMs ?? 1000, nowMs: () => now });
  return { changes, cache, advance: (ms: number) => { now += ms; } };
}

describe('ChangeAwareCache', () => {
  it('answers what was kept until the store changes, here or elsewhere', () => {
    const { changes, cache } = setup();
    cache.set('k', 'v', cache.version());
    expect(cache.get('k')).toBe('v');
    changes.changed('local');
    expect(cache.get('k')).toBeUndefined();
    cache.set('k', 'v2', cache.version());
    changes.changed('remote');
    expect(cache.get('k')).toBeUndefined();
  });

  it('never keeps a value whose read raced with a change (read before, kept after)', () => {
    const { changes, cache } = setup();
    const versionAtRead = cache.version();
    changes.changed('local'); // e.g. a sign-out committed while the access check was in flight
    cache.set('k', 'stale', versionAtRead);
    expect(cache.get('k')).toBeUndefined();
    expect(cache.size).toBe(0);
  });

  it('drops an entry after ttlMs even when no change was heard, and keeps nothing when ttlMs is 0', () => {
    const { cache, advance } = setup({ ttlMs: 1000 });
    cache.set('k', 'v', cache.version());
    advance(999);
    expect(cache.get('k')).toBe('v');
    advance(1);
    expect(cache.get('k')).toBeUndefined();

    const off = setup({ ttlMs: 0 });
    off.cache.set('k', 'v', off.cache.version());
    expect(off.cache.get('k')).toBeUndefined();
  });

  it('answers nothing while changes elsewhere could go unheard, and forgets what it had', () => {
    const { changes, cache } = setup();
    cache.set('k', 'v', cache.version());
    changes.setTrusted(false);
    expect(cache.get('k')).toBeUndefined();
    cache.set('k', 'v', cache.version());
    expect(cache.get('k')).toBeUndefined();
    changes.setTrusted(true); // counts as a change: notifications may have been missed
    expect(cache.get('k')).toBeUndefined();
    cache.set('k', 'v', cache.version());
    expect(cache.get('k')).toBe('v');
  });

  it('starts over beyond maxEntries instead of growing', () => {
    const { cache } = setup({ maxEntries: 3 });
    for (const key of ['a', 'b', 'c', 'd']) cache.set(key, key, cache.version());
    expect(cache.size).toBe(1);
    expect(cache.get('d')).toBe('d');
    expect(cache.get('a')).toBeUndefined();
  });
});
