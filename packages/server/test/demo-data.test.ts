import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { demoOrders, demoReferenceData } from '../src/demo/generate.js';
import { demoHistory } from '../src/demo/history.js';

describe('demo data', () => {
  const options = { projectId: 'p1', orders: 3_000, seed: 5, now: Date.parse('2025-08-01T00:00:00Z') / 1000, timeZone: 'Asia/Seoul' };
  const generate = (o = options) => [...demoOrders(o, demoReferenceData(o))].flat();

  it('is deterministic for a project, seed and time, and differs across projects', () => {
    assert.deepEqual(generate(), generate());
    const other = generate({ ...options, projectId: 'p2' });
    assert.notEqual(other[0]!.order_id, generate()[0]!.order_id);
  });

  it('gives every project the same orders but its own ids, so expectations do not depend on the project id', () => {
    const ours = generate();
    const theirs = generate({ ...options, projectId: 'another project' });
    const ownIds = new Set(ours.map((o) => o.order_id));
    assert.equal(theirs.filter((o) => ownIds.has(o.order_id)).length, 0, 'no order id in common');
    assert.equal(new Set(theirs.map((o) => o.order_number)).size, theirs.length);
    assert.ok(theirs.every((o, i) => o.order_number !== ours[i]!.order_number));
    const content = (o: (typeof ours)[number]) => {
      const { order_id: _id, order_number: _number, receipt_id: _receipt, project_id: _project, ...rest } = o;
      return { ...rest, history: demoHistory(o, options.now).map((e) => [e.action, e.at, e.reason]) };
    };
    assert.deepEqual(theirs.map(content), ours.map(content));
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
    // Status 1 (결제 진행 중) is rare by design: the test below counts it over 100,000 orders.
    assert.deepEqual(new Set(orders.map((o) => o.status).filter((status) => status !== 1)), new Set([0, 2, 3, 4]));
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

  it('has few stuck payments: a payment in progress for over 30 minutes is rare, not 1.5 % of all orders', () => {
    const big = { ...options, orders: 100_000 };
    const orders = generate(big);
    const stuck = orders.filter((o) => o.status === 1 && big.now - o.created_at > 30 * 60).length;
    assert.ok(stuck >= 1 && stuck <= 60, `${stuck} stuck payments in 100,000 orders`);
    const failedAttempts = orders.filter((o) => demoHistory(o, big.now).some((e) => e.action === 'payment.fail')).length;
    assert.ok(failedAttempts > 2_000 && failedAttempts < 10_000, `${failedAttempts} orders with a failed payment`);
  });

  it('gives every order the history the write path would have recorded, ending in its status and times', () => {
    const orders = generate();
    const LEGAL: Record<string, [number | null, number]> = {
      create: [null, 0], 'payment.start': [0, 1], 'payment.fail': [1, 0], 'payment.complete': [1, 2],
      'cancel.request': [2, 3], 'cancel.approve': [3, 4], cancel: [2, 4],
    };
    const RECEIPT: Record<number, number> = { 0: 0, 1: 0, 2: 1, 3: 1, 4: 20 };
    const actions = new Map<string, number>();
    for (const order of orders) {
      const history = demoHistory(order, options.now);
      assert.deepEqual(demoHistory(order, options.now), history, 'deterministic');
      assert.equal(history[0]!.action, 'create');
      let previous: { status: number | null; at: number } = { status: null, at: order.created_at };
      for (const entry of history) {
        actions.set(entry.action, (actions.get(entry.action) ?? 0) + 1);
        assert.deepEqual([entry.from_status, entry.to_status], [previous.status, LEGAL[entry.action]![1]], `${order.order_id} ${entry.action}`);
        if (entry.from_status !== null) assert.equal(entry.from_status, LEGAL[entry.action]![0]);
        assert.equal(entry.to_receipt_status, RECEIPT[entry.to_status]);
        assert.ok(entry.at >= previous.at && entry.at <= options.now, `${order.order_id}: times in order`);
        assert.equal(entry.reason !== null, ['payment.fail', 'cancel.request', 'cancel'].includes(entry.action));
        previous = { status: entry.to_status, at: entry.at };
      }
      assert.equal(previous.status, order.status, `${order.order_id} ends in its status`);
      assert.equal(order.updated_at, previous.at, 'updated_at is the last change');
      if (order.purchased_at !== null) assert.equal(history.find((e) => e.action === 'payment.complete')!.at, order.purchased_at);
      if (order.cancelled_at !== null) assert.equal(history.at(-1)!.at, order.cancelled_at);
    }
    for (const action of Object.keys(LEGAL)) assert.ok((actions.get(action) ?? 0) > 0, `some ${action}`);
  });
});
