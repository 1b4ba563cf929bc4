import { sql, type Kysely, type Selectable } from 'kysely';
import { CANCELLATION_STATUS, type CancellationRequest, type CancellationStatus } from '../domain/cancellation.js';
import type { CancellationListQuery } from '../domain/order-query.js';
import type { Database, OrderCancellationRequestTable } from './schema.js';

type RequestRow = Selectable<OrderCancellationRequestTable> & { order_number: string };

function requestFromRow({ seq: _seq, ...row }: RequestRow): CancellationRequest {
  return {
    ...row,
    requested_price: Number(row.requested_price),
    refund_price: row.refund_price === null ? null : Number(row.refund_price),
    requested_at: Number(row.requested_at),
    processed_at: row.processed_at === null ? null : Number(row.processed_at),
    cancel_products: JSON.parse(row.cancel_products) as CancellationRequest['cancel_products'],
  };
}

/** Requests with their order's number (the SDK shows both). */
function selectRequests(db: Kysely<Database>, projectId: string) {
  return db
    .selectFrom('order_cancellation_requests as r')
    .innerJoin('orders as o', (join) => join.onRef('o.project_id', '=', 'r.project_id').onRef('o.order_id', '=', 'r.order_id'))
    .selectAll('r')
    .select('o.order_number')
    .where('r.project_id', '=', projectId);
}

export async function insertCancellationRequest(trx: Kysely<Database>, request: CancellationRequest): Promise<void> {
  const { order_number: _number, cancel_products, ...columns } = request;
  await trx
    .insertInto('order_cancellation_requests')
    .values({
      ...columns,
      // The order row is locked by the status change of the same transaction, so the next seq is ours.
      seq: sql<number>`(select coalesce(max(seq), 0) + 1 from order_cancellation_requests
        where project_id = ${request.project_id} and order_id = ${request.order_id})`,
      cancel_products: JSON.stringify(cancel_products),
    })
    .execute();
}

export async function findCancellationRequest(db: Kysely<Database>, projectId: string, requestId: string): Promise<CancellationRequest | null> {
  const row = await selectRequests(db, projectId).where('r.order_cancellation_request_id', '=', requestId).executeTakeFirst();
  return row ? requestFromRow(row) : null;
}

/** Every request of one order, oldest first. */
export async function cancellationRequestsOf(db: Kysely<Database>, projectId: string, orderId: string): Promise<CancellationRequest[]> {
  const rows = await selectRequests(db, projectId)
    .where('r.order_id', '=', orderId)
    .orderBy('r.seq')
    .execute();
  return rows.map(requestFromRow);
}

/** One page of a project's requests (or one order's), newest first, and how many there are in all. */
export async function listCancellationRequests(
  db: Kysely<Database>,
  projectId: string,
  query: CancellationListQuery,
): Promise<{ count: number; list: CancellationRequest[] }> {
  let base = selectRequests(db, projectId);
  if (query.orderId !== undefined) base = base.where('r.order_id', '=', query.orderId);
  if (query.orderNumber !== undefined) base = base.where('o.order_number', '=', query.orderNumber);
  const [counted, rows] = await Promise.all([
    base.clearSelect().select((eb) => eb.fn.countAll<number>().as('count')).executeTakeFirstOrThrow(),
    base
      .orderBy('r.requested_at', 'desc')
      .orderBy('r.order_cancellation_request_id', 'desc')
      .limit(query.limit)
      .offset((query.page - 1) * query.limit)
      .execute(),
  ]);
  return { count: Number(counted.count), list: rows.map(requestFromRow) };
}

export interface RequestClosing {
  projectId: string;
  requestId: string;
  status: Exclude<CancellationStatus, typeof CANCELLATION_STATUS.REQUESTED>;
  refund_price: number | null;
  processed_at: number;
  processed_by: string | null;
  processed_message: string | null;
}

/** Closes a request only if it is still open (a compare-and-set); false when another step came first. */
export async function closeCancellationRequest(trx: Kysely<Database>, closing: RequestClosing): Promise<boolean> {
  const { projectId, requestId, ...columns } = closing;
  const updated = await trx
    .updateTable('order_cancellation_requests')
    .set(columns)
    .where('project_id', '=', projectId)
    .where('order_cancellation_request_id', '=', requestId)
    .where('status', '=', CANCELLATION_STATUS.REQUESTED)
    .executeTakeFirst();
  return Number(updated.numUpdatedRows) === 1;
}

/** The order a request names by its number (the SDK's `order_number`), or by id. */
export async function findOrderIdBy(
  db: Kysely<Database>,
  projectId: string,
  ref: { order_number: string } | { order_id: string },
): Promise<string | null> {
  let query = db.selectFrom('orders').select('order_id').where('project_id', '=', projectId);
  query = 'order_number' in ref ? query.where('order_number', '=', ref.order_number) : query.where('order_id', '=', ref.order_id);
  const row = await query.executeTakeFirst();
  return row?.order_id ?? null;
}

/** An order's product lines, numbered from 1, for matching `cancel_products`. */
export async function productLinesOf(db: Kysely<Database>, projectId: string, orderId: string) {
  return db
    .selectFrom('order_products')
    .select(['product_id', 'quantity', 'price'])
    .where('project_id', '=', projectId)
    .where('order_id', '=', orderId)
    .orderBy('line_no')
    .execute();
}
