import { describe, expect, it } from 'vitest';
import { newId } from './newId';

describe('newId', () => {
  it('is the prefix plus 20 url-safe random characters', () => {
    const id = newId('usr_');
    expect(id).toMatch(/^usr_[A-Za-z0-9_-]{20}$/);
  });

  it('does not repeat', () => {
    const ids = new Set(Array.from({ length: 1000 }, () => newId('x_')));
    expect(ids.size).toBe(1000);
    for (const id of ids) expect(id).toMatch(/^[A-Za-z0-9_-]+$/);
  });
});
