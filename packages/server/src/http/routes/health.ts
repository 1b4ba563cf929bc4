import type { FastifyInstance } from 'fastify';
import { sql } from 'kysely';
import { OPERATIONS } from '../../contract/operations.js';
import type { Storage } from '../../storage/storage.js';

/** `/healthz`: the process is up and the database answers. */
export function healthRoutes(app: FastifyInstance, storage: Storage): void {
  app.get('/healthz', { ...OPERATIONS.health }, async (_request, reply) => {
    try {
      await sql`select 1`.execute(storage.db);
      return { status: 'ok', database: 'ok' };
    } catch {
      return reply.code(503).send({ status: 'unavailable', database: 'unreachable' });
    }
  });
}
