import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { sql } from 'kysely';
import { parse } from 'csv-parse/sync';
import { verifyOrderCounters } from '../src/services/order-counters.js';
import { bootpayCommerce } from './support/bootpay-sdk.js';
import { OrdersApi } from './support/order-writes.js';
import { TEST_DIALECTS } from './support/test-database.js';
import { basicAuth, requestJson, startTestServer, type TestServer } from './support/test-server.js';

/** A small deterministic generator, so a failure can be replayed. */
function random(seed: number) {
  let state = seed >>> 0;
  // mulberry32
  return (n: number) => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return Math.floor((((t ^ (t >>> 14)) >>> 0) / 4_294_967_296) * n);
  };
}

const PRICE = 33_000;

/**
 * Random partial and full cancellations through the SDK, then the list, the count, the summary and
 * the export compared with a plain-JS model of what was refunded and with plain SQL sums, and the
 * counters checked by `jumun counts verify`'s own comparison.
 */
for (const dialect of TEST_DIALECTS) {
  describe(`partial cancellation is exact on ${dialect}`, () => {
    let server: TestServer;
    let api: OrdersApi;
    let projectId: string;
    /** The model: order id → refunded so far, from the refunds this test asked for. */
    const refunded = new Map<string, number>();

    before(async () => {
      server = await startTestServer(dialect);
      const keys = await server.createKeys('partial');
      api = new OrdersApi(server.baseUrl, basicAuth(keys));
      projectId = (await server.storage.db.selectFrom('projects').select('project_id').where('name', '=', 'partial').executeTakeFirstOrThrow()).project_id;
      const buyer = bootpayCommerce(server.baseUrl, keys);
      const merchant = bootpayCommerce(server.baseUrl, keys);
      merchant.setRole('supervisor');
      const next = random(20_251_201);
      const ids = await Promise.all(Array.from({ length: 16 }, () => api.orderAfter(['payment.complete'])));
      for (const id of ids) {
        refunded.set(id, 0);
        const { order_number } = (await api.detail(id)).body;
        for (let round = 0; round < 3; round++) {
          const left = PRICE - refunded.get(id)!;
          if (left === 0) break;
          const kind = next(4);
          const amount = next(2) === 0 ? left : 1 + next(left);
          const request = await buyer.orderCancel.request({ order_number, request_cancel_parameters: { cancel_reason: `round ${round}`, refund_price: amount } });
          if (kind === 0) {
            await merchant.orderCancel.reject({ order_cancellation_request_id: request.order_cancellation_request_id, message: '반려' });
          } else if (kind === 1) {
            await buyer.orderCancel.withdraw(request.order_cancellation_request_id);
          } else {
            await merchant.orderCancel.approve({ order_cancellation_request_id: request.order_cancellation_request_id });
            refunded.set(id, refunded.get(id)! + amount);
          }
        }
      }
      // One order left waiting with an open request: status 3, nothing refunded by it yet.
      const waiting = ids.find((id) => refunded.get(id)! < PRICE)!;
      const { order_number } = (await api.detail(waiting)).body;
      await buyer.orderCancel.request({ order_number, request_cancel_parameters: { cancel_reason: '대기', refund_price: 1 } });
    });
    after(() => server.close());

    const expectedStatus = (id: string, listed: number) => {
      const cancelled = refunded.get(id)!;
      if (cancelled === PRICE) return 4;
      return listed === 3 ? 3 : 2;
    };

    it('the list shows each order\'s cancelled and remaining amounts as the model says', async () => {
      const { body } = await requestJson(server.baseUrl, '/v1/orders?limit=50', { authorization: api.authorization });
      assert.equal(body.count, refunded.size);
      assert.equal(body.list.filter((o: any) => o.status === 3).length, 1);
      for (const order of body.list) {
        const cancelled = refunded.get(order.order_id)!;
        assert.deepEqual([order.price, order.cancelled_price, order.remaining_price], [PRICE, cancelled, PRICE - cancelled], order.order_id);
        assert.equal(order.status, expectedStatus(order.order_id, order.status));
        assert.equal(order.receipt_status, cancelled === PRICE ? 20 : 1);
      }
      assert.ok([...refunded.values()].some((v) => v > 0 && v < PRICE), 'the random rounds made a partial cancellation');
      assert.ok([...refunded.values()].some((v) => v === PRICE), 'and a full one');
    });

    it('counts and the summary match plain SQL sums over the orders', async () => {
      const rows = await sql<{ status: number; orders: number; amount: number; cancelled: number }>`
        select status, count(*) as orders, sum(price) as amount, sum(cancelled_price) as cancelled
        from orders where project_id = ${projectId} group by status`.execute(server.storage.db);
      const { body } = await requestJson(server.baseUrl, '/v1/orders/summary', { authorization: api.authorization });
      let amount = 0;
      let cancelled = 0;
      for (const row of rows.rows) {
        const totals = body.by_status[String(row.status)];
        assert.deepEqual(
          [totals.count, totals.amount, totals.cancelled_amount, totals.remaining_amount],
          [Number(row.orders), Number(row.amount), Number(row.cancelled), Number(row.amount) - Number(row.cancelled)],
        );
        amount += Number(row.amount);
        cancelled += Number(row.cancelled);
        const count = await api.count(`&status=${row.status}`);
        assert.equal(count, Number(row.orders));
      }
      const modelled = [...refunded.values()].reduce((s, v) => s + v, 0);
      assert.deepEqual([body.amount, body.cancelled_amount, body.remaining_amount], [PRICE * refunded.size, modelled, PRICE * refunded.size - modelled]);
      assert.deepEqual([amount, cancelled], [body.amount, body.cancelled_amount]);
      const dayCancelled = body.daily.days.reduce((s: number, d: any) => s + d.cancelled_amount, 0);
      assert.equal(dayCancelled, modelled);
    });

    it('the export carries cancelled_price and remaining_price', async () => {
      const response = await fetch(`${server.baseUrl}/v1/orders/export`, { headers: { authorization: api.authorization } });
      const [header, ...rows] = parse((await response.text()).replace(/^\uFEFF/, '')) as string[][];
      const at = (name: string) => header!.indexOf(name);
      assert.equal(rows.length, refunded.size);
      for (const row of rows) {
        const id = row[at('order_id')]!.replace(/^="|"$/g, '');
        const cancelled = refunded.get(id)!;
        assert.deepEqual([row[at('cancelled_price')], row[at('remaining_price')]], [String(cancelled), String(PRICE - cancelled)], id);
      }
    });

    it('the counters agree with the orders (jumun counts verify)', async () => {
      const check = await verifyOrderCounters(server.storage, { projectId });
      assert.deepEqual(check.differences, []);
      assert.ok(check.rows > 0);
    });
  });
}
