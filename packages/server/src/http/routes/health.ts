import type { FastifyInstance, FastifyReply } from 'fastify';
import { OPERATIONS } from '../../contract/operations.js';
import type { Storage } from '../../storage/storage.js';

/**
 * Probes for a load balancer or an orchestrator:
 * - `/livez`: the process answers (restart it when this fails);
 * - `/readyz`: the database answers and the server is not shutting down (send it traffic);
 * - `/healthz`: the same as `/readyz`, kept for existing monitors.
 * The draining hook answers every route but `/livez` with 503 during shutdown, so `/readyz` says so too.
 */
export function healthRoutes(app: FastifyInstance, storage: Storage): void {
  app.get('/livez', { ...OPERATIONS.live }, async () => ({ status: 'ok' as const }));
  const ready = async (_request: unknown, reply: FastifyReply) => {
    try {
      await storage.ping();
      return { status: 'ok' as const, database: 'ok' as const };
    } catch {
      return reply.code(503).send({ status: 'unavailable', database: 'unreachable' });
    }
  };
  app.get('/readyz', { ...OPERATIONS.ready }, ready);
  app.get('/healthz', { ...OPERATIONS.health }, ready);
}
