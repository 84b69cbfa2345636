/** Where a `navigateTo(target, params)` call leads. */
export type Navigation =
  | { kind: 'page'; path: string }
  | { kind: 'url'; url: string }
  | { kind: 'invalid'; reason: string };

/**
 * Resolves a navigateTo target: a page of the app (by slug or name) becomes an in-app path
 * with the params as query string (keeping `embed=true` when embedded); anything else must be
 * an absolute http or https URL. Other schemes (`javascript:`, `data:`) are refused.
 */
export function resolveNavigation(
  target: string,
  params: Record<string, string>,
  app: { appId: string; pages: ReadonlyArray<{ slug: string; name: string }>; embed: boolean },
): Navigation {
  const trimmed = target.trim();
  const page = app.pages.find((p) => p.slug === trimmed) ?? app.pages.find((p) => p.name === trimmed);
  if (page) {
    const query = new URLSearchParams(params);
    if (app.embed) query.set('embed', 'true');
    const search = query.toString();
    return { kind: 'page', path: `/app/${encodeURIComponent(app.appId)}/${page.slug}${search ? `?${search}` : ''}` };
  }
  let url: URL;
  try {
    url = new URL(trimmed);
  } catch {
    return { kind: 'invalid', reason: `There is no page "${trimmed}" in this app, and it is not a URL.` };
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return { kind: 'invalid', reason: 'Only http and https addresses can be opened.' };
  for (const [key, value] of Object.entries(params)) url.searchParams.set(key, value);
  return { kind: 'url', url: url.href };
}
