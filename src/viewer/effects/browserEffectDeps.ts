import type { ViewerEffectDeps } from './applyViewerEffect';
import { downloadFile } from './downloadFile';

/** The real browser behind each effect: `window.open` with `noopener`, `location.assign`, the clipboard API, a Blob download. */
export function browserEffectDeps(
  app: ViewerEffectDeps['app'],
  alert: ViewerEffectDeps['alert'],
  navigateInApp: ViewerEffectDeps['navigateInApp'],
): ViewerEffectDeps {
  const clipboard = typeof navigator === 'undefined' ? undefined : navigator.clipboard;
  return {
    app,
    alert,
    navigateInApp,
    openUrl: (url, newWindow) => {
      if (newWindow) window.open(url, '_blank', 'noopener,noreferrer');
      else window.location.assign(url);
    },
    download: (data, fileName, mimeType) => downloadFile(document, data, fileName, mimeType),
    writeClipboard: clipboard ? (text) => clipboard.writeText(text) : undefined,
    win: window,
  };
}
