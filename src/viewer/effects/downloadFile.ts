/** Types a browser would render or run if the file were ever opened from our origin: saved as opaque bytes instead. */
const activeTypes = /^(text\/html|application\/xhtml\+xml|image\/svg\+xml|text\/xml|application\/xml|text\/javascript|application\/(x-)?javascript|application\/ecmascript|text\/xsl)\b/i;

/** A MIME type of the form `type/subtype[; params]`. */
const mimePattern = /^[a-z0-9!#$&^_.+-]+\/[a-z0-9!#$&^_.+-]+(\s*;\s*[a-z0-9!#$&^_.+-]+=("[^"]*"|[a-z0-9!#$&^_.+-]+))*$/i;

/**
 * The Blob type for `download(data, name, type)`: the requested type when it is well formed
 * and passive, `application/octet-stream` for active content (HTML, SVG, XML, scripts), and
 * `text/plain` when none or a malformed one was given.
 */
export function downloadMimeType(requested: string): string {
  const type = requested.trim();
  if (!type || !mimePattern.test(type)) return 'text/plain;charset=utf-8';
  return activeTypes.test(type) ? 'application/octet-stream' : type;
}

/** A file name without paths, control characters or reserved characters; `download` when nothing is left. */
export function safeFileName(requested: string): string {
  // eslint-disable-next-line no-control-regex
  const cleaned = requested.replace(/[\u0000-\u001f\u007f/\\:*?"<>|]+/g, '_').replace(/^[\s.]+|[\s.]+$/g, '').slice(0, 200);
  return cleaned || 'download';
}

/** How long the object URL stays valid after the click: the browser reads it asynchronously. */
const revokeAfterMs = 10_000;

/**
 * Saves `data` as a file: a Blob, an object URL and a temporary `<a download>` that is clicked
 * and removed at once; the URL is revoked shortly after.
 */
export function downloadFile(doc: Document, data: string, fileName: string, mimeType: string): void {
  const blob = new Blob([data], { type: downloadMimeType(mimeType) });
  const url = URL.createObjectURL(blob);
  const link = doc.createElement('a');
  link.href = url;
  link.download = safeFileName(fileName);
  link.rel = 'noopener';
  link.style.display = 'none';
  doc.body.appendChild(link);
  try {
    link.click();
  } finally {
    link.remove();
    setTimeout(() => URL.revokeObjectURL(url), revokeAfterMs);
  }
}
