import { randomBytes } from 'node:crypto';
import { rename, rm } from 'node:fs/promises';
import path from 'node:path';
import Database from 'better-sqlite3';
import { sampleSeedSql } from './sampleSeed';

/** The sample database file of a workspace, relative to DATA_DIR/databases. */
export function sampleFileName(workspaceId: string): string {
  return `sample-${workspaceId.replace(/[^A-Za-z0-9_-]/g, '_')}.sqlite`;
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
