import type { FastifyReply, FastifyRequest } from 'fastify';
import type { CancelSignal } from './CancelSignal';

/**
 * A signal that aborts when the client goes away before the response is sent (it closed the
 * connection, e.g. the Cancel button aborted its fetch), so that a driver can stop the work:
 * cancel the statement, abort the outgoing request.
 */
export function requestCancelSignal(request: FastifyRequest, reply: FastifyReply): CancelSignal {
  const signal = new ClientGoneSignal();
  // 'close' on the response fires when the response finished OR the connection closed first;
  // only the second is a cancel. (The request's own 'close' fires once its body was read.)
  reply.raw.once('close', () => {
    if (!reply.raw.writableFinished) signal.abort();
  });
  // The socket, not the request stream: Node destroys an IncomingMessage once its body was read
  // (autoDestroy), so `request.raw.destroyed` is true on every POST that reaches the handler.
  if (request.raw.socket?.destroyed) signal.abort();
  return signal;
}

/**
 * A CancelSignal made for one request: a flag and a short list of listeners. Node builds an
 * AbortController's signal as an EventTarget with more machinery than this needs, and on the
 * execute route, which runs it on every request, that was measurable (docs/performance.md).
 * Behaves as AbortSignal does for what drivers use: listeners run once, in the order added, on
 * the first abort; a listener added after the abort never runs (callers check `aborted` first).
 */
export class ClientGoneSignal implements CancelSignal {
  aborted = false;
  private listeners: Array<() => void> = [];

  addEventListener(_type: 'abort', listener: () => void): void {
    if (!this.aborted) this.listeners.push(listener);
  }

  removeEventListener(_type: 'abort', listener: () => void): void {
    const index = this.listeners.indexOf(listener);
    if (index !== -1) this.listeners.splice(index, 1);
  }

  abort(): void {
    if (this.aborted) return;
    this.aborted = true;
    const listeners = this.listeners;
    this.listeners = [];
    for (const listener of listeners) listener();
  }
}
