import { demoOrders, demoReferenceData } from '../../src/demo/generate.js';
import type { OrderWithProducts } from '../../src/domain/order.js';
import { insertOrders } from '../../src/storage/order-repository.js';
import { upsertReferenceData } from '../../src/storage/reference-repository.js';
import type { Storage } from '../../src/storage/storage.js';

/** A fixed "now" so generated data, and so every expectation, is the same on every run. */
export const FIXTURE_NOW = Date.parse('2025-08-01T03:00:00Z') / 1000;

/** Generates deterministic demo orders ending at `now`, stores them, and returns them for the oracle. */
export async function seedDemoOrders(
  storage: Storage,
  projectId: string,
  orders: number,
  seed = 7,
  now = FIXTURE_NOW,
): Promise<OrderWithProducts[]> {
  const options = { projectId, orders, seed, now, timeZone: 'Asia/Seoul' };
  const reference = demoReferenceData(options);
  await upsertReferenceData(storage, projectId, reference);
  const all: OrderWithProducts[] = [];
  for (const batch of demoOrders(options, reference, 5_000)) {
    await insertOrders(storage, batch);
    all.push(...batch);
  }
  return all;
}

let counter = 0;

/** One hand-made order; unspecified fields get plain defaults. */
export function handMadeOrder(projectId: string, fields: Partial<OrderWithProducts> & { created_at: number }): OrderWithProducts {
  counter += 1;
  const suffix = (0xabc000000000 + counter).toString(16).padStart(16, '0');
  return {
    order_id: fields.created_at.toString(16).padStart(8, '0') + suffix,
    project_id: projectId,
    order_number: `250101${String(90_000_000_000_000 + counter).slice(0, 14)}`,
    order_name: '테스트 주문',
    price: 1000,
    tax_free_price: 0,
    status: 0,
    receipt_status: 0,
    order_type: 'direct',
    user_id: 'edge_user',
    username: '테스트',
    user_email: 'edge@example.com',
    user_phone: '010-0000-0000',
    user_group_id: null,
    order_subscription_id: null,
    subscription_billing_type: 0,
    receipt_id: null,
    payment: null,
    purchased_at: null,
    cancelled_at: null,
    cancelled_price: fields.status === 4 ? (fields.price ?? 1000) : 0,
    updated_at: fields.created_at,
    products: [{ product_id: 'p1', name: '테스트 상품', quantity: 1, price: fields.price ?? 1000 }],
    ...fields,
  };
}
