import { sql, type RawBuilder } from 'kysely';

/**
 * How each table would be placed on a distributed Postgres (Citus) that shards by project:
 * - `distributed`: tenant data, sharded by `project_id` and co-located with `orders`. Its primary
 *   key, unique indexes and foreign keys to other distributed tables all include `project_id`
 *   (migration 0017), and every query names the project (or says it reads all of them).
 * - `reference`: small tables read before a project is known (a key, a session, an e-mail address
 *   leads to the project), copied whole to every node. They reference no distributed table.
 * - `coordinator`: bookkeeping only the coordinator's migrator reads; left as a local table.
 * The list is in dependency order: every table comes after the tables its foreign keys name.
 */
export type TableClass = 'distributed' | 'reference' | 'coordinator';

export interface TablePlacement {
  table: string;
  placement: TableClass;
  reason: string;
  /** A table that exists only once `jumun migrate --partition-orders monthly` has run. */
  partitionedOnly?: true;
}

/** Every table of the schema, Kysely's own included; test/distribution-keys.test.ts checks the catalog against it. */
export const TABLE_PLACEMENTS: readonly TablePlacement[] = [
  { table: 'kysely_migration', placement: 'coordinator', reason: 'which migrations ran; read by the migrator only' },
  { table: 'kysely_migration_lock', placement: 'coordinator', reason: 'the migrator\'s lock row' },
  { table: 'settings', placement: 'reference', reason: 'a few installation-wide values (hash key, counters\' time zone)' },
  { table: 'projects', placement: 'reference', reason: 'one row per project; every tenant row references it' },
  { table: 'api_keys', placement: 'reference', reason: 'a request is authenticated by its client key before the project is known' },
  { table: 'server_processes', placement: 'reference', reason: 'the serve processes sharing the database, not tenant data' },
  { table: 'operators', placement: 'reference', reason: 'console sign-in finds the account by e-mail alone, unique across projects' },
  { table: 'operator_sessions', placement: 'reference', reason: 'a console request is found by its session cookie\'s hash alone' },
  { table: 'operator_password_links', placement: 'reference', reason: 'a set-password link is found by its token\'s hash alone' },
  { table: 'orders', placement: 'distributed', reason: 'the tenant data itself; the co-location group\'s anchor' },
  { table: 'order_numbers', placement: 'distributed', reason: 'order numbers unique per project once orders are partitioned by month', partitionedOnly: true },
  { table: 'order_products', placement: 'distributed', reason: 'an order\'s lines, read with their order' },
  { table: 'order_status_history', placement: 'distributed', reason: 'an order\'s changes, read with their order' },
  { table: 'order_cancellation_requests', placement: 'distributed', reason: 'an order\'s cancellation requests' },
  { table: 'order_counters', placement: 'distributed', reason: 'a project\'s maintained counts, written with its orders' },
  { table: 'order_names', placement: 'distributed', reason: 'a project\'s distinct order names (keyword index)' },
  { table: 'order_name_grams', placement: 'distributed', reason: 'the pieces of a project\'s order names (keyword index)' },
  { table: 'buyer_groups', placement: 'distributed', reason: 'a project\'s buyer groups' },
  { table: 'buyers', placement: 'distributed', reason: 'a project\'s buyers' },
  { table: 'order_subscriptions', placement: 'distributed', reason: 'a project\'s subscription contracts, joined with its orders' },
  { table: 'idempotency_keys', placement: 'distributed', reason: 'a project\'s write keys, taken in the write\'s transaction' },
  { table: 'webhook_endpoints', placement: 'distributed', reason: 'a project\'s webhook endpoints' },
  { table: 'webhook_events', placement: 'distributed', reason: 'the outbox: written in the transaction of the order change it tells of' },
  { table: 'webhook_deliveries', placement: 'distributed', reason: 'one per event and endpoint, written with the event' },
  { table: 'webhook_attempts', placement: 'distributed', reason: 'a delivery\'s attempts, written with its state' },
  { table: 'audit_log', placement: 'distributed', reason: 'a project\'s audit trail (sign-ins to no known account under project \'\')' },
  { table: 'saved_views', placement: 'distributed', reason: 'a project\'s saved filters' },
];

/** The table every distributed table is co-located with. */
export const COLOCATION_ANCHOR = 'orders';

/**
 * The project of audit entries that belong to none (a sign-in to an address no account has): a
 * distribution column holds no NULL.
 */
export const NO_PROJECT = '';

/** The distribution column of every distributed table. */
export const DISTRIBUTION_COLUMN = 'project_id';

export function placementOf(table: string): TableClass | undefined {
  return TABLE_PLACEMENTS.find((entry) => entry.table === table)?.placement;
}

export function tablesPlaced(placement: TableClass): string[] {
  return TABLE_PLACEMENTS.filter((entry) => entry.placement === placement).map((entry) => entry.table);
}

/**
 * The Citus statements that place every table, in dependency order: reference tables, then the
 * anchor, then the rest; with `partitioned`, also the tables monthly partitions add.
 */
export function citusStatements({ partitioned = false }: { partitioned?: boolean } = {}): string[] {
  const statements: string[] = [];
  for (const { table, placement, reason, partitionedOnly } of TABLE_PLACEMENTS) {
    if (partitionedOnly && !partitioned) continue;
    if (placement === 'reference') statements.push(`select create_reference_table('${table}'); -- ${reason}`);
    if (placement === 'distributed') {
      const colocation = table === COLOCATION_ANCHOR ? `colocate_with => 'none'` : `colocate_with => '${COLOCATION_ANCHOR}'`;
      statements.push(`select create_distributed_table('${table}', '${DISTRIBUTION_COLUMN}', ${colocation}); -- ${reason}`);
    }
  }
  return statements;
}

/**
 * Marks a statement that reads or writes the rows of every project on purpose (the webhook worker
 * claiming due deliveries, retention purges, maintenance): an SQL comment that a distributed
 * database runs across all shards anyway, and that the distribution test tells apart from a
 * query that forgot its project.
 */
export function allProjects(reason: string): RawBuilder<unknown> {
  return sql.raw(`/* all projects: ${reason.replaceAll('*/', '')} */`);
}
