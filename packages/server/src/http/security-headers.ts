import type { FastifyInstance } from 'fastify';

/**
 * Headers for API responses, which are JSON or CSV and never a page: nothing in them may run,
 * be framed, be sniffed into another type, or leak the URL onward. The console's routes set
 * their own stricter-for-pages policy, which is kept as it is.
 */
const API_HEADERS: Record<string, string> = {
  'content-security-policy': "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'",
  'x-content-type-options': 'nosniff',
  'x-frame-options': 'DENY',
  'referrer-policy': 'no-referrer',
  'cross-origin-resource-policy': 'same-origin',
};

export function securityHeaders(app: FastifyInstance): void {
  app.addHook('onSend', async (_request, reply) => {
    for (const [name, value] of Object.entries(API_HEADERS)) {
      if (!reply.hasHeader(name)) reply.header(name, value);
    }
  });
}
