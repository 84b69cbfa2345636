import { describe, expect, it } from 'vitest';
import type { HostEffect } from '../../runtime/protocol';
import { applyViewerEffect, type ViewerEffectDeps } from './applyViewerEffect';

function harness(options: { embedded?: boolean; clipboard?: 'ok' | 'refuse' | 'none' } = {}) {
  const calls: Array<[string, ...unknown[]]> = [];
  const parent = { postMessage: (message: unknown, origin: string) => calls.push(['parent.postMessage', message, origin]) };
  const win: { parent: unknown } = { parent };
  if (!options.embedded) win.parent = win;
  const clipboard = options.clipboard ?? 'ok';
  const deps: ViewerEffectDeps = {
    app: { appId: 'a1', pages: [{ slug: 'page1', name: 'Page1' }, { slug: 'page2', name: 'Orders' }], embed: false },
    alert: (message, style) => calls.push(['alert', message, style]),
    navigateInApp: (path) => calls.push(['navigateInApp', path]),
    openUrl: (url, newWindow) => calls.push(['openUrl', url, newWindow]),
    download: (data, fileName, mimeType) => calls.push(['download', data, fileName, mimeType]),
    writeClipboard: clipboard === 'none' ? undefined : async (text) => {
      calls.push(['clipboard', text]);
      if (clipboard === 'refuse') throw new Error('NotAllowedError');
    },
    win,
  };
  return { calls, apply: (effect: HostEffect) => applyViewerEffect(effect, deps) };
}

describe('applyViewerEffect', () => {
  it('navigates to a page of the app in the SPA, with params as the query string', () => {
    const { calls, apply } = harness();
    apply({ kind: 'navigateTo', target: 'page2', params: { id: '7' }, newWindow: false });
    apply({ kind: 'navigateTo', target: 'Orders', params: {}, newWindow: true });
    expect(calls).toEqual([['navigateInApp', '/app/a1/page2?id=7'], ['openUrl', '/app/a1/page2', true]]);
  });

  it('opens http(s) URLs in the same or a new window, and refuses other schemes with an alert', () => {
    const { calls, apply } = harness();
    apply({ kind: 'navigateTo', target: 'https://example.com/x', params: { q: 'a b' }, newWindow: false });
    apply({ kind: 'navigateTo', target: 'http://example.com', params: {}, newWindow: true });
    apply({ kind: 'navigateTo', target: 'javascript:alert(1)', params: {}, newWindow: false });
    apply({ kind: 'navigateTo', target: 'data:text/html,<script>1</script>', params: {}, newWindow: true });
    expect(calls.slice(0, 2)).toEqual([['openUrl', 'https://example.com/x?q=a+b', false], ['openUrl', 'http://example.com/', true]]);
    expect(calls.slice(2)).toEqual([['alert', expect.stringMatching(/http and https/), 'error'], ['alert', expect.stringMatching(/http and https/), 'error']]);
  });

  it('shows alerts and downloads files', () => {
    const { calls, apply } = harness();
    apply({ kind: 'showAlert', message: 'Saved', style: 'success' });
    apply({ kind: 'download', data: 'a,b', fileName: 'x.csv', mimeType: 'text/csv' });
    expect(calls).toEqual([['alert', 'Saved', 'success'], ['download', 'a,b', 'x.csv', 'text/csv']]);
  });

  it('copies to the clipboard, and says so clearly when the browser refuses or has no clipboard', async () => {
    const ok = harness();
    ok.apply({ kind: 'copyToClipboard', text: 'hello' });
    await Promise.resolve();
    expect(ok.calls).toEqual([['clipboard', 'hello']]);

    const refused = harness({ clipboard: 'refuse' });
    refused.apply({ kind: 'copyToClipboard', text: 'hello' });
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(refused.calls).toEqual([['clipboard', 'hello'], ['alert', expect.stringMatching(/Could not copy to the clipboard/), 'error']]);

    const none = harness({ clipboard: 'none' });
    none.apply({ kind: 'copyToClipboard', text: 'hello' });
    expect(none.calls).toEqual([['alert', expect.stringMatching(/Could not copy/), 'error']]);
  });

  it('posts to the embedding parent with the exact origin only, and does nothing when not embedded', () => {
    const embedded = harness({ embedded: true });
    embedded.apply({ kind: 'postWindowMessage', message: { hello: 'x' }, targetOrigin: 'https://parent.example' });
    embedded.apply({ kind: 'postWindowMessage', message: 1, targetOrigin: '*' });
    expect(embedded.calls).toEqual([
      ['parent.postMessage', { hello: 'x' }, 'https://parent.example'],
      ['alert', expect.stringMatching(/exact origin/), 'error'],
    ]);
    const top = harness({ embedded: false });
    top.apply({ kind: 'postWindowMessage', message: 1, targetOrigin: 'https://parent.example' });
    expect(top.calls).toEqual([]);
  });

  it('leaves store effects and window listening to the bridge', () => {
    const { calls, apply } = harness();
    apply({ kind: 'storeValue', key: 'k', value: 1, persist: true });
    apply({ kind: 'clearStore' });
    apply({ kind: 'windowMessageOrigins', origins: ['https://a.example'] });
    expect(calls).toEqual([]);
  });
});
