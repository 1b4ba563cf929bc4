import { expressionBuilder, sql, type Expression, type ExpressionBuilder, type SqlBool } from 'kysely';
import { characterCount, foldCase, ID_PREFIX_MIN_LENGTH, keywordGramLookup, prefixUpperBound } from '../domain/keyword.js';
import type { DialectCapabilities } from './dialect.js';
import type { Database } from './schema.js';

type OrdersBuilder = ExpressionBuilder<Database, 'orders'>;
/** Builds subqueries that refer to no outer table. */
type SubqueryBuilder = ExpressionBuilder<Database, never>;
type IdColumn = 'order_id' | 'order_number' | 'receipt_id';

/**
 * How a keyword joins the rest of the filter:
 * - `index-or`: one OR whose every branch an index serves (the name index, the order id key, the
 *   number and receipt indexes). Counts combine the branches' index scans (SQLite's multi-index
 *   OR, Postgres' BitmapOr); a page walks the list's order and tests each row, which is quick
 *   when matches are common.
 * - `id-set`: `order_id IN (each branch's matches, UNION ALL)`. A page fetches exactly the
 *   matches and sorts them, which is quick when they are few (see keywordMatchesAtMost).
 * Both select the same orders.
 */
export type KeywordForm = 'index-or' | 'id-set';

/** The project's names containing the keyword: candidates from the pieces index, then checked. */
function matchingNames(eb: SubqueryBuilder, projectId: string, keyword: string, dialect: DialectCapabilities) {
  const folded = foldCase(keyword);
  const lookup = keywordGramLookup(folded);
  const grams = () => eb.selectFrom('order_name_grams').select('order_name_grams.name_key').where('order_name_grams.project_id', '=', projectId);
  let keys;
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
    .where('order_names.name_key', 'in', keys)
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
 * `column` starts with `prefix`, as a range so the column's B-tree index serves it. The range means
 * "starts with" because both databases compare these columns byte by byte: SQLite by default, and
 * Postgres because migration 0002 makes them COLLATE "C".
 */
function idCondition(eb: OrdersBuilder, column: IdColumn, value: string, prefix: boolean): Expression<SqlBool> {
  if (!prefix) return eb(column, '=', value);
  const upper = prefixUpperBound(value);
  return upper === null ? eb(column, '>=', value) : eb.and([eb(column, '>=', value), eb(column, '<', upper)]);
}

/** The orders of the project that the keyword matches, as a condition on `orders`. */
export function keywordCondition(
  eb: OrdersBuilder,
  projectId: string,
  keyword: string,
  dialect: DialectCapabilities,
  form: KeywordForm,
): Expression<SqlBool> {
  const prefix = characterCount(keyword) >= ID_PREFIX_MIN_LENGTH;
  const names = matchingNames(expressionBuilder<Database, never>(), projectId, keyword, dialect);
  const ids = idMatches(keyword);
  if (form === 'index-or') {
    return eb.or([
      dialect.inSelected('order_name', names),
      ...ids.map(({ column, value }) => idCondition(eb, column, value, prefix)),
    ]);
  }
  return eb('order_id', 'in', keywordMatchIds(expressionBuilder<Database, never>(), projectId, keyword, dialect));
}

/** Ids of the orders the keyword matches, each branch from its own index, UNION ALL. */
function keywordMatchIds(eb: SubqueryBuilder, projectId: string, keyword: string, dialect: DialectCapabilities) {
  const prefix = characterCount(keyword) >= ID_PREFIX_MIN_LENGTH;
  const byName = eb
    .selectFrom('orders')
    .select('orders.order_id')
    .where('orders.project_id', '=', projectId)
    .where(dialect.inSelected('orders.order_name', matchingNames(eb, projectId, keyword, dialect)));
  let all = byName;
  for (const { column, value } of idMatches(keyword)) {
    // order_id is unique across projects: its key alone serves it; the outer filter checks the project.
    let branch = eb.selectFrom('orders').select('orders.order_id').where((inner) => idCondition(inner, column, value, prefix));
    if (column !== 'order_id') branch = branch.where('orders.project_id', '=', projectId);
    all = all.unionAll(branch);
  }
  return all;
}

/**
 * Whether the keyword matches at most `limit` orders of the project, whatever the other filters;
 * reads at most limit + 1 index entries.
 */
export function keywordMatchesAtMostSql(projectId: string, keyword: string, dialect: DialectCapabilities, limit: number) {
  const eb = expressionBuilder<Database, never>();
  const ids = keywordMatchIds(eb, projectId, keyword, dialect);
  return eb
    .selectFrom(eb.selectFrom(ids.as('matches')).select(sql.lit(1).as('one')).limit(limit + 1).as('first_matches'))
    .select((inner) => inner.fn.countAll<number>().as('n'));
}
