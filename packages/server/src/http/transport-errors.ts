import type { Socket } from 'node:net';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { ApiError, errorEnvelope, type ErrorName } from '../domain/errors.js';

/**
 * Requests that fail before Fastify can route them (a malformed request line, headers too large
 * or too slow) still answer in the `{status, code, message, data}` envelope: Bootpay's SDK hands
 * any body it gets to its caller, so a foreign shape would reach merchant code.
 */
function clientErrorName(code: string | undefined): ErrorName {
  if (code === 'ERR_HTTP_REQUEST_TIMEOUT' || code === 'ERR_HTTP_HEADERS_TIMEOUT') return 'REQUEST_TIMEOUT';
  if (code === 'HPE_HEADER_OVERFLOW') return 'HEADERS_TOO_LARGE';
  return 'MALFORMED_REQUEST';
}

const REASONS: Record<number, string> = {
  400: 'Bad Request',
  408: 'Request Timeout',
  431: 'Request Header Fields Too Large',
};

/** The raw HTTP response for a request Node's parser refused; the connection is closed after it. */
export function clientErrorResponse(code: string | undefined): string {
  const error = new ApiError(clientErrorName(code));
  const body = JSON.stringify(errorEnvelope(error));
  return [
    `HTTP/1.1 ${error.status} ${REASONS[error.status] ?? 'Bad Request'}`,
    'Content-Type: application/json; charset=utf-8',
    `Content-Length: ${Buffer.byteLength(body)}`,
    'Connection: close',
    '',
    body,
  ].join('\r\n');
}

export function handleClientError(error: Error & { code?: string }, socket: Socket): void {
  // A reset connection has no one left to answer.
  if (error.code === 'ECONNRESET' || socket.destroyed) return;
  if (socket.writable) socket.write(clientErrorResponse(error.code));
  socket.destroy();
}

/** Errors Fastify's router meets before any route or hook runs. */
export function frameworkError(error: Error & { code?: string }, _request: FastifyRequest, reply: FastifyReply): void {
  const apiError =
    error.code === 'FST_ERR_MAX_PARAM_LENGTH'
      ? new ApiError('URI_TOO_LONG')
      : new ApiError('MALFORMED_REQUEST', '경로의 퍼센트 인코딩이 올바르지 않습니다.');
  void reply.code(apiError.status).type('application/json; charset=utf-8').send(errorEnvelope(apiError));
}
