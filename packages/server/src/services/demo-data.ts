import { demoOrders, demoReferenceData, type DemoOptions } from '../demo/generate.js';
import { demoHistoryRows } from '../demo/history.js';
import type { OrderWithProducts } from '../domain/order.js';
import { withIndexesDeferred } from '../storage/deferred-indexes.js';
import { orderTables } from '../storage/order-repository.js';
import { upsertReferenceData } from '../storage/reference-repository.js';
import type { Storage } from '../storage/storage.js';
import { isUniqueViolation } from '../storage/write-conflicts.js';
import { ensureProject } from './projects.js';

export interface DemoDataRequest {
  projectName: string;
  orders: number;
  seed: number;
  now: number;
  timeZone: string;
  onProgress?: (inserted: number, total: number) => void;
}

/** The demo orders of this seed are in the project already: loading them again would double them. */
export class DemoDataExistsError extends Error {
  constructor(readonly projectName: string, readonly seed: number) {
    super(`demo orders of seed ${seed} are already in project '${projectName}'`);
  }
}

/** Orders per transaction: large enough that commits cost little, small enough to stay in cache. */
const ORDERS_PER_BATCH = 5_000;

/** Loads deterministic demo orders into a project (created when new); returns how many. */
export async function loadDemoData(storage: Storage, request: DemoDataRequest): Promise<number> {
  const { onProgress, ...project } = request;
  return loadDemoProjects(storage, [project], onProgress);
}

/**
 * Loads demo orders into several projects at once, interleaved in time as a shared database
 * holds them: each transaction takes every project's next orders in proportion to its size, so
 * all projects advance through the 13 months together. Each project's orders are exactly those
 * `loadDemoData` would give it alone. Returns how many orders were inserted.
 */
export async function loadDemoProjects(
  storage: Storage,
  projects: ReadonlyArray<Omit<DemoDataRequest, 'onProgress'>>,
  onProgress?: (inserted: number, total: number) => void,
): Promise<number> {
  const total = projects.reduce((sum, p) => sum + p.orders, 0);
  const generators: Array<Iterator<OrderWithProducts[]>> = [];
  for (const request of projects) {
    const project = await ensureProject(storage, request.projectName);
    const options: DemoOptions = { projectId: project.project_id, orders: request.orders, seed: request.seed, now: request.now, timeZone: request.timeZone };
    const reference = demoReferenceData(options);
    await upsertReferenceData(storage, project.project_id, reference);
    const share = Math.max(1, Math.round((ORDERS_PER_BATCH * request.orders) / Math.max(1, total)));
    generators.push(demoOrders(options, reference, share));
  }
  let inserted = 0;
  try {
    await withIndexesDeferred(storage, async () => {
      let storing: Promise<void> = Promise.resolve();
      // The next batch is generated while the database stores the previous one (Postgres works in
      // its own process; SQLite's inserts are synchronous and simply run one after the other).
      for (;;) {
        const batch: OrderWithProducts[] = [];
        for (const generator of generators) {
          const next = generator.next();
          if (!next.done) batch.push(...next.value);
        }
        if (batch.length === 0) break;
        await storing;
        storing = insertDemoBatch(storage, batch, projects[0]!.now).then(() => {
          inserted += batch.length;
          onProgress?.(inserted, total);
        });
        storing.catch(() => {});
      }
      await storing;
    });
  } catch (error) {
    // The same seed makes the same order ids: the first batch already meets them.
    const [only] = projects;
    if (isUniqueViolation(error) && only && projects.length === 1) throw new DemoDataExistsError(only.projectName, only.seed);
    throw error;
  }
  await storage.refreshStatistics();
  return inserted;
}

/** A batch of demo orders with their status history, in one transaction. */
async function insertDemoBatch(storage: Storage, orders: readonly OrderWithProducts[], now: number): Promise<void> {
  await storage.bulkInsert([
    ...orderTables(orders),
    { table: 'order_status_history', rows: demoHistoryRows(orders, now) },
  ]);
}
