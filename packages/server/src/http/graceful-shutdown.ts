import type { FastifyInstance } from 'fastify';

/**
 * Stops a server within a bounded time: new requests are answered 503 (the draining hook),
 * the listener closes, in-flight requests may finish until the grace period ends, and then
 * every connection still open is cut, so a slow client cannot hold the shutdown.
 * Resolves with true when everything finished in time.
 */
export async function shutDownGracefully(app: FastifyInstance, graceMs: number): Promise<boolean> {
  app.lifecycle.draining = true;
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<false>((resolve) => {
    timer = setTimeout(() => {
      app.server.closeAllConnections();
      resolve(false);
    }, graceMs);
  });
  const closed = app.close().then(() => true as const);
  const inTime = await Promise.race([closed, deadline]);
  clearTimeout(timer);
  // After the cut, Fastify's onClose hooks still run to the end.
  if (!inTime) await closed;
  return inTime;
}
