import { toPlain } from './plainData';

/** MIME types by file extension, for `download` without an explicit type. */
const mimeByExtension: Record<string, string> = {
  json: 'application/json',
  csv: 'text/csv',
  tsv: 'text/tab-separated-values',
  txt: 'text/plain',
  md: 'text/markdown',
  html: 'text/html',
  htm: 'text/html',
  xml: 'application/xml',
  svg: 'image/svg+xml',
  js: 'text/javascript',
  css: 'text/css',
  yaml: 'application/yaml',
  yml: 'application/yaml',
  sql: 'application/sql',
};

/** What `download(data, fileName, mimeType?)` hands the host, or the reason it refuses. */
export type DownloadRequest = { data: string; fileName: string; mimeType: string } | { error: string };

/**
 * Turns the arguments of `download` into the effect's fields. Strings are saved as they are;
 * anything else is saved as JSON (indented). The MIME type defaults by the file's extension,
 * then by the data (`application/json` for objects, `text/plain` for text).
 */
export function toDownload(data: unknown, fileName: unknown, mimeType: unknown): DownloadRequest {
  if (typeof fileName !== 'string' || fileName.trim() === '') return { error: 'download: the file name must be a non-empty string, for example "users.csv"' };
  // The name is only a suggestion to the browser, but a path in it is never what the builder meant.
  if (/[/\\]/.test(fileName)) return { error: `download: the file name "${fileName}" must not contain / or \\` };
  if (data === undefined || typeof data === 'function' || typeof data === 'symbol') return { error: 'download: there is no data to download' };
  if (mimeType !== undefined && mimeType !== null && (typeof mimeType !== 'string' || !/^[\w.+-]+\/[\w.+-]+(\s*;.*)?$/.test(mimeType))) {
    return { error: `download: "${String(mimeType)}" is not a MIME type (for example "text/csv")` };
  }
  const isText = typeof data === 'string';
  const text = isText ? data : JSON.stringify(toPlain(data), null, 2);
  const extension = /\.([a-z0-9]+)$/i.exec(fileName)?.[1]?.toLowerCase() ?? '';
  const type = typeof mimeType === 'string' ? mimeType : (mimeByExtension[extension] ?? (isText ? 'text/plain' : 'application/json'));
  return { data: text, fileName: fileName.trim(), mimeType: type };
}
