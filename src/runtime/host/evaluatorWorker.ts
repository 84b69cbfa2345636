// The evaluation worker: the only module that touches Worker globals. The server serves this
// file (assets/evaluatorWorker-*.js) with the one CSP that allows `unsafe-eval` (I3).
import './sesLockdown'; // first: lockdown must run before any other module captures intrinsics
import { createEngine } from '../Engine';
import type { MainToWorker, WorkerToMain } from '../protocol';
import { makePlatformFetch } from './platformFetch';

/** The parts of the worker's global scope the engine's host needs (typed here so DOM and WebWorker libs both compile it). */
interface WorkerScope {
  postMessage(message: WorkerToMain): void;
  setInterval(callback: () => void, ms: number): number;
  clearInterval(handle: number): void;
  location: { href: string };
  onmessage: ((event: MessageEvent<MainToWorker>) => void) | null;
}

// Platform functions are captured before any user code runs; user code never sees these.
const scope = self as unknown as WorkerScope;
const post = scope.postMessage.bind(scope);
const startInterval = scope.setInterval.bind(scope);
const stopInterval = scope.clearInterval.bind(scope);

const engine = createEngine({
  send: (message: WorkerToMain) => post(message),
  fetch: makePlatformFetch(scope.location.href),
  setInterval: (callback, ms) => startInterval(callback, ms),
  clearInterval: (handle) => stopInterval(handle as number),
  baseUrl: scope.location.href,
});

scope.onmessage = (event: MessageEvent<MainToWorker>) => engine.receive(event.data);
post({ type: 'booted' });
