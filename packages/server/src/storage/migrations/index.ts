import type { Migration } from 'kysely';
import * as core from './0001-core.js';
import * as benchIndexes from './0004-bench-indexes.js';

/** Every migration, in order. Names are stable: they are recorded in the database. */
export const MIGRATIONS: Record<string, Migration> = {
  '0001-core': core,
  // 0002 (Postgres) and 0003 (order writes) come from their own branches.
  '0004-bench-indexes': benchIndexes,
};
