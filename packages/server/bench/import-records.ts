import { createWriteStream } from 'node:fs';
import { once } from 'node:events';
import { demoOrders, demoReferenceData } from '../src/demo/generate.js';
import type { OrderWithProducts } from '../src/domain/order.js';
import { formatTimestamp } from '../src/domain/timestamps.js';

/** An order as a line of an import file: the create body plus the history fields. */
export function importRecordOf(order: OrderWithProducts): Record<string, unknown> {
  return {
    order_id: order.order_id,
    order_number: order.order_number,
    order_name: order.order_name,
    price: order.price,
    tax_free_price: order.tax_free_price,
    order_type: order.order_type,
    user: { user_id: order.user_id, name: order.username, email: order.user_email, phone: order.user_phone, user_group_id: order.user_group_id },
    products: order.products,
    ...(order.order_subscription_id === null
      ? {}
      : { order_subscription_id: order.order_subscription_id, subscription_billing_type: order.subscription_billing_type }),
    status: order.status,
    receipt_status: order.receipt_status,
    created_at: formatTimestamp(order.created_at),
    purchased_at: formatTimestamp(order.purchased_at),
    cancelled_at: formatTimestamp(order.cancelled_at),
    receipt_id: order.receipt_id,
    payment: order.payment,
  };
}

/** Writes `count` realistic orders (the demo generator's) as NDJSON, streaming. */
export async function writeImportFile(path: string, count: number, now: number, seed = 1): Promise<void> {
  const options = { projectId: 'bench-import', orders: count, seed, now, timeZone: 'Asia/Seoul' };
  const out = createWriteStream(path);
  for (const batch of demoOrders(options, demoReferenceData(options), 2_000)) {
    const text = batch.map((order) => JSON.stringify(importRecordOf(order))).join('\n') + '\n';
    if (!out.write(text)) await once(out, 'drain');
  }
  out.end();
  await once(out, 'close');
}
