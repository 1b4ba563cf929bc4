import type { FastifyInstance, FastifyRequest } from 'fastify';
import { readingFromPrimary } from '../storage/read-routing.js';
import type { Storage } from '../storage/storage.js';

/** A request with `Jumun-Read-Primary: true` (or `1`) reads from the primary whatever else holds. */
export const READ_PRIMARY_HEADER = 'jumun-read-primary';

const READS = new Set(['GET', 'HEAD']);

function asksForPrimary(request: FastifyRequest): boolean {
  const value = request.headers[READ_PRIMARY_HEADER];
  return value === 'true' || value === '1';
}

/**
 * With read replicas, a caller reads its own writes: a key that made a write request to this
 * process within the replicas' staleness bound reads from the primary, and so does any request
 * that asks for it with the header (for writes made through another server process). Registered
 * in the authenticated scope, after the caller is known.
 */
export function readAfterWrite(app: FastifyInstance, storage: Storage): void {
  const routing = storage.readRouting();
  if (!routing) return;
  const windowMs = routing.staleAtMostMs;
  const lastWrite = new Map<string, number>();
  app.addHook('onRequest', (request, _reply, done) => {
    const key = request.caller?.clientKey;
    const wroteLately = key !== undefined && (lastWrite.get(key) ?? Number.NEGATIVE_INFINITY) > Date.now() - windowMs;
    if (wroteLately || asksForPrimary(request) || !READS.has(request.method)) readingFromPrimary(done);
    else done();
  });
  // Before the answer leaves (onSend), so the caller's next request already finds the mark.
  app.addHook('onSend', async (request) => {
    const key = request.caller?.clientKey;
    if (key === undefined || READS.has(request.method)) return;
    const now = Date.now();
    lastWrite.set(key, now);
    if (lastWrite.size > 10_000) {
      for (const [k, at] of lastWrite) if (at <= now - windowMs) lastWrite.delete(k);
    }
  });
}
