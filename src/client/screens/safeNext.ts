/**
 * The in-app path to go to after signing in. Only same-origin paths are accepted, so a crafted
 * `?next=https://evil.example` or `?next=//evil.example` cannot turn sign-in into an open redirect.
 */
export function safeNext(next: string | null | undefined): string {
  if (!next || !next.startsWith('/') || next.startsWith('//') || next.startsWith('/\\')) return '/';
  // Control characters and backslashes are never part of a legitimate Cordon path.
  if (next.includes('\\') || hasControlCharacter(next)) return '/';
  return next;
}

/** The sign-in URL that comes back to `path` afterwards. */
export function signInUrl(path: string): string {
  return `/sign-in?next=${encodeURIComponent(path)}`;
}

function hasControlCharacter(s: string): boolean {
  for (let i = 0; i < s.length; i++) if (s.charCodeAt(i) < 0x20 || s.charCodeAt(i) === 0x7f) return true;
  return false;
}
