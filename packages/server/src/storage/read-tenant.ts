import { AsyncLocalStorage } from 'node:async_hooks';

/**
 * The project a read is made for, so the slots it waits for can be shared fairly between
 * projects (fair-slots.ts). Queries made outside `onBehalfOf` (key lookups, the CLI) share one
 * anonymous queue.
 */
const tenant = new AsyncLocalStorage<string>();

export const NO_PROJECT = '';

/** Runs `read` with every query it makes counted against `projectId`'s share of the slots. */
export function onBehalfOf<T>(projectId: string, read: () => Promise<T>): Promise<T> {
  return tenant.run(projectId, read);
}

export function currentProject(): string {
  return tenant.getStore() ?? NO_PROJECT;
}
