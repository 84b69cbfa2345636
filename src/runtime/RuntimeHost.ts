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
 * A page's cancellation signal as the engine hands it to the host: aborted when the page is left
 * (the app instance is disposed). Not the platform's AbortSignal: the engine holds no platform
 * objects; the host wires it to an AbortController of its own.
 */
export interface HostAbortSignal {
  readonly aborted: boolean;
  /** Calls `listener` once when the page is left (at once if it already was); returns a function that removes it. */
  onAbort(listener: () => void): () => void;
}

/**
 * Everything the engine needs from the platform. The worker host (src/runtime/host) provides
 * it from Worker globals; tests provide it under Node. The engine holds no other reference to
 * the platform, so user code can reach the platform only through what this interface exposes.
 */
export interface RuntimeHost {
  /** Posts a message to the main thread. */
  send(message: WorkerToMain): void;
  /**
   * Performs an HTTP request; must never attach credentials. Rejects with an Error on network
   * failure, or when `signal` aborts: the engine passes its page's signal, aborted when the page
   * is left, so the request is really cancelled (connection closed), not just ignored.
   */
  fetch(request: HostFetchRequest, signal?: HostAbortSignal): Promise<HostFetchResponse>;
  setInterval(callback: () => void, ms: number): unknown;
  clearInterval(handle: unknown): void;
  /** Base for relative `fetch` URLs (the worker's location). */
  baseUrl: string;
}
