import { describe, expect, it } from 'vitest';
import { sessionStoreFor } from './sessionStore';

describe('sessionStoreFor', () => {
  it('gives one store per app for the life of the tab, separate between apps', () => {
    const a = sessionStoreFor('app-a');
    a.key = 1;
    expect(sessionStoreFor('app-a')).toBe(a);
    expect(sessionStoreFor('app-a')).toEqual({ key: 1 });
    expect(sessionStoreFor('app-b')).toEqual({});
  });
});
