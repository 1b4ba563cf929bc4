import { createHash, timingSafeEqual } from 'node:crypto';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { collectDefaultMetrics, Gauge, Histogram, Registry } from 'prom-client';
import { ApiError } from '../domain/errors.js';
import type { Storage } from '../storage/storage.js';

const digest = (text: string) => createHash('sha256').update(text).digest();

/** `Authorization: Bearer <token>`, compared in constant time. */
function presentsToken(request: FastifyRequest, token: string): boolean {
  const header = request.headers.authorization ?? '';
  const given = header.startsWith('Bearer ') ? header.slice('Bearer '.length) : '';
  return timingSafeEqual(digest(given), digest(token));
}

function registryFor(app: FastifyInstance, storage: Storage): Registry {
  const registry = new Registry();
  // Process metrics, event-loop lag (nodejs_eventloop_lag_*) and GC among them.
  collectDefaultMetrics({ register: registry });

  const requests = new Histogram({
    name: 'jumun_http_request_duration_seconds',
    help: 'HTTP requests by route pattern, method and status code',
    labelNames: ['method', 'route', 'status_code'],
    buckets: [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
    registers: [registry],
  });
  app.addHook('onResponse', async (request, reply) => {
    // The route's pattern (`/v1/orders/:order_id`), never the raw URL: a bounded set of labels.
    const route = request.routeOptions.url ?? 'unmatched';
    requests.observe({ method: request.method, route, status_code: String(reply.statusCode) }, reply.elapsedTime / 1000);
  });

  const queries = new Histogram({
    name: 'jumun_db_query_duration_seconds',
    help: 'Database statements by kind (the SQL verb) and outcome',
    labelNames: ['kind', 'outcome'],
    buckets: [0.0005, 0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 30],
    registers: [registry],
  });
  const stopObserving = storage.onQuery((event) =>
    queries.observe({ kind: event.kind, outcome: event.failed ? 'error' : 'ok' }, event.seconds),
  );
  app.addHook('onClose', async () => stopObserving());

  new Gauge({
    name: 'jumun_db_pool_connections',
    help: 'Database connections: open (size) and running a statement (busy)',
    labelNames: ['state'],
    registers: [registry],
    collect() {
      const stats = storage.poolStats();
      this.set({ state: 'size' }, stats.size);
      this.set({ state: 'busy' }, stats.busy);
    },
  });
  new Gauge({
    name: 'jumun_db_pool_waiting',
    help: 'Requests waiting for a free database connection',
    registers: [registry],
    collect() {
      this.set(storage.poolStats().waiting);
    },
  });
  replicaMetrics(registry, storage);
  return registry;
}

/** Read replicas: each one's lag and whether it takes reads, and where reads went. */
function replicaMetrics(registry: Registry, storage: Storage): void {
  if (!storage.readRouting()) return;
  new Gauge({
    name: 'jumun_db_replica_lag_milliseconds',
    help: 'How far each read replica was behind the primary at its last check (an upper bound; -1 when unknown)',
    labelNames: ['replica'],
    registers: [registry],
    collect() {
      for (const state of storage.readRouting()?.replicas ?? []) this.set({ replica: state.replica }, state.lagMs ?? -1);
    },
  });
  new Gauge({
    name: 'jumun_db_replica_in_use',
    help: 'Whether each read replica takes reads (1) or is skipped (0): down, not a standby, or lagging',
    labelNames: ['replica'],
    registers: [registry],
    collect() {
      for (const state of storage.readRouting()?.replicas ?? []) this.set({ replica: state.replica }, state.inUse ? 1 : 0);
    },
  });
  new Gauge({
    name: 'jumun_db_reads_total',
    help: 'Connections handed to reads since the server started, by where they went (primary or replica)',
    labelNames: ['target'],
    registers: [registry],
    collect() {
      const reads = storage.readRouting()?.reads;
      if (!reads) return;
      this.set({ target: 'primary' }, reads.primary);
      this.set({ target: 'replica' }, reads.replica);
    },
  });
}

/**
 * `GET /metrics` in Prometheus's text format, only when a token is configured
 * (JUMUN_METRICS_TOKEN) and only for `Authorization: Bearer <token>`; without a token the
 * route does not exist (404), so nothing about the service is exposed by default.
 */
export function metricsRoutes(app: FastifyInstance, storage: Storage, token: string | null): void {
  if (token === null) return;
  const registry = registryFor(app, storage);
  app.get('/metrics', async (request, reply) => {
    if (!presentsToken(request, token)) throw new ApiError('AUTH_FAILED');
    return reply.type(registry.contentType).header('cache-control', 'no-store').send(await registry.metrics());
  });
}
