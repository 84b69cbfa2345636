import { describe, expect, it } from 'vitest';
import { resolveNavigation } from './resolveNavigation';

const app = { appId: 'a1', pages: [{ slug: 'page1', name: 'Home' }, { slug: 'orders', name: 'Orders' }], embed: false };

describe('resolveNavigation', () => {
  it('goes to a page by slug or by name, with params as query string', () => {
    expect(resolveNavigation('orders', { id: '7', q: 'a b' }, app)).toEqual({ kind: 'page', path: '/app/a1/orders?id=7&q=a+b' });
    expect(resolveNavigation('Home', {}, app)).toEqual({ kind: 'page', path: '/app/a1/page1' });
  });

  it('keeps embed mode on page changes', () => {
    expect(resolveNavigation('orders', {}, { ...app, embed: true })).toEqual({ kind: 'page', path: '/app/a1/orders?embed=true' });
  });

  it('opens http and https URLs with the params added', () => {
    expect(resolveNavigation('https://example.com/x?a=1', { b: '2' }, app)).toEqual({ kind: 'url', url: 'https://example.com/x?a=1&b=2' });
    expect(resolveNavigation('http://intranet.local', {}, app)).toEqual({ kind: 'url', url: 'http://intranet.local/' });
  });

  it.each(['javascript:alert(document.cookie)', 'data:text/html,hi', 'nowhere', '/relative'])('refuses %s', (target) => {
    expect(resolveNavigation(target, {}, app).kind).toBe('invalid');
  });
});
