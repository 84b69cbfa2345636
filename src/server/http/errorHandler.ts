import type { FastifyError, FastifyInstance, FastifyReply } from 'fastify';
import { hasZodFastifySchemaValidationErrors, isResponseSerializationError } from 'fastify-type-provider-zod';
import { ZodError } from 'zod';
import type { ApiErrorBody, ErrorCode } from '../../shared/errors';
import { HttpError } from './httpError';

/**
 * One error handler and one not-found handler for the whole server. Every error reaches the
 * client as `{ code, message }`; unexpected ones become a generic 500 whose details go only
 * to the server log, never a stack trace.
 */
export function registerErrorHandling(app: FastifyInstance): void {
  app.setErrorHandler((error: FastifyError, request, reply) => {
    const { status, body } = toApiError(error);
    if (status >= 500) {
      request.log.error({ err: error }, 'request failed');
    } else {
      request.log.info({ code: body.code, status }, 'request refused');
    }
    return sendError(reply, status, body);
  });

  app.setNotFoundHandler((request, reply) => {
    const body: ApiErrorBody = { code: 'not_found', message: `no route ${request.method} ${request.url.split('?')[0] ?? ''}` };
    return sendError(reply, 404, body);
  });
}

function sendError(reply: FastifyReply, status: number, body: ApiErrorBody): FastifyReply {
  // A 500 raised after a route set its own headers must not leak them (e.g. content-disposition).
  return reply.code(status).type('application/json; charset=utf-8').send(body);
}

function toApiError(error: FastifyError): { status: number; body: ApiErrorBody } {
  if (error instanceof HttpError) {
    return { status: error.status, body: { code: error.code, message: error.message } };
  }
  if (hasZodFastifySchemaValidationErrors(error)) {
    const where = error.validationContext ?? 'request';
    const details = error.validation.map((issue) => describeIssue(issue.instancePath, issue.message ?? 'is invalid')).join('; ');
    return badRequest(`invalid ${where}: ${details}`);
  }
  if (error instanceof ZodError) {
    return badRequest(`invalid request: ${error.issues.map((issue) => describeIssue(issue.path.join('.'), issue.message)).join('; ')}`);
  }
  if (isResponseSerializationError(error)) {
    return internal();
  }
  const code = error.code;
  if (code === 'FST_ERR_CTP_BODY_TOO_LARGE' || error.statusCode === 413) {
    return { status: 413, body: { code: 'payload_too_large', message: 'the request body is too large' } };
  }
  if (code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE' || code === 'FST_ERR_CTP_EMPTY_JSON_BODY' || code === 'FST_ERR_CTP_INVALID_CONTENT_LENGTH') {
    return badRequest(error.message);
  }
  if (error instanceof SyntaxError && error.statusCode === 400) {
    return badRequest('the request body is not valid JSON');
  }
  if (error.validation) {
    return badRequest(error.message);
  }
  const status = error.statusCode;
  if (typeof status === 'number' && status >= 400 && status < 500) {
    // Fastify's own client errors (bad content type, malformed URL, ...): their messages are safe.
    return { status, body: { code: codeForStatus(status), message: error.message } };
  }
  return internal();
}

function describeIssue(path: string, message: string): string {
  const field = path.replace(/^\//, '').replaceAll('/', '.');
  return field ? `${field}: ${message}` : message;
}

function badRequest(message: string): { status: number; body: ApiErrorBody } {
  return { status: 400, body: { code: 'bad_request', message } };
}

function internal(): { status: number; body: ApiErrorBody } {
  return { status: 500, body: { code: 'internal', message: 'Something went wrong on the server. The details are in the server log.' } };
}

function codeForStatus(status: number): ErrorCode {
  switch (status) {
    case 401: return 'unauthenticated';
    case 403: return 'forbidden';
    case 404: return 'not_found';
    case 409: return 'conflict';
    case 413: return 'payload_too_large';
    case 429: return 'rate_limited';
    default: return 'bad_request';
  }
}
