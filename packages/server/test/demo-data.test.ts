import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { demoOrders, demoReferenceData } from '../src/demo/generate.js';

describe('demo data', () => {
  const options = { projectId: 'p1', orders: 3_000, seed: 5, now: Date.parse('2025-08-01T00:00:00Z') / 1000, timeZone: 'Asia/Seoul' };
  const generate = (o = options) => [...demoOrders(o, demoReferenceData(o))].flat();

  it('is deterministic for a project, seed and time, and differs across projects', () => {
    assert.deepEqual(generate(), generate());
    const other = generate({ ...options, projectId: 'p2' });
    assert.notEqual(other[0]!.order_id, generate()[0]!.order_id);
  });

  it('spreads orders evenly over the 13 months before now, in time order', () => {
    const orders = generate();
    const times = orders.map((o) => o.created_at);
    assert.deepEqual(times, [...times].sort((a, b) => a - b));
    assert.ok(times.filter((t) => t === options.now).length <= 1, 'no pile-up at now');
    const months = new Map<string, number>();
    for (const t of times) {
      const month = new Date(t * 1000).toISOString().slice(0, 7);
      months.set(month, (months.get(month) ?? 0) + 1);
    }
    const full = [...months.entries()].filter(([month]) => month > '2024-07' && month < '2025-07');
    assert.equal(full.length, 11);
    for (const [month, count] of full) assert.ok(count > 150 && count < 320, `${month}: ${count}`);
  });

  it('is realistic: every status, payment status, type and billing type; paid orders carry receipts', () => {
    const orders = generate();
    assert.deepEqual(new Set(orders.map((o) => o.status)), new Set([0, 1, 2, 3, 4]));
    assert.deepEqual(new Set(orders.map((o) => o.receipt_status)), new Set([0, 1, 20]));
    assert.deepEqual(new Set(orders.map((o) => o.order_type)), new Set(['link', 'direct', 'subscription']));
    assert.deepEqual(new Set(orders.map((o) => o.subscription_billing_type)), new Set([0, 1, 2]));
    assert.ok(orders.some((o) => o.user_group_id !== null));
    for (const order of orders) {
      const paid = [2, 3, 4].includes(order.status);
      assert.equal(order.receipt_id !== null, paid);
      assert.equal(order.purchased_at !== null, paid);
      assert.equal(order.cancelled_at !== null, order.status === 4);
      assert.equal(order.price, order.products.reduce((sum, p) => sum + p.price * p.quantity, 0));
      assert.equal(order.subscription_billing_type === 0, order.order_subscription_id === null);
      assert.match(order.order_id, /^[0-9a-f]{24}$/);
      assert.equal(parseInt(order.order_id.slice(0, 8), 16), order.created_at);
      const seoulDay = new Date((order.created_at + 9 * 3600) * 1000).toISOString().slice(2, 10).replaceAll('-', '');
      assert.equal(order.order_number.slice(0, 6), seoulDay);
      assert.match(order.order_number, /^\d{20}$/);
      assert.ok(order.created_at <= options.now && order.created_at >= options.now - 400 * 86_400);
      assert.match(order.username!, /^[가-힣]{2,4}$/);
    }
  });
});
