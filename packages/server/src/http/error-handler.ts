import type { FastifyError, FastifyInstance, FastifyReply } from 'fastify';
import { ApiError, ERRORS, errorEnvelope } from '../domain/errors.js';
import { isStorageUnavailable } from '../storage/storage-unavailable.js';
import { validationError } from './validation-error.js';

export function sendError(reply: FastifyReply, error: ApiError): FastifyReply {
  return reply
    .code(error.status)
    .type('application/json; charset=utf-8')
    .send(errorEnvelope(error));
}

function fromFastifyError(error: FastifyError): ApiError | null {
  if (error.validation) return validationError(error.validation[0], error.validationContext);
  if (error.statusCode === 413) return new ApiError('PAYLOAD_TOO_LARGE');
  if (error.statusCode === 415) return new ApiError('INVALID_BODY', '요청 본문은 application/json 이어야 합니다.');
  if (error.statusCode === 400) return new ApiError('INVALID_BODY', `요청 본문이 올바르지 않습니다: ${error.message}`);
  return null;
}

/** Renders every error in the `{status, code, message, data}` envelope. */
export function installErrorHandling(app: FastifyInstance): void {
  app.setErrorHandler((error: FastifyError, request, reply) => {
    if (error instanceof ApiError) return sendError(reply, error);
    const known = fromFastifyError(error);
    if (known) return sendError(reply, known);
    if (isStorageUnavailable(error)) {
      request.log.warn({ err: { message: error.message, code: error.code } }, 'storage unavailable');
      return sendError(reply, new ApiError('STORAGE_UNAVAILABLE', undefined, { request_id: request.id }));
    }
    request.log.error({ err: error }, 'unhandled error');
    return sendError(
      reply,
      new ApiError('INTERNAL', `${ERRORS.INTERNAL.message} (request id: ${request.id})`, { request_id: request.id }),
    );
  });
  app.setNotFoundHandler((request, reply) =>
    sendError(reply, new ApiError('ROUTE_NOT_FOUND', `${ERRORS.ROUTE_NOT_FOUND.message} (${request.method} ${request.url.split('?')[0]})`)),
  );
}
