import pg from 'pg';
import type { StoreChanges } from './StoreChanges';

/** The channel every Cordon instance on one PostgreSQL store announces its writes on. */
export const storeChangeChannel = 'cordon_store_changed';
/** The listening connection's application_name, so operators can tell it in pg_stat_activity. */
export const feedApplicationName = 'cordon-store-changes';
/** The application_name of the connection that announces this instance's writes. */
export const notifierApplicationName = 'cordon-store-changes-notify';

export interface PostgresChangeFeed {
  close(): Promise<void>;
}

/**
 * Makes several Cordon instances on one PostgreSQL store hear each other's writes: after a
 * local write commits, this instance NOTIFYs the channel (once per burst of writes), and every
 * instance LISTENing counts a change on each notification, so a sign-out or a removed member
 * on one instance empties the caches of all of them within a round trip.
 *
 * While the listening connection is down, `changes.trusted` is false (caches answer nothing) and
 * the feed reconnects with a growing delay; trust comes back with one counted change, since
 * notifications sent meanwhile were missed.
 */
export async function startPostgresChangeFeed(databaseUrl: string, changes: StoreChanges, log: { warn(message: string): void } = console): Promise<PostgresChangeFeed> {
  let client: pg.Client | undefined;
  let closed = false;
  let retryMs = 250;
  let retryTimer: NodeJS.Timeout | undefined;
  let notifyPending = false;

  changes.setTrusted(false);
  // Writes are announced on a connection of their own, not on the listening one: a write made
  // while this instance's LISTEN connection is down must still reach the other instances, whose
  // caches would otherwise keep a revoked grant until their TTL.
  const notifier = new pg.Pool({ connectionString: databaseUrl, max: 1, idleTimeoutMillis: 10_000, connectionTimeoutMillis: 5000, application_name: notifierApplicationName });
  notifier.on('error', () => {});

  const connect = async (): Promise<void> => {
    const next = new pg.Client({ connectionString: databaseUrl, connectionTimeoutMillis: 5000, application_name: feedApplicationName });
    next.on('notification', (message) => {
      if (message.channel === storeChangeChannel) changes.changed('remote');
    });
    next.on('error', () => lost(next));
    next.on('end', () => lost(next));
    await next.connect();
    await next.query(`listen ${storeChangeChannel}`);
    if (closed) {
      await next.end().catch(() => {});
      return;
    }
    client = next;
    retryMs = 250;
    changes.setTrusted(true);
  };

  const lost = (which: pg.Client): void => {
    if (client !== which) return;
    client = undefined;
    changes.setTrusted(false);
  // Writes are announced on a connection of their own, not on the listening one: a write made
  // while this instance's LISTEN connection is down must still reach the other instances, whose
  // caches would otherwise keep a revoked grant until their TTL.
  const notifier = new pg.Pool({ connectionString: databaseUrl, max: 1, idleTimeoutMillis: 10_000, connectionTimeoutMillis: 5000, application_name: notifierApplicationName });
  notifier.on('error', () => {});
    if (closed) return;
    log.warn('store change feed: the LISTEN connection to PostgreSQL was lost; store caches are off until it is back');
    scheduleReconnect();
  };

  const scheduleReconnect = (): void => {
    if (closed || retryTimer) return;
    retryTimer = setTimeout(() => {
      retryTimer = undefined;
      connect().catch(() => {
        retryMs = Math.min(retryMs * 2, 10_000);
        scheduleReconnect();
      });
    }, retryMs);
    retryTimer.unref();
  };

  // One NOTIFY per burst: writes in the same turn of the event loop share it.
  const unsubscribe = changes.subscribe((origin) => {
    if (origin !== 'local' || notifyPending || closed) return;
    notifyPending = true;
    setImmediate(() => {
      notifyPending = false;
      notifier.query(`notify ${storeChangeChannel}`).catch(() => {});
    });
  });

  await connect().catch(async (error: unknown) => {
    unsubscribe();
    await notifier.end().catch(() => {});
    throw error;
  });
  return {
    async close() {
      closed = true;
      unsubscribe();
      if (retryTimer) clearTimeout(retryTimer);
      const open = client;
      client = undefined;
      await open?.end().catch(() => {});
      await notifier.end().catch(() => {});
    },
  };
}
