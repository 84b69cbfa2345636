import type { HostEffect } from '../../runtime/protocol';
import { resolveNavigation } from '../resolveNavigation';
import { postToParent } from './postToParent';

type AlertStyle = 'info' | 'success' | 'warning' | 'error';

/** What the viewer page offers the effects; the browser version is `browserEffectDeps`, tests pass fakes. */
export interface ViewerEffectDeps {
  app: { appId: string; pages: ReadonlyArray<{ slug: string; name: string }>; embed: boolean };
  alert(message: string, style: AlertStyle): void;
  /** Client-side navigation to a path of this SPA. */
  navigateInApp(path: string): void;
  /** Leaves the app for `url` (same window) or opens it in a new one (`noopener`). */
  openUrl(url: string, newWindow: boolean): void;
  download(data: string, fileName: string, mimeType: string): void;
  /** `navigator.clipboard.writeText`, or undefined where the browser has no clipboard API. */
  writeClipboard: ((text: string) => Promise<void>) | undefined;
  /** The window the app runs in (its `parent` is the embedding page, if any). */
  win: { readonly parent: unknown };
}

/**
 * Carries out an effect the worker asked for on the main thread. Store effects and window
 * message listening are the runtime bridge's; everything else happens here.
 */
export function applyViewerEffect(effect: HostEffect, deps: ViewerEffectDeps): void {
  switch (effect.kind) {
    case 'showAlert':
      deps.alert(effect.message, effect.style);
      return;
    case 'navigateTo': {
      const target = resolveNavigation(effect.target, effect.params, deps.app);
      if (target.kind === 'invalid') deps.alert(target.reason, 'error');
      else if (target.kind === 'page' && !effect.newWindow) deps.navigateInApp(target.path);
      else deps.openUrl(target.kind === 'page' ? target.path : target.url, effect.newWindow);
      return;
    }
    case 'download':
      try {
        deps.download(effect.data, effect.fileName, effect.mimeType);
      } catch {
        deps.alert('The file could not be downloaded.', 'error');
      }
      return;
    case 'copyToClipboard': {
      const refused = () => deps.alert('Could not copy to the clipboard: the browser did not allow it.', 'error');
      if (!deps.writeClipboard) {
        refused();
        return;
      }
      deps.writeClipboard(effect.text).catch(refused);
      return;
    }
    case 'postWindowMessage': {
      const result = postToParent(deps.win, effect.message, effect.targetOrigin);
      if (result.kind === 'refused') deps.alert(result.reason, 'error');
      return;
    }
    default:
      // storeValue, removeValue, clearStore and windowMessageOrigins are kept by the runtime bridge.
      return;
  }
}
