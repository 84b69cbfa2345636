import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createBenchDatabase, seedBenchItems, type BenchDatabase } from './benchDatabases';
import { type SeededCordon, seedCordon } from './seedCordon';

export interface PreparedProxyBench {
  /** The environment of a Cordon server on the prepared store. */
  cordonEnv: Record<string, string>;
  /** The URL of the datasource database (for the baseline). */
  datasourceUrl: string;
  seeded: SeededCordon;
}

/**
 * What both proxy benches start from: a data directory, a datasource database with bench_items,
 * a fresh store database, and Cordon prepared on it through its API (seedCordon). Everything made
 * here is removed by the cleanups it pushes onto `cleanups`.
 */
export async function prepareProxyBench(cleanups: Array<() => Promise<unknown>>, extraEnv: Record<string, string> = {}): Promise<PreparedProxyBench> {
  const dataDir = await mkdtemp(path.join(tmpdir(), 'cordon-bench-proxy-'));
  cleanups.push(() => rm(dataDir, { recursive: true, force: true }));
  const databases: BenchDatabase[] = [];
  cleanups.push(() => Promise.all(databases.map((database) => database.drop())));
  const datasource = await createBenchDatabase('cordon_bench_ds');
  databases.push(datasource);
  const store = await createBenchDatabase('cordon_bench_store');
  databases.push(store);
  await seedBenchItems(datasource.url);

  const dsUrl = new URL(datasource.url);
  const cordonEnv = {
    DATA_DIR: dataDir,
    CORDON_DIST_DIR: path.join(dataDir, 'no-dist'),
    DATABASE_URL: store.url,
    // The datasource is on this machine; loopback is refused unless allowed.
    CORDON_ALLOWED_HOSTS: '127.0.0.1',
    ...extraEnv,
  };
  const seeded = await seedCordon(cordonEnv, { name: datasource.name, host: dsUrl.hostname, port: Number(dsUrl.port || 5432), user: decodeURIComponent(dsUrl.username) });
  return { cordonEnv, datasourceUrl: datasource.url, seeded };
}
