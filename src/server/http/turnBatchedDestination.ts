import pino from 'pino';

/** pino's destination stream, and a way to write out what it holds. */
export interface BatchedDestination extends pino.DestinationStream {
  flushSync(): void;
}

/**
 * The server log's destination (stdout by default): lines are gathered while the event loop runs
 * one turn and written together at its end, one system call for every line of that turn. Under
 * load one turn answers many requests, and a write per access line was most of what the line
 * cost on the execute route (docs/performance.md); at rest a turn has one line, written as
 * promptly as before. Lines stay in order. What a turn holds is written when the process exits
 * (an 'exit' listener: pino registers one only for its asynchronous destinations), also after an
 * uncaught exception or process.exit(); only a kill -9 can lose it.
 */
export function turnBatchedDestination(fd = 1): BatchedDestination {
  // Synchronous writes, held until flushSync or until this much is waiting (under sonic-boom's 16 KB write size).
  const sonic = pino.destination({ dest: fd, sync: true, minLength: 8 * 1024 });
  flushOnExit(sonic);
  let scheduled = false;
  const flush = () => {
    scheduled = false;
    try {
      sonic.flushSync();
    } catch {
      // The output is gone (a closed pipe): there is nowhere to write the log to, and the server goes on.
    }
  };
  return {
    write(line: string) {
      sonic.write(line);
      if (!scheduled) {
        scheduled = true;
        setImmediate(flush);
      }
    },
    flushSync: () => sonic.flushSync(),
  };
}

type Sonic = ReturnType<typeof pino.destination>;

/** Every destination made here, written out by one 'exit' listener (not one listener each). */
const destinations = new Set<Sonic>();

function flushOnExit(sonic: Sonic): void {
  if (destinations.size === 0) {
    process.once('exit', () => {
      for (const destination of destinations) {
        try {
          destination.flushSync();
        } catch {
          // Nowhere left to write to.
        }
      }
    });
  }
  destinations.add(sonic);
}

