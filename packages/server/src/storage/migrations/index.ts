import type { Migration } from 'kysely';
import * as core from './0001-core.js';
import * as postgresSearch from './0002-postgres-search.js';
import * as orderWrites from './0003-order-writes.js';
import * as benchIndexes from './0004-bench-indexes.js';
import * as orderCounters from './0005-order-counters.js';
import * as keywordIndex from './0006-keyword-index.js';
import * as keyScopes from './0009-key-scopes.js';
import * as cancellationRequests from './0010-cancellation-requests.js';

/** Every migration, in order. Names are stable: they are recorded in the database. */
export const MIGRATIONS: Record<string, Migration> = {
  '0001-core': core,
  '0002-postgres-search': postgresSearch,
  '0003-order-writes': orderWrites,
  '0004-bench-indexes': benchIndexes,
  '0005-order-counters': orderCounters,
  '0006-keyword-index': keywordIndex,
  '0009-key-scopes': keyScopes,
  '0010-cancellation-requests': cancellationRequests,
};
