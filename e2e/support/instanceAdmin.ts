import { expect, type APIRequestContext } from '@playwright/test';
import Database from 'better-sqlite3';
import { join } from 'node:path';
import type { UserDto } from '../../src/shared';
import { signUp, uniqueEmail } from './api';

// The instance administrator of the e2e server, for mail specs (the approach of
// accountSecurity.spec.ts): the first account of the server is the one (a unique index allows
// one), but the first sign-up of the run may be any spec's. So a spec signs up its own
// administrator and, when it was not first, moves the flag to it the way an operator would, with
// an UPDATE in the e2e server's own SQLite file, and gives it back when done.

/** The e2e server's SQLite file, in the data directory playwright.config.ts gave it. */
export function openStore(): Database.Database {
  const dataDir = process.env.CORDON_E2E_DATA_DIR;
  if (!dataDir) throw new Error('CORDON_E2E_DATA_DIR is not set: playwright.config.ts sets it for the e2e server');
  const db = new Database(join(dataDir, 'cordon.db'));
  db.pragma('busy_timeout = 5000');
  return db;
}

function moveAdministrator(toUserId: string | null): void {
  const db = openStore();
  try {
    db.transaction(() => {
      db.prepare('UPDATE users SET is_instance_admin = 0 WHERE is_instance_admin = 1').run();
      if (toUserId !== null) expect(db.prepare('UPDATE users SET is_instance_admin = 1 WHERE id = ?').run(toUserId).changes).toBe(1);
    })();
  } finally {
    db.close();
  }
}

function currentAdministrator(): string | null {
  const db = openStore();
  try {
    const row = db.prepare('SELECT id FROM users WHERE is_instance_admin = 1').get() as { id: string } | undefined;
    return row?.id ?? null;
  } finally {
    db.close();
  }
}

export interface TakenAdministrator {
  user: UserDto;
  /** Gives the flag back to whoever had it before (when it was moved). */
  giveBack(): void;
}

/** Signs up an account in `request`'s context and makes it the instance administrator. */
export async function takeAdministrator(request: APIRequestContext, prefix: string, password: string): Promise<TakenAdministrator> {
  const user = await signUp(request, uniqueEmail(prefix), password, 'Ada Admin');
  if (user.isInstanceAdmin) return { user, giveBack: () => {} };
  const previous = currentAdministrator();
  moveAdministrator(user.id);
  const me = (await (await request.get('/api/v1/auth/me')).json()) as { user: UserDto };
  expect(me.user.isInstanceAdmin).toBe(true);
  return {
    user: me.user,
    giveBack: () => {
      if (previous !== null && currentAdministrator() === user.id) moveAdministrator(previous);
    },
  };
}
