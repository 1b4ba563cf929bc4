import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { importOrders } from '../src/services/order-import.js';
import { bootpayCommerce, sdkFailure } from './support/bootpay-sdk.js';
import { OrdersApi } from './support/order-writes.js';
import { TEST_DIALECTS } from './support/test-database.js';
import { basicAuth, requestJson, startTestServer, type TestServer } from './support/test-server.js';

/**
 * jumun's own `/v1/orders/:id/cancel…` actions on the cancellation-request model, races between
 * the SDK's steps, and the edges of a partial amount. Orders are 33,000 (2 × 15,000 + 3,000).
 */
for (const dialect of TEST_DIALECTS) {
  describe(`cancellation requests behind the order routes on ${dialect}`, () => {
    let server: TestServer;
    let api: OrdersApi;
    let commerce: any;
    let supervisor: any;

    before(async () => {
      server = await startTestServer(dialect);
      const keys = await server.createKeys('routes');
      api = new OrdersApi(server.baseUrl, basicAuth(keys));
      commerce = bootpayCommerce(server.baseUrl, keys);
      supervisor = bootpayCommerce(server.baseUrl, keys);
      supervisor.setRole('supervisor');
    });
    after(() => server.close());

    it('cancel/request and cancel/approve with a refund_price make and approve a partial request the SDK lists', async () => {
      const id = await api.orderAfter(['payment.complete']);
      const requested = await api.act(id, 'cancel.request', { reason: '일부 반품', refund_price: 3_000 });
      assert.equal(requested.status, 200, JSON.stringify(requested.body));
      assert.equal(requested.body.cancellation_requests.length, 1);
      const listed = await commerce.orderCancel.list({ order_id: id });
      assert.deepEqual(listed.list.map((r: any) => [r.status, r.refund_price, r.cancel_reason]), [[1, 3_000, '일부 반품']]);
      const approved = await api.act(id, 'cancel.approve', { refund_price: 2_000 });
      assert.deepEqual([approved.body.status, approved.body.cancelled_price, approved.body.remaining_price], [2, 2_000, 31_000]);
      assert.deepEqual(approved.body.cancellation_requests.map((r: any) => [r.status, r.requested_price, r.refund_price]), [[2, 3_000, 2_000]]);
      // A direct cancel without an amount refunds the rest.
      const cancelled = await api.act(id, 'cancel', { reason: '나머지도' });
      assert.deepEqual([cancelled.body.status, cancelled.body.receipt_status, cancelled.body.cancelled_price, cancelled.body.remaining_price], [4, 20, 33_000, 0]);
      assert.equal(cancelled.body.cancellation_requests.length, 2);
    });

    it('an approval one short of the rest is still partial; an amount over the rest is a 409 that changes nothing', async () => {
      const id = await api.orderAfter(['payment.complete']);
      await api.act(id, 'cancel.request', { reason: '변심' });
      const tooMuch = await api.act(id, 'cancel.approve', { refund_price: 33_001 });
      assert.deepEqual([tooMuch.status, tooMuch.body.code], [409, 3704]);
      assert.equal((await api.detail(id)).body.status, 3);
      const partial = await api.act(id, 'cancel.approve', { refund_price: 32_999 });
      assert.deepEqual([partial.body.status, partial.body.receipt_status, partial.body.cancelled_at, partial.body.remaining_price], [2, 1, null, 1]);
      const zero = await api.act(id, 'cancel', { reason: '0원', refund_price: 0 });
      assert.deepEqual([zero.status, zero.body.data.parameter], [400, 'refund_price']);
      const last = await api.act(id, 'cancel', { reason: '마지막 1원', refund_price: 1 });
      assert.deepEqual([last.body.status, last.body.cancelled_price], [4, 33_000]);
      assert.equal(last.body.history.at(-1).action, 'cancel');
    });

    it('a status-3 order imported without a request gets one when it is approved or rejected', async () => {
      const project = (await server.storage.db.selectFrom('projects').select('project_id').where('name', '=', 'routes').executeTakeFirstOrThrow()).project_id;
      const now = Math.floor(Date.now() / 1000);
      const records = ['a', 'b'].map((suffix, i) => ({
        line: i + 1,
        record: {
          order_name: `옛 주문 ${suffix}`, price: 10_000, order_type: 'direct', user: {}, status: 3,
          purchased_at: new Date((now - 60) * 1000).toISOString(), created_at: new Date((now - 120) * 1000).toISOString(),
        },
      }));
      async function* source() {
        yield* records;
      }
      const summary = await importOrders(server.storage, source(), {
        projectId: project, timeZone: 'Asia/Seoul', now, source: 'legacy.ndjson', onBadRecord: (line, reason) => assert.fail(`${line}: ${reason}`),
      });
      assert.equal(summary.imported, 2);
      const imported = await server.storage.db.selectFrom('orders').select('order_id').where('project_id', '=', project).where('status', '=', 3).execute();
      assert.equal(imported.length, 2);
      const [first, second] = imported.map((r) => r.order_id);
      assert.equal((await commerce.orderCancel.list({ order_id: first })).count, 0);
      const approved = await api.act(first!, 'cancel.approve');
      assert.deepEqual([approved.body.status, approved.body.cancelled_price], [4, 10_000]);
      assert.deepEqual(approved.body.cancellation_requests.map((r: any) => [r.status, r.refund_price, r.requested_by]), [[2, 10_000, null]]);
      const rejected = await api.act(second!, 'cancel.reject', { message: '반려' });
      assert.deepEqual([rejected.body.status, rejected.body.cancellation_requests[0].status], [2, 3]);
    });

    it('concurrent approve, reject and withdraw of one request: exactly one wins, the others are 409s', async () => {
      for (let round = 0; round < 4; round++) {
        const id = await api.orderAfter(['payment.complete']);
        const { order_number } = (await api.detail(id)).body;
        const request = await commerce.orderCancel.request({ order_number, request_cancel_parameters: { cancel_reason: '경합', refund_price: 1_000 } });
        const rid = request.order_cancellation_request_id;
        const outcomes = await Promise.all([
          supervisor.orderCancel.approve({ order_cancellation_request_id: rid }).then(() => 'approve', (e: any) => e.code),
          supervisor.orderCancel.reject({ order_cancellation_request_id: rid }).then(() => 'reject', (e: any) => e.code),
          commerce.orderCancel.withdraw(rid).then(() => 'withdraw', (e: any) => e.code),
        ]);
        const winners = outcomes.filter((o) => typeof o === 'string');
        assert.equal(winners.length, 1, JSON.stringify(outcomes));
        for (const loser of outcomes.filter((o) => typeof o === 'number')) assert.ok(loser === 3703 || loser === 1200, JSON.stringify(outcomes));
        const detail = (await api.detail(id)).body;
        assert.equal(detail.status, 2);
        assert.equal(detail.cancelled_price, winners[0] === 'approve' ? 1_000 : 0);
        assert.equal(detail.history.length, 4, 'create, payment, request and one closing step');
      }
    });

    it('concurrent requests on one order: one opens, the rest are 409', async () => {
      const id = await api.orderAfter(['payment.complete']);
      const { order_number } = (await api.detail(id)).body;
      const outcomes = await Promise.all(Array.from({ length: 5 }, () =>
        commerce.orderCancel.request({ order_number, request_cancel_parameters: { cancel_reason: '동시' } }).then(() => 200, (e: any) => e.status)));
      assert.deepEqual(outcomes.sort(), [200, 409, 409, 409, 409]);
      assert.equal((await commerce.orderCancel.list({ order_id: id })).count, 1);
    });

    it('a POST /v1/order/cancel with an Idempotency-Key replays; the list pages newest first', async () => {
      const id = await api.orderAfter(['payment.complete']);
      const { order_number } = (await api.detail(id)).body;
      const key = randomUUID();
      const body = { order_number, request_cancel_parameters: { cancel_reason: '재시도' } };
      const send = () => requestJson(server.baseUrl, '/v1/order/cancel', { method: 'POST', authorization: api.authorization, body, headers: { 'idempotency-key': key } });
      const first = await send();
      const again = await send();
      assert.equal(first.status, 200);
      assert.deepEqual(again.body, first.body);
      assert.equal(again.headers.get('idempotent-replayed'), 'true');
      assert.equal((await commerce.orderCancel.list({ order_id: id })).count, 1);
      const all = (await requestJson(server.baseUrl, '/v1/order/cancel?limit=2&page=1', { authorization: api.authorization })).body;
      const second = (await requestJson(server.baseUrl, '/v1/order/cancel?limit=2&page=2', { authorization: api.authorization })).body;
      assert.equal(all.list.length, 2);
      assert.equal(second.count, all.count);
      const times = [...all.list, ...second.list].map((r: any) => r.requested_at);
      assert.deepEqual(times, [...times].sort().reverse());
      const bad = await requestJson(server.baseUrl, '/v1/order/cancel?page=0', { authorization: api.authorization });
      assert.deepEqual([bad.status, bad.body.data.parameter], [400, 'page']);
      const failure = await sdkFailure(commerce.orderCancel.withdraw('not-an-id'));
      assert.deepEqual([failure.status, failure.code], [404, 3702]);
    });

    it('another project sees none of it: its list is empty, the order and the request are 404s', async () => {
      const id = await api.orderAfter(['payment.complete']);
      const { order_number } = (await api.detail(id)).body;
      const request = await commerce.orderCancel.request({ order_number, request_cancel_parameters: { cancel_reason: '변심' } });
      const strangerKeys = await server.createKeys('stranger');
      const stranger = bootpayCommerce(server.baseUrl, strangerKeys);
      stranger.setRole('supervisor');
      assert.deepEqual(await stranger.orderCancel.list(), { count: 0, list: [] });
      assert.deepEqual(await stranger.orderCancel.list({ order_id: id }), { count: 0, list: [] });
      const approve = await sdkFailure(stranger.orderCancel.approve({ order_cancellation_request_id: request.order_cancellation_request_id }));
      assert.deepEqual([approve.status, approve.code], [404, 3702]);
      const ask = await sdkFailure(stranger.orderCancel.request({ order_number, request_cancel_parameters: { cancel_reason: '남의 주문' } }));
      assert.deepEqual([ask.status, ask.code], [404, 3700]);
      assert.equal((await api.detail(id)).body.status, 3);
    });
  });
}
