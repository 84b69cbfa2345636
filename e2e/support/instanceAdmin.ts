import { expect, type APIRequestContext } from '@playwright/test';
import Database from 'better-sqlite3';
import { join } from 'node:path';
import type { UserDto } from '../../src/shared';
import type { SecuritySettings } from '../../src/shared/api/security';
import { signUp, uniqueEmail } from './api';

// The instance administrator of the e2e server, for the specs that change instance-wide settings:
// the first account of the server is the one (a unique index allows one), but the first sign-up of
// the run may be any spec's. So a spec signs up its own administrator and, when it was not first,
// moves the flag to it the way an operator would, with an UPDATE in the e2e server's own SQLite
// file (the data directory playwright.config.ts created), and gives it back when done. The server
// has no route or switch for this. Playwright runs a file's beforeAll again in a new worker after a
// failure, hence a move rather than an add.

/** The e2e server's SQLite file, in the data directory playwright.config.ts gave it. */
export function openStore(): Database.Database {
  const dataDir = process.env.CORDON_E2E_DATA_DIR;
  if (!dataDir) throw new Error('CORDON_E2E_DATA_DIR is not set: playwright.config.ts sets it for the e2e server');
  const db = new Database(join(dataDir, 'cordon.db'));
  db.pragma('busy_timeout = 5000');
  return db;
}

/** Runs `run` on the e2e server's SQLite file and closes it. */
export function withStore<T>(run: (db: Database.Database) => T): T {
  const db = openStore();
  try {
    return run(db);
  } finally {
    db.close();
  }
}

/** Gives the one instance-administrator flag to a user id, or to nobody. */
function moveAdministrator(toUserId: string | null): void {
  withStore((db) => db.transaction(() => {
    db.prepare('UPDATE users SET is_instance_admin = 0 WHERE is_instance_admin = 1').run();
    if (toUserId !== null) expect(db.prepare('UPDATE users SET is_instance_admin = 1 WHERE id = ?').run(toUserId).changes).toBe(1);
  })());
}

function currentAdministrator(): string | null {
  return withStore((db) => (db.prepare('SELECT id FROM users WHERE is_instance_admin = 1').get() as { id: string } | undefined)?.id ?? null);
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

/** The instance's security settings, read as the administrator signed in on `request`. */
export async function securitySettings(request: APIRequestContext): Promise<SecuritySettings> {
  const response = await request.get('/api/v1/admin/security');
  expect(response.ok(), await response.text()).toBe(true);
  return (await response.json()) as SecuritySettings;
}

/** Changes the instance's security settings (the fields given) as the administrator signed in on `request`. */
export async function changeSecuritySettings(request: APIRequestContext, change: Partial<SecuritySettings>): Promise<void> {
  const response = await request.patch('/api/v1/admin/security', { data: change });
  expect(response.ok(), await response.text()).toBe(true);
}
