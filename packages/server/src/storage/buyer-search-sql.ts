import { sql, type Expression, type ExpressionBuilder, type RawBuilder, type SqlBool } from 'kysely';
import { LAST_DIGITS, lastDigits, PHONE_SEPARATORS } from '../domain/buyer-search.js';
import { prefixUpperBound } from '../domain/keyword.js';
import type { OrderFilter } from '../domain/order-query.js';
import type { DialectCapabilities } from './dialect.js';
import type { Database } from './schema.js';

type OrdersBuilder = ExpressionBuilder<Database, 'orders'>;

/**
 * The buyer search's expressions, written once for the indexes of migration 0015 and for the
 * WHERE clause: a database uses an expression index only for the very same expression. Literals
 * only (an index expression cannot hold a bound parameter).
 */
const folded = (dialect: DialectCapabilities, column: 'username' | 'user_email') => dialect.foldAsciiCase(sql.ref(column));

/** `user_phone` without the separators PHONE_PATTERN allows: its digits. */
function phoneDigits(): RawBuilder<string> {
  let digits: RawBuilder<unknown> = sql.ref('user_phone');
  for (const separator of PHONE_SEPARATORS) digits = sql`replace(${digits}, ${sql.lit(separator)}, '')`;
  return digits as RawBuilder<string>;
}

const phoneLastDigits = (dialect: DialectCapabilities) => dialect.lastCharacters(phoneDigits(), LAST_DIGITS);

/**
 * The buyer indexes, each ending in the list's sort key so an exact match reads its page in order.
 * The phone index leads with the last four digits: a last-four search is its prefix, a whole
 * number its first two columns.
 */
export function buyerIndexes(dialect: DialectCapabilities): Array<{ name: string; create: RawBuilder<unknown> }> {
  const index = (name: string, ...keys: RawBuilder<unknown>[]) => ({
    name,
    create: sql`create index ${sql.ref(name)} on orders (project_id, ${sql.join(keys)}, created_at, order_id)`,
  });
  return [
    index('ix_orders_project_buyer_name', folded(dialect, 'username')),
    index('ix_orders_project_buyer_email', folded(dialect, 'user_email')),
    index('ix_orders_project_buyer_phone', phoneLastDigits(dialect), phoneDigits()),
  ];
}

/** The buyer search's conditions of `filter` (none when it has no buyer search). */
export function buyerSearchConditions(eb: OrdersBuilder, filter: OrderFilter, dialect: DialectCapabilities): Expression<SqlBool>[] {
  const conditions: Expression<SqlBool>[] = [];
  if (filter.buyerNamePrefix !== undefined) {
    const name = folded(dialect, 'username');
    conditions.push(eb(name, '>=', filter.buyerNamePrefix));
    const upper = prefixUpperBound(filter.buyerNamePrefix);
    if (upper !== null) conditions.push(eb(name, '<', upper));
  }
  if (filter.buyerEmail !== undefined) conditions.push(eb(folded(dialect, 'user_email'), '=', filter.buyerEmail));
  if (filter.buyerPhone !== undefined) {
    const { kind, digits } = filter.buyerPhone;
    conditions.push(eb(phoneLastDigits(dialect), '=', lastDigits(digits)));
    if (kind === 'whole') conditions.push(eb(phoneDigits(), '=', digits));
  }
  return conditions;
}
