import { useEffect, useState, useSyncExternalStore } from 'react';
import { Spinner } from '../client/ui/Spinner';
import type { InFlightQueries } from './inFlightQueries';
import './RunningQueries.css';

/**
 * A small pill at the bottom right of a published app while queries are in flight: which ones,
 * for how long, and a Cancel button each (Cancel stops the statement on the server too). It
 * fades in after a moment, so quick queries do not make it flash.
 */
export function RunningQueries({ inFlight }: { inFlight: InFlightQueries }) {
  const runs = useSyncExternalStore(inFlight.subscribe, inFlight.getSnapshot, inFlight.getSnapshot);
  const now = useNow(runs.length > 0);
  if (runs.length === 0) return null;
  return (
    <section className="running-queries" aria-label="Running queries">
      <ul className="running-queries__list">
        {runs.map((run) => {
          const seconds = Math.max(0, Math.floor((now - run.startedAt) / 1000));
          return (
            <li key={run.runId} className="running-queries__item">
              <Spinner size="sm" label="" />
              <span className="running-queries__text">
                Running <strong>{run.queryName}</strong>…
                {seconds > 0 ? <span className="running-queries__time"> {seconds} s</span> : null}
              </span>
              <button type="button" className="running-queries__cancel" onClick={() => inFlight.cancel(run.queryId)} aria-label={`Cancel ${run.queryName}`}>
                Cancel
              </button>
            </li>
          );
        })}
      </ul>
    </section>
  );
}

/** The time, refreshed each second while `active`. */
function useNow(active: boolean): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    if (!active) return undefined;
    setNow(Date.now());
    const timer = setInterval(() => setNow(Date.now()), 1_000);
    return () => clearInterval(timer);
  }, [active]);
  return now;
}
