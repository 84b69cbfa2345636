import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SqliteRunners } from '../datasources/sqlite/sqliteRunners';

// Review finding: every SQLite datasource, and every draft Test connection, ran in a Node child
// process of its own (tens of MB each) with no limit on how many run at once: a Developer who
// fires many draft tests, or has many SQLite datasources, could start hundreds of processes.
// The runners of a server now share a cap; an idle child makes room, other queries wait (their
// time limit counting).

let dir: string;
let file: string;

beforeAll(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'cordon-review-sqlite-'));
  file = path.join(dir, 'x.db');
  const db = new Database(file);
  db.exec('create table t (x int); insert into t values (1)');
  db.close();
});
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

/** The SQLite children of this process right now. */
function liveChildren(): number {
  const out = execFileSync('ps', ['-o', 'args=', '--ppid', String(process.pid)], { encoding: 'utf8' });
  return out.split('\n').filter((line) => line.includes('CORDON_SQLITE_MODULE')).length;
}

const slow = 'with recursive c(x) as (select 1 union all select x + 1 from c where x < 200000000) select count(*) as n from c';

describe('SQLite child processes', () => {
  it('never run more at once than the cap, and waiting queries still run', async () => {
    const runners = new SqliteRunners({ maxChildren: 2 });
    try {
      const runs = ['a', 'b', 'c', 'd', 'e'].map((id) => runners.get(id, 'v1', file, true).run(slow, [], 10, 3_000, undefined).then(
        () => 'done',
        (error: Error) => error.message,
      ));
      let peak = 0;
      let settled = false;
      void Promise.all(runs).then(() => {
        settled = true;
      });
      while (!settled) {
        peak = Math.max(peak, liveChildren());
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      expect(peak).toBeGreaterThan(0);
      expect(peak).toBeLessThanOrEqual(2);
      // Every one of them ran or hit its time limit; none was lost in the wait.
      for (const outcome of await Promise.all(runs)) expect(outcome === 'done' || /time limit/.test(outcome)).toBe(true);

      // Idle children make room: five datasources in a row, each answered.
      for (const id of ['f', 'g', 'h', 'i', 'j']) {
        await expect(runners.get(id, 'v1', file, true).run('select x from t', [], 10, 5_000, undefined)).resolves.toMatchObject({ rows: [{ x: 1 }] });
      }
      expect(liveChildren()).toBeLessThanOrEqual(2);
    } finally {
      runners.closeAll();
    }
  });
});

describe('SQLite child slots', () => {
  it('a child that has finished its queries makes room for a waiting datasource at once, not after its idle time', async () => {
    const runners = new SqliteRunners({ maxChildren: 1 });
    try {
      const first = runners.get('a', 'v1', file, true).run('with recursive c(x) as (select 1 union all select x + 1 from c where x < 2000000) select count(*) as n from c', [], 10, 30_000, undefined);
      // Queued behind the only slot; its limit (20 s) is far below the first child's idle time (60 s).
      const second = runners.get('b', 'v1', file, true).run('select x from t', [], 10, 20_000, undefined);
      await expect(first).resolves.toMatchObject({ rows: [{ n: 2000000 }] });
      await expect(second).resolves.toMatchObject({ rows: [{ x: 1 }] });
    } finally {
      runners.closeAll();
    }
  });

  it('a waiting datasource whose query was cancelled passes the slot on', async () => {
    const runners = new SqliteRunners({ maxChildren: 1 });
    try {
      const busy = runners.get('a', 'v1', file, true).run('with recursive c(x) as (select 1 union all select x + 1 from c where x < 2000000) select count(*) as n from c', [], 10, 30_000, undefined);
      const cancel = new AbortController();
      const cancelled = runners.get('b', 'v1', file, true).run('select 1', [], 10, 30_000, cancel.signal);
      const third = runners.get('c', 'v1', file, true).run('select x from t', [], 10, 20_000, undefined);
      cancel.abort();
      await expect(cancelled).rejects.toMatchObject({ code: 'query_cancelled' });
      await expect(busy).resolves.toBeDefined();
      await expect(third).resolves.toMatchObject({ rows: [{ x: 1 }] });
    } finally {
      runners.closeAll();
    }
  });
});
