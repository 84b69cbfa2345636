import { HttpError } from '../../http/httpError';

/**
 * SQL text with its strings, quoted identifiers and comments blanked out, so that keywords can
 * be looked for in code only (SQLite's quoting: '' strings, "" `` [] identifiers, -- and /* *\/ comments).
 */
function codeOnly(sql: string): string {
  let out = '';
  let i = 0;
  while (i < sql.length) {
    const c = sql[i] ?? '';
    const closers: Record<string, string> = { "'": "'", '"': '"', '`': '`', '[': ']' };
    const close = closers[c];
    if (close) {
      let j = i + 1;
      while (j < sql.length) {
        if (sql[j] === close) {
          if (close !== ']' && sql[j + 1] === close) j += 2;
          else break;
        } else j++;
      }
      out += ' ';
      i = j + 1;
    } else if (c === '-' && sql[i + 1] === '-') {
      const end = sql.indexOf('\n', i);
      out += ' ';
      i = end === -1 ? sql.length : end;
    } else if (c === '/' && sql[i + 1] === '*') {
      const end = sql.indexOf('*/', i + 2);
      out += ' ';
      i = end === -1 ? sql.length : end + 2;
    } else {
      out += c;
      i++;
    }
  }
  return out;
}

/**
 * Refuses statements that reach files other than the datasource's own: ATTACH (which could open
 * Cordon's own store or any file the server can read) and VACUUM INTO (which writes a file anywhere).
 */
export function refuseFileStatements(sql: string): void {
  const code = codeOnly(sql);
  if (/\battach\b/i.test(code) || /\bvacuum\b[\s\S]*\binto\b/i.test(code)) {
    throw new HttpError(400, 'query_failed', 'ATTACH and VACUUM INTO are not allowed: a SQLite datasource reaches only its own file.');
  }
}
