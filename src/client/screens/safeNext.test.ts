import { describe, expect, it } from 'vitest';
import { safeNext, signInUrl } from './safeNext';

describe('safeNext', () => {
  it('keeps in-app paths', () => {
    expect(safeNext('/app/a1/page1?embed=true')).toBe('/app/a1/page1?embed=true');
    expect(safeNext('/apps/x/edit')).toBe('/apps/x/edit');
  });
  it.each([null, undefined, '', 'https://evil.example', '//evil.example', '/\\evil.example', 'javascript:alert(1)', '/a\\b', '/a\nb'])('refuses %j', (next) => {
    expect(safeNext(next)).toBe('/');
  });
  it('round-trips through signInUrl', () => {
    const url = new URL(signInUrl('/app/a1?x=1&y=2'), 'http://localhost');
    expect(url.pathname).toBe('/sign-in');
    expect(safeNext(url.searchParams.get('next'))).toBe('/app/a1?x=1&y=2');
  });
});
