import { demoOrders, demoReferenceData } from '../demo/generate.js';
import { insertOrders } from '../storage/order-repository.js';
import { withIndexesDeferred } from '../storage/deferred-indexes.js';
import { upsertReferenceData } from '../storage/reference-repository.js';
import type { Storage } from '../storage/storage.js';
import { ensureProject } from './projects.js';

export interface DemoDataRequest {
  projectName: string;
  orders: number;
  seed: number;
  now: number;
  timeZone: string;
  onProgress?: (inserted: number, total: number) => void;
}

/** Loads deterministic demo orders into a project (created when new); returns how many. */
export async function loadDemoData(storage: Storage, request: DemoDataRequest): Promise<number> {
  const project = await ensureProject(storage, request.projectName);
  const options = {
    projectId: project.project_id,
    orders: request.orders,
    seed: request.seed,
    now: request.now,
    timeZone: request.timeZone,
  };
  const reference = demoReferenceData(options);
  await upsertReferenceData(storage, project.project_id, reference);
  let inserted = 0;
  await withIndexesDeferred(storage, async () => {
    let storing: Promise<void> = Promise.resolve();
    // The next batch is generated while the database stores the previous one (Postgres works in
    // its own process; SQLite's inserts are synchronous and simply run one after the other).
    for (const batch of demoOrders(options, reference, 5_000)) {
      await storing;
      storing = insertOrders(storage, batch).then(() => {
        inserted += batch.length;
        request.onProgress?.(inserted, request.orders);
      });
    }
    await storing;
  });
  await storage.refreshStatistics();
  return inserted;
}
