import type { WorkerToMain } from './protocol';

/** What the engine asks of `fetch`: already sanitised (credentials are always omitted). */
export interface HostFetchRequest {
  url: string;
  method: string;
  headers: Record<string, string>;
  body: string | undefined;
  credentials: 'omit';
}

/** A response as plain data: the body is read in full by the host, never handed over as a stream. */
export interface HostFetchResponse {
  ok: boolean;
  status: number;
  statusText: string;
  url: string;
  headers: Record<string, string>;
  body: string;
}

/**
 * Everything the engine needs from the platform. The worker host (src/runtime/host) provides
 * it from Worker globals; tests provide it under Node. The engine holds no other reference to
 * the platform, so user code can reach the platform only through what this interface exposes.
 */
export interface RuntimeHost {
  /** Posts a message to the main thread. */
  send(message: WorkerToMain): void;
  /** Performs an HTTP request; must never attach credentials. Rejects with an Error on network failure. */
  fetch(request: HostFetchRequest): Promise<HostFetchResponse>;
  setInterval(callback: () => void, ms: number): unknown;
  clearInterval(handle: unknown): void;
  /** Base for relative `fetch` URLs (the worker's location). */
  baseUrl: string;
}
