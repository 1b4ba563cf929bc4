import { expressionBuilder, sql, type Expression, type ExpressionBuilder, type Kysely, type SelectQueryBuilder, type SqlBool } from 'kysely';
import { characterCount, foldCase, ID_PREFIX_MIN_LENGTH, keywordGramLookup, prefixUpperBound } from '../domain/keyword.js';
import type { DialectCapabilities } from './dialect.js';
import type { Database } from './schema.js';

type OrdersBuilder = ExpressionBuilder<Database, 'orders'>;
/** Builds subqueries that refer to no outer table. */
type SubqueryBuilder = ExpressionBuilder<Database, never>;
type IdColumn = 'order_id' | 'order_number' | 'receipt_id';

/**
 * How a keyword joins the rest of the filter (both select the same orders):
 * - `index-or`: one OR whose every branch an index serves (the name index, the order id key, the
 *   number and receipt indexes). Counts combine the branches' index scans (SQLite's multi-index
 *   OR, Postgres' BitmapOr); a page walks the list's order and tests each row, which is quick
 *   when matches are common.
 * - `id-set`: `order_id IN (each branch's matches, UNION ALL)`. A page fetches exactly the
 *   matches and sorts them, which is quick when they are few (KeywordPlan.few).
 */
export type KeywordForm = 'index-or' | 'id-set';

/** The project's names containing the keyword: candidates from the pieces index, then checked. */
function matchingNames(eb: SubqueryBuilder, projectId: string, keyword: string, dialect: DialectCapabilities) {
  const folded = foldCase(keyword);
  const lookup = keywordGramLookup(folded);
  const grams = () => eb.selectFrom('order_name_grams').select('order_name_grams.name_key').where('order_name_grams.project_id', '=', projectId);
  let keys: ReturnType<typeof grams>;
  if (lookup.kind === 'starts') {
    const upper = prefixUpperBound(lookup.character);
    keys = grams().where('order_name_grams.gram', '>=', lookup.character);
    if (upper !== null) keys = keys.where('order_name_grams.gram', '<', upper);
  } else {
    const [first, ...rest] = lookup.grams;
    keys = grams().where('order_name_grams.gram', '=', first!);
    for (const gram of rest) keys = keys.intersect(grams().where('order_name_grams.gram', '=', gram));
  }
  return eb
    .selectFrom('order_names')
    .select('order_names.order_name')
    .where('order_names.project_id', '=', projectId)
    .where(dialect.inSelected('order_names.name_key', keys))
    .where(dialect.containsExactly('order_names.folded_name', folded));
}

/**
 * Id columns the keyword can match, and how: a prefix of 4+ characters, else only the full value.
 * Ids are lowercase hex and order numbers digits; a keyword of another shape cannot match them.
 */
function idMatches(keyword: string): Array<{ column: IdColumn; value: string }> {
  const matches: Array<{ column: IdColumn; value: string }> = [];
  if (/^[0-9a-f]+$/i.test(keyword)) matches.push({ column: 'order_id', value: keyword.toLowerCase() });
  if (/^\d+$/.test(keyword)) matches.push({ column: 'order_number', value: keyword });
  matches.push({ column: 'receipt_id', value: keyword });
  return matches;
}

/**
 * `column` equals `value`, or (`prefix`) starts with it as a range that the column's B-tree index
 * serves. The range means
 * "starts with" because both databases compare these columns byte by byte: SQLite by default, and
 * Postgres because migration 0002 makes them COLLATE "C".
 */
function idCondition(eb: OrdersBuilder, column: IdColumn, value: string, prefix: boolean): Expression<SqlBool> {
  if (!prefix) return eb(column, '=', value);
  const upper = prefixUpperBound(value);
  return upper === null ? eb(column, '>=', value) : eb.and([eb(column, '>=', value), eb(column, '<', upper)]);
}

export type KeywordBranch = 'name' | IdColumn;

/**
 * What the indexes say about a keyword before the real query runs, so that query leaves out the
 * branches that match nothing (an OR that is left with one branch is a plain index condition,
 * which lets Postgres count from the index alone) and a page picks its KeywordForm.
 */
export interface KeywordPlan {
  /** The branches with at least one match in the project. */
  branches: readonly KeywordBranch[];
  /** At most `fewMatches` orders match the keyword (the other filters aside). */
  few: boolean;
}

interface Branch {
  kind: KeywordBranch;
  condition(eb: OrdersBuilder): Expression<SqlBool>;
  /** The ids of the branch's orders, from the branch's own index. */
  ids(eb: SubqueryBuilder): SelectQueryBuilder<Database, 'orders', { order_id: string }>;
}

function keywordBranches(projectId: string, keyword: string, dialect: DialectCapabilities): Branch[] {
  const prefix = characterCount(keyword) >= ID_PREFIX_MIN_LENGTH;
  const names = (eb: SubqueryBuilder) => matchingNames(eb, projectId, keyword, dialect);
  const byName: Branch = {
    kind: 'name',
    condition: () => dialect.inSelected('orders.order_name', names(expressionBuilder<Database, never>())),
    ids: (eb) =>
      eb.selectFrom('orders').select('orders.order_id')
        .where('orders.project_id', '=', projectId)
        .where(dialect.inSelected('orders.order_name', names(eb))),
  };
  const byId = idMatches(keyword).map(({ column, value }): Branch => ({
    kind: column,
    condition: (eb) => idCondition(eb, column, value, prefix),
    ids: (eb) => {
      const branch = eb.selectFrom('orders').select('orders.order_id').where((inner) => idCondition(inner, column, value, prefix));
      // The order id is the key itself: the project rides along without steering SQLite off it.
      return column === 'order_id'
        ? branch.where(dialect.projectBesideKey('orders.project_id', projectId))
        : branch.where('orders.project_id', '=', projectId);
    },
  }));
  return [byName, ...byId];
}

/** The orders of the project that the keyword matches, as a condition on `orders`. */
export function keywordCondition(
  eb: OrdersBuilder,
  projectId: string,
  keyword: string,
  dialect: DialectCapabilities,
  plan: KeywordPlan | undefined,
  form: KeywordForm,
): Expression<SqlBool> {
  const branches = keywordBranches(projectId, keyword, dialect).filter((b) => !plan || plan.branches.includes(b.kind));
  if (branches.length === 0) return sql<SqlBool>`1 = 0`;
  if (form === 'index-or') return eb.or(branches.map((b) => b.condition(eb)));
  const sub = expressionBuilder<Database, never>();
  const [first, ...rest] = branches.map((b) => b.ids(sub));
  return eb('order_id', 'in', rest.reduce((all, ids) => all.unionAll(ids), first!));
}

/**
 * One statement that finds the KeywordPlan: each branch's matches counted up to `fewMatches` + 1
 * (so at most that many index entries each), one row per branch.
 */
export function keywordPlanQuery(db: Kysely<Database>, projectId: string, keyword: string, dialect: DialectCapabilities, fewMatches: number) {
  const eb = expressionBuilder<Database, never>();
  const counted = keywordBranches(projectId, keyword, dialect).map((b, i) =>
    eb.selectFrom(b.ids(eb).limit(fewMatches + 1).as(`b${i}`))
      .select((inner) => [sql.lit(b.kind).as('kind'), inner.fn.countAll<number>().as('matches')]));
  return db.selectFrom(counted.slice(1).reduce((union, next) => union.unionAll(next), counted[0]!).as('branches'))
    .select(['kind', 'matches']);
}
