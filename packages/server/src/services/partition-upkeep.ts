import { nowSeconds } from '../domain/timestamps.js';
import type { Storage } from '../storage/storage.js';
import { ensurePartitionsAhead } from './order-partitions.js';

const DAY_MS = 86_400_000;

/**
 * On partitioned orders, the months ahead exist before any order of theirs arrives: created when
 * the server starts and checked again daily (several servers may do so at once; each month is
 * created once). An order of a month without a partition still lands in the default partition.
 */
export async function startPartitionUpkeep(storage: Storage, onCreated: (months: string[]) => void): Promise<{ stop(): void }> {
  // A failure (a lock not had in time, no right to create tables) leaves new orders in the default
  // partition, which still takes them; the next run tries again.
  const upkeep = async () => {
    try {
      const created = await ensurePartitionsAhead(storage, nowSeconds());
      if (created.length > 0) onCreated(created.map((m) => m.month));
    } catch (error) {
      console.error(`creating the order partitions of the months ahead failed (tried again in a day): ${(error as Error).message}`);
    }
  };
  await upkeep();
  const timer = setInterval(() => void upkeep(), DAY_MS);
  timer.unref();
  return { stop: () => clearInterval(timer) };
}
