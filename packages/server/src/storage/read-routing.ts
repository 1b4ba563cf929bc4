import { AsyncLocalStorage } from 'node:async_hooks';

/**
 * Whether the reads made in the current request must see the primary's latest writes: set for a
 * caller who wrote moments ago or asked for it (http/read-after-write.ts). Reads outside such a
 * context may go to a replica when replicas are configured (replica-set.ts).
 */
const primaryOnly = new AsyncLocalStorage<boolean>();

/** Runs `work` (and everything it starts) with its reads kept on the primary. */
export function readingFromPrimary<T>(work: () => T): T {
  return primaryOnly.run(true, work);
}

export function mustReadPrimary(): boolean {
  return primaryOnly.getStore() === true;
}
