import { afterAll, describe, expect, it } from 'vitest';
import { HttpError } from '../http/httpError';
import { PostgresPools } from './postgresPool';
import { rowLimit, runPostgresQuery } from './runPostgresQuery';

const adminUrl = new URL(process.env.CORDON_TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/test');
const config = {
  host: adminUrl.hostname,
  port: Number(adminUrl.port || 5432),
  database: adminUrl.pathname.slice(1),
  user: decodeURIComponent(adminUrl.username),
  ssl: 'disable' as const,
};
const password = decodeURIComponent(adminUrl.password) || undefined;

const direct = { resolveOutbound: async (host: string) => host };
const pools = new PostgresPools(direct);
afterAll(() => pools.closeAll());

const pool = () => pools.get({ datasourceId: 'ds_test', updatedAt: '1', config, password: () => password });

async function failure(promise: Promise<unknown>): Promise<HttpError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof HttpError) return error;
    throw error;
  }
  throw new Error('expected the query to fail');
}

describe('runPostgresQuery', () => {
  it('returns JSON-safe rows and typed parameters', async () => {
    const result = await runPostgresQuery(pool(), {
      text: `select $1::int as n, $2::bool as b, $3::text as s, $4::text as z, $5::int[] as a, $6::jsonb as o,
        9007199254740993::bigint as big, 1.10::numeric as num, date '2024-02-03' as d,
        timestamp '2024-02-03 04:05:06' as ts, timestamptz '2024-02-03 04:05:06+02' as tz, '\\x0102'::bytea as bin`,
      values: [7, true, 'x', null, [1, 2], { k: [1] }],
      timeoutMs: 5_000, mode: 'edit', secrets: () => [],
    });
    expect(result.rows).toEqual([{
      n: 7, b: true, s: 'x', z: null, a: [1, 2], o: { k: [1] }, big: '9007199254740993', num: '1.10', d: '2024-02-03',
      ts: '2024-02-03T04:05:06', tz: '2024-02-03T02:05:06.000Z', bin: '\\x0102',
    }]);
    expect(result.fields.map((f) => f.name)).toEqual(['n', 'b', 's', 'z', 'a', 'o', 'big', 'num', 'd', 'ts', 'tz', 'bin']);
    expect(result.truncated).toBe(false);
    expect(JSON.parse(JSON.stringify(result.rows))).toEqual(result.rows);
  });

  it(`cuts rows at ${rowLimit} and says so`, async () => {
    const result = await runPostgresQuery(pool(), { text: 'select g from generate_series(1, 6000) g', values: [], timeoutMs: 5_000, mode: 'view', secrets: () => [] });
    expect(result.rows).toHaveLength(rowLimit);
    expect(result.truncated).toBe(true);
    expect(result.rowCount).toBe(6000);
  });

  it('answers with the last statement of a multi-statement body', async () => {
    const run = (text: string) => runPostgresQuery(pool(), { text, values: [], timeoutMs: 5_000, mode: 'view', secrets: () => [] });
    const last = await run('create temp table t_multi(x int); insert into t_multi select generate_series(1, 3); select x from t_multi order by x');
    expect(last).toMatchObject({ rows: [{ x: 1 }, { x: 2 }, { x: 3 }], fields: [{ name: 'x' }], rowCount: 3, truncated: false });
    const write = await run('select 1 as one; create temp table t_multi2(x int); insert into t_multi2 values (1), (2)');
    expect(write).toMatchObject({ rows: [], fields: [], rowCount: 2, truncated: false });
  });

  it('cancels a query at its time limit', async () => {
    const started = Date.now();
    const error = await failure(runPostgresQuery(pool(), { text: 'select pg_sleep(5)', values: [], timeoutMs: 300, mode: 'view', secrets: () => [] }));
    expect(Date.now() - started).toBeLessThan(2_000);
    expect(error.code).toBe('query_failed');
    expect(error.message).toMatch(/time limit of 300 ms/);
    // The pool is still usable, and each query runs under its own limit.
    const after = await runPostgresQuery(pool(), { text: "select current_setting('statement_timeout') as t", values: [], timeoutMs: 4_000, mode: 'view', secrets: () => [] });
    expect(after.rows).toEqual([{ t: '4s' }]);
  });

  it('shows PostgreSQL’s message only in edit mode, masking secrets', async () => {
    const query = { text: "select 1/0 as boom_marker, 'hunter22'", values: [], timeoutMs: 5_000, secrets: () => ['hunter22'] };
    const edit = await failure(runPostgresQuery(pool(), { ...query, mode: 'edit', text: 'select * from no_such_table_hunter22' }));
    expect(edit.status).toBe(400);
    expect(edit.message).toMatch(/no_such_table_\[secret\].*SQLSTATE 42P01/);
    const view = await failure(runPostgresQuery(pool(), { ...query, mode: 'view' }));
    expect(view).toMatchObject({ status: 400, code: 'query_failed', message: 'The query failed (SQLSTATE 22012).' });
  });

  it('rolls back a failed statement', async () => {
    await failure(runPostgresQuery(pool(), { text: 'create temp table t_rollback(x int); select 1/0', values: [], timeoutMs: 5_000, mode: 'view', secrets: () => [] }));
    const result = await runPostgresQuery(pool(), { text: "select to_regclass('pg_temp.t_rollback') is null as gone", values: [], timeoutMs: 5_000, mode: 'view', secrets: () => [] });
    expect(result.rows).toEqual([{ gone: true }]);
  });

  it('leaves every pooled connection usable after failed queries', async () => {
    const run = (text: string, values: unknown[] = []) => runPostgresQuery(pool(), { text, values, timeoutMs: 5_000, mode: 'view', secrets: () => [] });
    // More failures at once than the pool has connections, so each connection sees one.
    await Promise.all(Array.from({ length: 12 }, () => failure(run('select 1/0'))));
    await Promise.all(Array.from({ length: 12 }, () => failure(run('select $1::int', ['not a number']))));
    // A connection still in the aborted transaction would refuse these with SQLSTATE 25P02.
    const after = await Promise.all(Array.from({ length: 12 }, () => run("select $1::int as n, current_setting('statement_timeout') as t", [3])));
    for (const result of after) expect(result.rows).toEqual([{ n: 3, t: '5s' }]);
  });

  // The timeout is a session setting kept per connection: whatever a body does to the session
  // must not reach the next query. Twelve at once, so every connection of the pool (5) gets one.
  const everyConnection = <T>(run: () => Promise<T>) => Promise.all(Array.from({ length: 12 }, run));
  const runWith = (text: string, timeoutMs = 5_000) => runPostgresQuery(pool(), { text, values: [], timeoutMs, mode: 'view', secrets: () => [] });

  it('sets the timeout again after a body that changed it (SET, set_config, RESET)', async () => {
    for (const body of ["set statement_timeout = 0; select 1", "select set_config('statement_timeout', '0', false)", 'reset statement_timeout']) {
      // Same timeout before, during and after: only distrust of the body makes the SET run again.
      await everyConnection(() => runWith('select 1', 4_000));
      await everyConnection(() => runWith(body, 4_000));
      for (const result of await everyConnection(() => runWith("select current_setting('statement_timeout') as t", 4_000))) {
        expect(result.rows).toEqual([{ t: '4s' }]);
      }
      // And again: still in force.
      for (const result of await everyConnection(() => runWith("select current_setting('statement_timeout') as t", 4_000))) {
        expect(result.rows).toEqual([{ t: '4s' }]);
      }
    }
  });

  it('does not hand a transaction a body left open to the next query', async () => {
    await everyConnection(() => runWith('begin; create temp table t_open(x int); select 1'));
    await everyConnection(async () => failure(runWith('begin; select 1/0')));
    // In a transaction left open, now() would be that transaction's start, not this statement's.
    for (const result of await everyConnection(() => runWith("select now() = statement_timestamp() as fresh, to_regclass('pg_temp.t_open') is null as gone"))) {
      expect(result.rows).toEqual([{ fresh: true, gone: true }]);
    }
  });

  it('answers 502 for a closed port, without the password', async () => {
    const closed = pools.get({ datasourceId: 'ds_closed', updatedAt: '1', config: { ...config, port: 1 }, password: () => 'S3cret-closed-port' });
    const error = await failure(runPostgresQuery(closed, { text: 'select 1', values: [], timeoutMs: 1_000, mode: 'edit', secrets: () => ['S3cret-closed-port'] }));
    expect(error).toMatchObject({ status: 502, code: 'datasource_unreachable' });
    expect(error.message).not.toContain('S3cret');
    expect(error.message).not.toContain('postgres://');
  });

  it('answers 502 for a wrong password, without it', async () => {
    const wrong = pools.get({ datasourceId: 'ds_wrong', updatedAt: '1', config: { ...config, user: 'cordon_no_such_user' }, password: () => 'Wr0ng-pass' });
    const error = await failure(runPostgresQuery(wrong, { text: 'select 1', values: [], timeoutMs: 1_000, mode: 'edit', secrets: () => ['Wr0ng-pass'] }));
    expect(error).toMatchObject({ status: 502, code: 'datasource_unreachable' });
    expect(error.message).not.toContain('Wr0ng');
  });
});

describe('PostgresPools', () => {
  it('rebuilds a pool when the datasource changes and closes evicted ones', async () => {
    const local = new PostgresPools(direct);
    const source = { datasourceId: 'a', updatedAt: '1', config, password: () => password };
    const first = await local.get(source);
    expect(await local.get(source)).toBe(first);
    const second = await local.get({ ...source, updatedAt: '2' });
    expect(second).not.toBe(first);
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(first.ended).toBe(true);
    await local.evict('a');
    expect(second.ended).toBe(true);
    expect(local.size).toBe(0);
    local.get({ ...source, datasourceId: 'b' });
    await local.closeAll();
    expect(local.size).toBe(0);
  });
});
