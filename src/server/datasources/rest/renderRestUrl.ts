import { parseTemplate } from '../../../shared/template';
import { restRequestError } from './restRequestError';
import { restValueText } from './restValueText';

interface KeyValue {
  name: string;
  value: string;
}

/**
 * The URL of a REST query: the datasource's base URL, the query's path appended to it, then the
 * datasource's query parameters and the query's own.
 *
 * Each binding value in the path is percent-encoded as (part of) one path segment, so it can
 * never add a `/`, `?` or `#`; a value that would make a `.` or `..` segment (even once a server
 * decodes `%2F`) is refused. Query parameter values go through URLSearchParams. The result must
 * stay on the base URL's origin and under its path: `/../admin`, `//evil.com` and `\\evil.com`
 * never leave it (the URL is normalised, then checked).
 */
export function renderRestUrl(baseUrl: string, pathTemplate: string, datasourceParams: readonly KeyValue[], queryParams: readonly KeyValue[], params: Record<string, unknown>): URL {
  const base = new URL(baseUrl);
  const rendered = renderPath(pathTemplate, params);
  const basePrefix = base.pathname.replace(/\/+$/, '');
  let pathAndQuery: string;
  if (rendered === '') pathAndQuery = base.pathname;
  else if (rendered.startsWith('?')) pathAndQuery = base.pathname + rendered;
  // Leading slashes and backslashes are dropped: the path is always relative to the base's.
  else pathAndQuery = `${basePrefix}/${rendered.replace(/^[/\\]+/, '')}`;
  // Origin + path as one string, never a relative reference: `//host` cannot become an authority.
  const url = new URL(base.origin + pathAndQuery);
  url.hash = '';
  if (url.origin !== base.origin || !(basePrefix === '' || url.pathname === basePrefix || url.pathname.startsWith(`${basePrefix}/`))) {
    throw restRequestError("the path leaves the datasource's base URL");
  }
  const search = new URLSearchParams(base.search);
  for (const [name, value] of url.searchParams) search.append(name, value);
  for (const param of datasourceParams) search.append(param.name, param.value);
  for (const param of queryParams) search.append(param.name, renderText(param.value, params));
  url.search = search.toString();
  return url;
}

/** A template with each binding replaced by its value's text, as it is (for URLSearchParams, headers, text bodies). */
export function renderText(template: string, params: Record<string, unknown>): string {
  return parseTemplate(template).map((segment) => (segment.kind === 'text' ? segment.text : restValueText(params[segment.expression]))).join('');
}

/**
 * The path template with each binding value percent-encoded. Literal text is the builder's and
 * stays as written (it may hold `/`, and a `?` that starts a query string).
 */
function renderPath(template: string, params: Record<string, unknown>): string {
  let out = '';
  // The raw text of the current path segment, values decoded: checked for dot segments.
  let segment = '';
  let segmentHasValue = false;
  let inPath = true;
  const endSegment = () => {
    if (segmentHasValue && isDotSegmentRisk(segment)) throw restRequestError('a value in the path would make a "." or ".." segment');
    segment = '';
    segmentHasValue = false;
  };
  for (const part of parseTemplate(template)) {
    if (part.kind === 'text') {
      out += part.text;
      if (!inPath) continue;
      for (const char of part.text) {
        if (char === '?' || char === '#') {
          endSegment();
          inPath = false;
          break;
        }
        if (char === '/' || char === '\\') endSegment();
        else segment += char;
      }
    } else {
      const text = restValueText(params[part.expression]);
      try {
        out += encodeURIComponent(text);
      } catch {
        // URIError: a lone surrogate, which has no UTF-8 form.
        throw restRequestError('a value in the path is not well-formed Unicode text');
      }
      if (inPath) {
        segment += text;
        segmentHasValue = true;
      }
    }
  }
  if (inPath) endSegment();
  return out;
}

/** True when a segment, split where a server might decode `%2F` or `\`, has a `.` or `..` piece (also percent-encoded, up to twice). */
function isDotSegmentRisk(segment: string): boolean {
  return segment.split(/[/\\]|%2f|%5c/i).some((piece) => /^(?:\.|%2e|%252e){1,2}$/i.test(piece));
}
