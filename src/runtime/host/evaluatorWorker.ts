// The evaluation worker: the only module that touches Worker globals. The server serves this
// file (assets/evaluatorWorker-*.js) with the one CSP that allows `unsafe-eval` (I3).
import './sesLockdown'; // first: lockdown must run before any other module captures intrinsics
import { createEngine } from '../Engine';
import type { MainToWorker, WorkerToMain } from '../protocol';
import { makePlatformFetch } from './platformFetch';

// Platform functions are captured before any user code runs; user code never sees these.
const scope = self as unknown as DedicatedWorkerGlobalScope;
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
