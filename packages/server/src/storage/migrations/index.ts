import type { Migration } from 'kysely';
import * as core from './0001-core.js';

/** Every migration, in order. Names are stable: they are recorded in the database. */
export const MIGRATIONS: Record<string, Migration> = {
  '0001-core': core,
};
