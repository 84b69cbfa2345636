/**
 * The program of a SQLite child process (CommonJS, run with `node -e`, so that it needs no
 * build step). It opens one database file with better-sqlite3 and answers one query at a time
 * over IPC: `{ id, sql, params, limit }` -> `{ id, ok }` or `{ id, error: { code, message, phase } }`.
 * Rows are turned into JSON-safe values here: integers past 2^53 as strings, blobs as `\x` hex.
 */
export const sqliteChildSource = String.raw`
'use strict';
const Database = require(process.env.CORDON_SQLITE_MODULE);
const file = process.env.CORDON_SQLITE_FILE;
const readonly = process.env.CORDON_SQLITE_READONLY === '1';
let db;
function jsonSafe(value) {
  if (typeof value === 'bigint') {
    return value >= BigInt(Number.MIN_SAFE_INTEGER) && value <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(value) : value.toString();
  }
  if (typeof value === 'number') return Number.isFinite(value) ? value : String(value);
  if (value instanceof Uint8Array) return '\\x' + Buffer.from(value).toString('hex');
  return value;
}
function bindable(value) {
  // Integers bind as INTEGER (a JS number would bind as REAL).
  if (typeof value === 'number' && Number.isSafeInteger(value)) return BigInt(value);
  return value;
}
process.on('message', (message) => {
  const { id, sql, params, limit } = message;
  let phase = 'open';
  try {
    if (!db) {
      db = new Database(file, { readonly, fileMustExist: true, timeout: 5000 });
      db.defaultSafeIntegers(true);
      // A database file may come from anywhere: its schema may not call functions with side effects.
      db.pragma('trusted_schema = OFF');
    }
    phase = 'query';
    const statement = db.prepare(sql);
    const values = params.map(bindable);
    if (statement.reader) {
      const fields = statement.columns().map((column) => ({ name: column.name }));
      const rows = [];
      let seen = 0;
      for (const row of statement.iterate(...values)) {
        seen++;
        if (rows.length < limit) {
          const out = {};
          for (const key of Object.keys(row)) out[key] = jsonSafe(row[key]);
          rows.push(out);
        }
      }
      process.send({ id, ok: { rows, fields, rowCount: seen, truncated: seen > limit } });
    } else {
      const info = statement.run(...values);
      process.send({ id, ok: { rows: [], fields: [], rowCount: info.changes, truncated: false } });
    }
  } catch (error) {
    const code = error && typeof error.code === 'string' ? error.code : undefined;
    process.send({ id, error: { code, message: String(error && error.message), phase } });
  }
});
process.on('disconnect', () => process.exit(0));
`;
