import type { Migration } from 'kysely';
import * as core from './0001-core.js';
import * as postgresSearch from './0002-postgres-search.js';
import * as orderWrites from './0003-order-writes.js';
import * as benchIndexes from './0004-bench-indexes.js';
import * as orderCounters from './0005-order-counters.js';
import * as keywordIndex from './0006-keyword-index.js';
import * as keyScopes from './0009-key-scopes.js';
import * as cancellationRequests from './0010-cancellation-requests.js';
import * as subscriptionIndexes from './0011-subscription-indexes.js';
import * as webhooks from './0012-webhooks.js';
import * as operators from './0013-operators.js';
import * as savedViews from './0014-saved-views.js';
import * as buyerSearch from './0015-buyer-search.js';
import * as serverProcesses from './0016-server-processes.js';
import * as tenantKeys from './0017-tenant-keys.js';

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
  '0011-subscription-indexes': subscriptionIndexes,
  '0012-webhooks': webhooks,
  '0013-operators': operators,
  '0014-saved-views': savedViews,
  '0015-buyer-search': buyerSearch,
  '0016-server-processes': serverProcesses,
  '0017-tenant-keys': tenantKeys,
};
