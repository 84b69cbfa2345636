import { randomBytes } from 'node:crypto';
import { rename, rm } from 'node:fs/promises';
import path from 'node:path';
import Database from 'better-sqlite3';
import { HttpError } from '../../http/httpError';
import { sampleSeedSql } from './sampleSeed';

function safeId(workspaceId: string): string {
  return workspaceId.replace(/[^A-Za-z0-9_-]/g, '_');
}

/**
 * A new name for a workspace's sample database, relative to DATA_DIR/databases. The random part
 * keeps other workspaces from pointing a datasource at it: the folder is shared by the instance,
 * and the file list shows each workspace only its own sample files.
 */
export function newSampleFileName(workspaceId: string): string {
  return `sample-${safeId(workspaceId)}-${randomBytes(8).toString('hex')}.sqlite`;
}

const samplePattern = /^sample-([A-Za-z0-9_-]+)-[0-9a-f]{16}\.sqlite$/;

/** True for a sample database file of this workspace (its workspace part is exactly this workspace's). */
export function isSampleFileOf(file: string, workspaceId: string): boolean {
  return samplePattern.exec(file)?.[1] === safeId(workspaceId);
}

/** True for any workspace's sample database file. */
export function isSampleFile(file: string): boolean {
  return samplePattern.test(file);
}

/**
 * Refuses, as if it did not exist, a SQLite file that is another workspace's sample database:
 * the folder is shared by the instance, and its random name alone is no access check (a name can
 * be seen in a screenshot or a support ticket). Spellings that may reach the same file on a
 * case-insensitive file system (`SAMPLE-…`, trailing dots or spaces), and its journal files, count
 * as the file.
 */
export function refuseForeignSampleFile(file: string, workspaceId: string): void {
  const spelled = file.trim().replace(/[.\s]+$/, '');
  // Its -journal, -wal and -shm files too (an empty journal would open as an empty database).
  const owner = /^sample-([A-Za-z0-9_-]+)-[0-9a-f]{16}\.sqlite(?:$|-)/i.exec(spelled)?.[1];
  if (owner !== undefined && !(owner === safeId(workspaceId) && isSampleFileOf(file, workspaceId))) {
    throw new HttpError(400, 'path_refused', 'This SQLite file cannot be used: there is no such file in DATA_DIR/databases.');
  }
}

/**
 * Writes a fresh sample database (from sampleSeedSql) to `databasesDir/<file>`: built under a
 * temporary name and renamed, so a reader never sees half a database.
 */
export async function writeSampleDatabase(databasesDir: string, file: string): Promise<void> {
  const target = path.join(databasesDir, file);
  const temporary = path.join(databasesDir, `.${file}.${randomBytes(6).toString('hex')}.tmp`);
  try {
    const db = new Database(temporary);
    try {
      db.exec(sampleSeedSql);
    } finally {
      db.close();
    }
    await rename(temporary, target);
  } finally {
    await rm(temporary, { force: true });
  }
}
