import { demoOrders, demoReferenceData } from '../demo/generate.js';
import { insertOrders } from '../storage/order-repository.js';
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
  let storing: Promise<void> = Promise.resolve();
  // The next batch is generated while the database stores the previous one (Postgres works in its
  // own process; SQLite's inserts are synchronous and simply run one after the other).
  try {
    for (const batch of demoOrders(options, reference, 5_000)) {
      await storing;
      storing = insertOrders(storage, batch).then(() => {
        inserted += batch.length;
        request.onProgress?.(inserted, request.orders);
      });
    }
    await storing;
  } catch (error) {
    // The same seed makes the same order ids: the first batch already meets them.
    if (isUniqueViolation(error)) throw new DemoDataExistsError(request.projectName, request.seed);
    throw error;
  }
  await storage.refreshStatistics();
  return inserted;
}
