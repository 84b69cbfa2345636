import { describe, expect, it } from 'vitest';
import { exactOrigin, postToParent } from './postToParent';

describe('exactOrigin', () => {
  it('accepts an http(s) origin, with or without a trailing slash', () => {
    expect(exactOrigin('https://parent.example')).toBe('https://parent.example');
    expect(exactOrigin('http://127.0.0.1:4431/')).toBe('http://127.0.0.1:4431');
  });

  it('refuses wildcards, relative targets, paths and other schemes', () => {
    for (const target of ['*', '/', '', 'parent.example', 'https://parent.example/path', 'https://parent.example?x=1', 'javascript:alert(1)', 'file:///etc', 'https://user@parent.example']) {
      expect(exactOrigin(target), target).toBeNull();
    }
  });
});

describe('postToParent', () => {
  it('posts to the parent with the normalised origin', () => {
    const sent: unknown[] = [];
    const win = { parent: { postMessage: (m: unknown, o: string) => sent.push([m, o]) } };
    expect(postToParent(win, { a: 1 }, 'https://parent.example/')).toEqual({ kind: 'sent' });
    expect(sent).toEqual([[{ a: 1 }, 'https://parent.example']]);
  });

  it('reports a top-level app as not embedded, and refuses "*" before anything else', () => {
    const top: { parent: unknown } = { parent: null };
    top.parent = top;
    expect(postToParent(top, 1, 'https://parent.example')).toEqual({ kind: 'notEmbedded' });
    expect(postToParent(top, 1, '*')).toMatchObject({ kind: 'refused' });
  });

  it('reports a message the browser cannot clone as refused', () => {
    const win = { parent: { postMessage: () => { throw new Error('DataCloneError'); } } };
    expect(postToParent(win, 1, 'https://parent.example')).toMatchObject({ kind: 'refused' });
  });
});
