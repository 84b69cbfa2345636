import { mkdirSync } from 'node:fs';
import { lstat, open, readdir, realpath } from 'node:fs/promises';
import path from 'node:path';
import { HttpError } from '../../http/httpError';

/** The folder SQLite datasources live in: `DATA_DIR/databases`, created when missing. */
export function sqliteDatabasesDir(dataDir: string): string {
  const dir = path.join(dataDir, 'databases');
  mkdirSync(dir, { recursive: true });
  return dir;
}

const header = Buffer.from('SQLite format 3\0', 'latin1');

function refused(reason: string): HttpError {
  return new HttpError(400, 'path_refused', `This SQLite file cannot be used: ${reason}.`);
}

/**
 * The absolute path of a SQLite datasource's file, after checking that the name is a plain
 * relative path (no absolute path, `..`, NUL, URI or `:memory:`), that it is a regular file and
 * no symlink, that its real path is inside the folder, and that it starts with SQLite's header
 * (an empty file is an empty database). Throws 400 `path_refused`; the message never says
 * anything about files outside the folder.
 */
export async function resolveSqliteFile(databasesDir: string, file: string): Promise<string> {
  if (file.includes('\0')) throw refused('the name holds a NUL character');
  if (file.trim() === '' || file.length > 255) throw refused('the name is empty or too long');
  if (/^file:/i.test(file) || file.includes(':')) throw refused('URIs, drive letters and :memory: are not allowed; give a path relative to DATA_DIR/databases');
  if (file.includes('\\')) throw refused('use / to separate folders');
  if (path.posix.isAbsolute(file) || path.isAbsolute(file)) throw refused('absolute paths are not allowed; give a path relative to DATA_DIR/databases');
  if (file.split('/').some((part) => part === '..' || part === '.' || part === '')) throw refused('the path may not contain "..", "." or empty parts');
  const root = await realpath(databasesDir);
  const candidate = path.join(root, file);
  let stat;
  try {
    stat = await lstat(candidate);
  } catch {
    throw refused('there is no such file in DATA_DIR/databases');
  }
  if (stat.isSymbolicLink()) throw refused('symbolic links are not allowed');
  if (!stat.isFile()) throw refused('it is not a regular file');
  const real = await realpath(candidate);
  if (!real.startsWith(root + path.sep)) throw refused('it is outside DATA_DIR/databases');
  if (stat.size > 0) {
    const handle = await open(real, 'r');
    try {
      const buffer = Buffer.alloc(header.length);
      const { bytesRead } = await handle.read(buffer, 0, header.length, 0);
      if (bytesRead < header.length || !buffer.equals(header)) throw refused('it is not a SQLite database');
    } finally {
      await handle.close();
    }
  }
  return real;
}

/** Names a SQLite datasource may open: *.db, *.sqlite and *.sqlite3 files under the folder (relative, `/`-separated). */
export async function listSqliteFiles(databasesDir: string): Promise<string[]> {
  const entries = await readdir(databasesDir, { recursive: true, withFileTypes: true });
  const files: string[] = [];
  for (const entry of entries) {
    if (!entry.isFile() || !/\.(db|sqlite|sqlite3)$/i.test(entry.name)) continue;
    const parent = (entry as { parentPath?: string; path?: string }).parentPath ?? (entry as { path?: string }).path ?? databasesDir;
    const relative = path.relative(databasesDir, path.join(parent, entry.name)).split(path.sep).join('/');
    files.push(relative);
  }
  return files.sort();
}
