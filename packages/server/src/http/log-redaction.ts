import type { FastifyRequest } from 'fastify';

/** Query parameters whose values are credentials: a URL is logged with them replaced. */
const SECRET_PARAMETERS = /^(secret_key|client_key|access_token|token|password|authorization)(\[\d*\])?$/i;
const REDACTED = '[REDACTED]';

/** The URL with every credential value in its query string replaced, safe to log. */
export function redactUrl(url: string): string {
  const question = url.indexOf('?');
  if (question < 0) return url;
  const parts = url.slice(question + 1).split('&').map((part) => {
    const equals = part.indexOf('=');
    const rawName = equals < 0 ? part : part.slice(0, equals);
    let name: string;
    try {
      name = decodeURIComponent(rawName.replace(/\+/g, ' '));
    } catch {
      name = rawName;
    }
    return SECRET_PARAMETERS.test(name) && equals >= 0 ? `${rawName}=${REDACTED}` : part;
  });
  return `${url.slice(0, question)}?${parts.join('&')}`;
}

/** Pino's `req` serializer: what Fastify logs by default, with the URL redacted. */
export function requestLogSerializer(request: FastifyRequest) {
  return {
    method: request.method,
    url: redactUrl(request.url),
    host: request.host,
    remoteAddress: request.ip,
    remotePort: request.socket?.remotePort,
  };
}
