import autocannon from 'autocannon';
import { benchRows } from './benchDatabases';
import { benchParamKey } from './seedCordon';

export interface LoadTarget {
  url: string;
  headers: Record<string, string>;
}

/** What one run of the load generator saw. */
export interface LoadSample {
  /** Latency of every 2xx response, in ms (autocannon's own float timings, not its integer histogram). */
  latenciesMs: number[];
  ok: number;
  /** Non-2xx responses, socket errors and timeouts; a run with any of these is not a valid measurement. */
  failed: number;
  /** Count per non-2xx status, for the error message. */
  failures: Record<number, number>;
  seconds: number;
}

/**
 * One autocannon run against `target` in this process: `connections` keep-alive connections
 * (closed loop: each sends its next request when the last is answered), each POSTing `{ params: { " Input1.text ": "<id>" } }` with a random id of the seeded table per
 * request (the id is a string, as an Input's text is).
 */
export async function loadRun(target: LoadTarget, options: { connections: number; seconds: number }): Promise<LoadSample> {
  const latenciesMs: number[] = [];
  let ok = 0;
  let failed = 0;
  const failures: LoadSample['failures'] = {};
  // The typings say a promise; without a callback the instance is also that promise's thenable.
  const instance = autocannon({
    url: target.url,
    connections: options.connections,
    duration: options.seconds,
    requests: [{
      method: 'POST',
      headers: { 'content-type': 'application/json', ...target.headers },
      setupRequest: (request) => ({
        ...request,
        body: JSON.stringify({ params: { [benchParamKey]: String(1 + Math.floor(Math.random() * benchRows)) } }),
      }),
    }],
  }) as unknown as autocannon.Instance & Promise<autocannon.Result>;
  instance.on('response', (_client: unknown, statusCode: number, _bytes: number, responseTime: number) => {
    if (statusCode >= 200 && statusCode < 300) {
      ok++;
      latenciesMs.push(responseTime);
    } else {
      failed++;
      failures[statusCode] = (failures[statusCode] ?? 0) + 1;
    }
  });

  const result = await instance;
  return { latenciesMs, ok, failed: failed + result.errors + result.timeouts, failures, seconds: result.duration };
}
