import { nowSeconds } from '../domain/timestamps.js';
import type { Storage } from '../storage/storage.js';
import { ensurePartitionsAhead } from './order-partitions.js';

const DAY_MS = 86_400_000;

/**
 * On partitioned orders, the months ahead exist before any order of theirs arrives: created when
 * the server starts and checked again daily (several servers may do so at once; each month is
 * created once). An order of a month without a partition still lands in the default partition.
 */
export interface PartitionUpkeepEvents {
  created(months: string[]): void;
  failed(message: string): void;
}

export async function startPartitionUpkeep(storage: Storage, events: PartitionUpkeepEvents): Promise<{ stop(): void }> {
  // A failure (a lock not had in time, no right to create tables) leaves new orders in the default
  // partition, which still takes them; the next run tries again.
  const upkeep = async () => {
    try {
      const created = await ensurePartitionsAhead(storage, nowSeconds());
      if (created.length > 0) events.created(created.map((m) => m.month));
    } catch (error) {
      events.failed((error as Error).message);
    }
  };
  await upkeep();
  const timer = setInterval(() => void upkeep(), DAY_MS);
  timer.unref();
  return { stop: () => clearInterval(timer) };
}
