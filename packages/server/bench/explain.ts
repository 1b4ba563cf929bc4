import { CompiledQuery, type KyselyPlugin, type RootOperationNode } from 'kysely';
import { parseOrderListQuery } from '../src/domain/order-query.js';
import { parseQueryString } from '../src/domain/raw-query.js';
import { countOrders, listOrders } from '../src/storage/order-repository.js';
import type { Storage } from '../src/storage/storage.js';

/** Records the SQL a repository function sends, by running it once through a recording plugin. */
async function captureSql(storage: Storage, work: (s: Storage) => Promise<unknown>): Promise<CompiledQuery[]> {
  const nodes: Array<{ node: RootOperationNode; queryId: { queryId: string } }> = [];
  const recorder: KyselyPlugin = {
    transformQuery: (args) => {
      nodes.push({ node: args.node, queryId: args.queryId });
      return args.node;
    },
    transformResult: async (args) => args.result,
  };
  await work({ ...storage, db: storage.db.withPlugin(recorder), reads: storage.reads.withPlugin(recorder) });
  const executor = storage.reads.getExecutor();
  return nodes.map(({ node, queryId }) => executor.compileQuery(node, queryId));
}

export interface QueryPlan {
  kind: 'count' | 'page';
  sql: string;
  parameters: readonly unknown[];
  plan: string[];
}

/** The database's plan for the endpoint's count and page of a query string. */
export async function explainQuery(storage: Storage, projectId: string, queryString: string, timeZone: string): Promise<QueryPlan[]> {
  const query = parseOrderListQuery(parseQueryString(queryString), timeZone);
  const plans: QueryPlan[] = [];
  for (const [kind, work] of [
    ['count', (s: Storage) => countOrders(s, projectId, query)],
    ['page', (s: Storage) => listOrders(s, projectId, query, query)],
  ] as const) {
    // The last statement: a page with a keyword first asks how many orders it matches.
    const compiled = (await captureSql(storage, work)).at(-1);
    if (!compiled) continue;
    const prefix = storage.dialect.name === 'sqlite' ? 'explain query plan ' : 'explain ';
    const { rows } = await storage.db.executeQuery(CompiledQuery.raw(prefix + compiled.sql, [...compiled.parameters]));
    const plan = (rows as Array<Record<string, unknown>>).map((row) =>
      storage.dialect.name === 'sqlite' ? `${'  '.repeat(depth(rows as never, row))}${String(row.detail)}` : String(row['QUERY PLAN']),
    );
    plans.push({ kind, sql: compiled.sql, parameters: compiled.parameters, plan });
  }
  return plans;
}

/** Nesting depth of a SQLite EXPLAIN QUERY PLAN row (rows point at their parent's id). */
function depth(rows: Array<{ id: number; parent: number }>, row: Record<string, unknown>): number {
  let d = 0;
  let parent = row.parent as number;
  while (parent !== 0 && d < 20) {
    d++;
    parent = rows.find((r) => r.id === parent)?.parent ?? 0;
  }
  return d;
}
