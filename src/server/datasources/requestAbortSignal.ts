import type { FastifyReply, FastifyRequest } from 'fastify';

/**
 * A signal that aborts when the client goes away before the response is sent (it closed the
 * connection, e.g. the Cancel button aborted its fetch), so that a driver can stop the work:
 * cancel the statement, abort the outgoing request.
 */
export function requestAbortSignal(request: FastifyRequest, reply: FastifyReply): AbortSignal {
  const controller = new AbortController();
  // 'close' on the response fires when the response finished OR the connection closed first;
  // only the second is a cancel. (The request's own 'close' fires once its body was read.)
  reply.raw.once('close', () => {
    if (!reply.raw.writableFinished) controller.abort();
  });
  // The socket, not the request stream: Node destroys an IncomingMessage once its body was read
  // (autoDestroy), so `request.raw.destroyed` is true on every POST that reaches the handler.
  if (request.raw.socket?.destroyed) controller.abort();
  return controller.signal;
}
