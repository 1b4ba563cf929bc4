import type { FastifyInstance } from 'fastify';
import type { Storage } from '../../storage/storage.js';

/** `/healthz`: the process is up and the database answers (even while every read slot is busy). */
export function healthRoutes(app: FastifyInstance, storage: Storage): void {
  app.get('/healthz', async (_request, reply) => {
    try {
      await storage.ping();
      return { status: 'ok', database: 'ok' };
    } catch {
      return reply.code(503).send({ status: 'unavailable', database: 'unreachable' });
    }
  });
}
