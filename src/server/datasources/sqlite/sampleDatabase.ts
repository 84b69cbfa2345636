import { randomBytes } from 'node:crypto';
import { rename, rm } from 'node:fs/promises';
import path from 'node:path';
import Database from 'better-sqlite3';
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

/** True for a sample database file of this workspace. */
export function isSampleFileOf(file: string, workspaceId: string): boolean {
  return file.startsWith(`sample-${safeId(workspaceId)}-`) && /^sample-[A-Za-z0-9_-]+-[0-9a-f]{16}\.sqlite$/.test(file);
}

/** True for any workspace's sample database file. */
export function isSampleFile(file: string): boolean {
  return /^sample-[A-Za-z0-9_-]+-[0-9a-f]{16}\.sqlite$/.test(file);
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
