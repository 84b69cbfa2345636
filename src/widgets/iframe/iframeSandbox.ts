/**
 * Security decisions of the Iframe widget (I6), kept pure so they are unit-tested.
 *
 * WARNING: never add `allow-same-origin` here. With `srcdoc` the frame would share Cordon's
 * origin and, together with `allow-scripts`, could remove its own sandbox and read the session's
 * pages. For a URL it is only harmless when the URL is cross-origin, which the client cannot
 * always know (redirects), so both cases get the same sandbox.
 */

/** The sandbox tokens every Iframe widget gets while the server's `iframeWidgetSandbox` is true. */
export const iframeSandboxTokens = 'allow-scripts allow-forms allow-popups';

/**
 * The `sandbox` attribute of an Iframe widget: the tokens when sandboxing is on, `undefined`
 * (no attribute at all) only when the server configuration turned it off.
 */
export function iframeSandboxAttribute(iframeWidgetSandbox: boolean): string | undefined {
  return iframeWidgetSandbox === true ? iframeSandboxTokens : undefined;
}

/** What the frame shows: HTML (`srcDoc` wins), an http(s) URL, or nothing with a reason. */
export type IframeContent =
  | { kind: 'srcdoc'; html: string }
  | { kind: 'url'; url: string }
  | { kind: 'none'; reason: string };

/**
 * Decides the frame's content from its evaluated `source` and `srcDoc`. Only absolute http and
 * https URLs are used: `javascript:` and similar schemes would run in Cordon's origin when the
 * sandbox is turned off.
 */
export function iframeContent(source: unknown, srcDoc: unknown): IframeContent {
  if (typeof srcDoc === 'string' && srcDoc.trim() !== '') return { kind: 'srcdoc', html: srcDoc };
  if (typeof source !== 'string' || source.trim() === '') return { kind: 'none', reason: 'Set a URL or HTML to show here.' };
  let url: URL;
  try {
    url = new URL(source.trim());
  } catch {
    return { kind: 'none', reason: 'The URL is not valid.' };
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return { kind: 'none', reason: 'Only http and https URLs can be shown.' };
  return { kind: 'url', url: url.href };
}
