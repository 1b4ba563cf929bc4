import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { bootpayCommerce, sdkFailure } from './support/bootpay-sdk.js';
import { OrdersApi } from './support/order-writes.js';
import { TEST_DIALECTS } from './support/test-database.js';
import { basicAuth, requestJson, startTestServer, type TestServer } from './support/test-server.js';

/**
 * The official SDK's `orderCancel` calls, unmodified, against the real server: request, list,
 * withdraw, approve (full and partial), reject, the old id name, roles and idempotency replays.
 * Expected values come from the order as created (33,000 = 2 × 15,000 + 3,000), not from answers.
 */
for (const dialect of TEST_DIALECTS) {
  describe(`Bootpay SDK orderCancel on ${dialect}`, () => {
    let server: TestServer;
    let api: OrdersApi;
    let commerce: any;
    let supervisor: any;
    let clientKey: string;

    before(async () => {
      server = await startTestServer(dialect);
      const keys = await server.createKeys('shop');
      clientKey = keys.client_key;
      api = new OrdersApi(server.baseUrl, basicAuth(keys));
      commerce = bootpayCommerce(server.baseUrl, keys);
      supervisor = bootpayCommerce(server.baseUrl, keys);
      supervisor.setRole('supervisor');
    });
    after(() => server.close());

    const paidOrder = async () => {
      const id = await api.orderAfter(['payment.complete']);
      return (await api.detail(id)).body;
    };

    it('request → list (by order_id, by order_number, all) → withdraw: the order is paid again, nothing refunded', async () => {
      const order = await paidOrder();
      const requested = await commerce.orderCancel.request({
        order_number: order.order_number,
        request_cancel_parameters: { cancel_reason: '단순 변심', cancel_type: 1 },
      });
      assert.equal(requested.status, 1);
      assert.equal(requested.order_id, order.order_id);
      assert.equal(requested.order_number, order.order_number);
      assert.equal(requested.refund_price, 33_000);
      assert.equal(requested.cancel_type, 1);
      assert.equal(requested.requested_by, clientKey);
      assert.equal(requested.order_cancel_request_history_id, requested.order_cancellation_request_id);
      assert.equal((await api.detail(order.order_id)).body.status, 3);

      const byId = await commerce.orderCancel.list({ order_id: order.order_id });
      const byNumber = await commerce.orderCancel.list({ order_number: order.order_number });
      assert.deepEqual(byId, byNumber);
      assert.equal(byId.count, 1);
      assert.equal(byId.list[0].order_cancellation_request_id, requested.order_cancellation_request_id);
      const all = await commerce.orderCancel.list();
      assert.ok(all.list.some((r: any) => r.order_cancellation_request_id === requested.order_cancellation_request_id));

      const withdrawn = await commerce.orderCancel.withdraw(requested.order_cancellation_request_id);
      assert.equal(withdrawn.status, 4);
      assert.equal(withdrawn.refund_price, null);
      const detail = (await api.detail(order.order_id)).body;
      assert.equal(detail.status, 2);
      assert.equal(detail.receipt_status, 1);
      assert.equal(detail.cancelled_price, 0);
      assert.equal(detail.remaining_price, 33_000);
      assert.deepEqual(detail.history.slice(-2).map((h: any) => [h.action, h.cancellation_request_id]), [
        ['cancel.request', requested.order_cancellation_request_id],
        ['cancel.withdraw', requested.order_cancellation_request_id],
      ]);
      assert.equal(detail.cancellation_requests.length, 1);
      assert.equal(detail.cancellation_requests[0].status, 4);
    });

    it('a partial approval by products keeps the order paid; a second request for the rest cancels it (old id name)', async () => {
      const order = await paidOrder();
      const [beans, cups] = order.products;
      const first = await commerce.orderCancel.request({
        order_number: order.order_number,
        request_cancel_parameters: {
          cancel_reason: '원두 한 봉 반품',
          cancel_products: [{ order_product_id: beans.order_product_id, qty: 1 }],
        },
      });
      assert.equal(first.refund_price, 15_000);
      assert.deepEqual(first.cancel_products, [{ order_product_id: beans.order_product_id, product_id: 'bean_1', qty: 1, cancel_price: 15_000 }]);
      const approved = await supervisor.orderCancel.approve({ order_cancellation_request_id: first.order_cancellation_request_id, message: '환불했습니다' });
      assert.equal(approved.status, 2);
      assert.equal(approved.refund_price, 15_000);
      assert.equal(approved.processed_by, clientKey);
      assert.equal(approved.processed_message, '환불했습니다');
      let detail = (await api.detail(order.order_id)).body;
      assert.deepEqual([detail.status, detail.receipt_status, detail.cancelled_price, detail.remaining_price, detail.cancelled_at], [2, 1, 15_000, 18_000, null]);
      assert.equal(detail.history.at(-1).action, 'cancel.approve.partial');

      // The line has one bean bag left: two is more than remains.
      const tooMany = await sdkFailure(commerce.orderCancel.request({
        order_number: order.order_number,
        request_cancel_parameters: { cancel_reason: '나머지', cancel_products: [{ product_id: 'bean_1', qty: 2 }] },
      }));
      assert.equal(tooMany.status, 409);
      assert.equal(tooMany.code, 3704);

      const rest = await commerce.orderCancel.request({
        order_number: order.order_number,
        request_cancel_parameters: { cancel_reason: '나머지', cancel_products: [{ product_id: 'bean_1', qty: 1 }, { product_id: cups.product_id, qty: 1 }] },
      });
      assert.equal(rest.refund_price, 18_000);
      const closed = await supervisor.orderCancel.approve({ order_cancel_request_history_id: rest.order_cancellation_request_id });
      assert.equal(closed.status, 2);
      detail = (await api.detail(order.order_id)).body;
      assert.deepEqual([detail.status, detail.receipt_status, detail.cancelled_price, detail.remaining_price], [4, 20, 33_000, 0]);
      assert.notEqual(detail.cancelled_at, null);
      assert.equal(detail.history.at(-1).action, 'cancel.approve');
    });

    it('approve with a smaller refund_price is partial; reject sends the order back to paid', async () => {
      const order = await paidOrder();
      const request = await commerce.orderCancel.request({ order_number: order.order_number, request_cancel_parameters: { cancel_reason: '불량' } });
      const approved = await supervisor.orderCancel.approve({ order_cancellation_request_id: request.order_cancellation_request_id, refund_price: 5_000, cancel_reason: '일부만 환불' });
      assert.equal(approved.refund_price, 5_000);
      assert.equal(approved.requested_price, 33_000);
      const second = await commerce.orderCancel.request({ order_number: order.order_number, request_cancel_parameters: { cancel_reason: '다시', refund_price: 28_000 } });
      const rejected = await supervisor.orderCancel.reject({ order_cancellation_request_id: second.order_cancellation_request_id, message: '반려합니다' });
      assert.equal(rejected.status, 3);
      const detail = (await api.detail(order.order_id)).body;
      assert.deepEqual([detail.status, detail.cancelled_price, detail.remaining_price], [2, 5_000, 28_000]);
      assert.deepEqual(detail.cancellation_requests.map((r: any) => r.status), [2, 3]);
    });

    it('is_supervisor with the supervisor role cancels at once; with the user role it is a 403', async () => {
      const order = await paidOrder();
      const forbidden = await sdkFailure(commerce.orderCancel.request({
        order_number: order.order_number, is_supervisor: true, request_cancel_parameters: { cancel_reason: '품절' },
      }));
      assert.deepEqual([forbidden.status, forbidden.code], [403, 3705]);
      const partial = await supervisor.orderCancel.request({
        order_number: order.order_number, is_supervisor: true, request_cancel_parameters: { cancel_reason: '품절', refund_price: 3_000 },
      });
      assert.equal(partial.status, 2);
      let detail = (await api.detail(order.order_id)).body;
      assert.deepEqual([detail.status, detail.cancelled_price, detail.history.at(-1).action], [2, 3_000, 'cancel.partial']);
      await supervisor.orderCancel.request({ order_number: order.order_number, is_supervisor: true, request_cancel_parameters: { cancel_reason: '전부' } });
      detail = (await api.detail(order.order_id)).body;
      assert.deepEqual([detail.status, detail.receipt_status, detail.cancelled_price, detail.history.at(-1).action], [4, 20, 33_000, 'cancel']);
    });

    it('roles: the buyer cannot approve or reject, the merchant cannot withdraw; an unknown role is a 400', async () => {
      const order = await paidOrder();
      const request = await commerce.orderCancel.request({ order_number: order.order_number, request_cancel_parameters: { cancel_reason: '변심' } });
      const id = request.order_cancellation_request_id;
      // The SDK sends approve and reject as supervisor; a raw call with the buyer's role is refused.
      const asUser = await requestJson(server.baseUrl, `/v1/order/cancel/${id}/approve`, {
        method: 'PUT', authorization: api.authorization, body: {}, headers: { 'bootpay-role': 'user' },
      });
      assert.deepEqual([asUser.status, asUser.body.code], [403, 3705]);
      const withdrawAsSupervisor = await requestJson(server.baseUrl, `/v1/order/cancel/${id}/withdraw`, {
        method: 'PUT', authorization: api.authorization, body: {}, headers: { 'bootpay-role': 'supervisor' },
      });
      assert.deepEqual([withdrawAsSupervisor.status, withdrawAsSupervisor.body.code], [403, 3705]);
      const unknown = await requestJson(server.baseUrl, `/v1/order/cancel/${id}/withdraw`, {
        method: 'PUT', authorization: api.authorization, body: {}, headers: { 'bootpay-role': 'admin' },
      });
      assert.deepEqual([unknown.status, unknown.body.code, unknown.body.data.parameter], [400, 1100, 'BOOTPAY-ROLE']);
      assert.equal((await api.detail(order.order_id)).body.status, 3);
    });

    it('a read-only key may list but not request (403 1703)', async () => {
      const order = await paidOrder();
      const readKeys = await server.createKeys('shop', 'read');
      const reader = bootpayCommerce(server.baseUrl, readKeys);
      const listed = await reader.orderCancel.list({ order_id: order.order_id });
      assert.deepEqual(listed, { count: 0, list: [] });
      const refused = await sdkFailure(reader.orderCancel.request({ order_number: order.order_number, request_cancel_parameters: { cancel_reason: 'x' } }));
      assert.deepEqual([refused.status, refused.code], [403, 1703]);
    });

    it('an Idempotency-Key replays the first answer and changes nothing more', async () => {
      const order = await paidOrder();
      const request = await commerce.orderCancel.request({ order_number: order.order_number, request_cancel_parameters: { cancel_reason: '변심' } });
      const key = randomUUID();
      const first = await supervisor.orderCancel.approve({ order_cancellation_request_id: request.order_cancellation_request_id, refund_price: 1_000, idempotency_key: key });
      const again = await supervisor.orderCancel.approve({ order_cancellation_request_id: request.order_cancellation_request_id, refund_price: 1_000, idempotency_key: key });
      assert.deepEqual(again, first);
      const detail = (await api.detail(order.order_id)).body;
      assert.equal(detail.cancelled_price, 1_000);
      assert.equal(detail.history.filter((h: any) => h.action.startsWith('cancel.approve')).length, 1);
      // Without the same key the repeat is judged on the request: already approved.
      const repeat = await sdkFailure(supervisor.orderCancel.approve({ order_cancellation_request_id: request.order_cancellation_request_id }));
      assert.deepEqual([repeat.status, repeat.code], [409, 1200]);
      // Listing with a key (the SDK always sends one) is a plain read.
      const listed = await commerce.orderCancel.list({ order_id: order.order_id, idempotency_key: key });
      assert.equal(listed.count, 1);
    });

    it('illegal steps are 409s in the envelope and change nothing', async () => {
      const order = await paidOrder();
      const request = await commerce.orderCancel.request({ order_number: order.order_number, request_cancel_parameters: { cancel_reason: '변심' } });
      const id = request.order_cancellation_request_id;
      const twice = await sdkFailure(commerce.orderCancel.request({ order_number: order.order_number, request_cancel_parameters: { cancel_reason: '또' } }));
      assert.deepEqual([twice.status, twice.code], [409, 1200]);
      const tooMuch = await sdkFailure(supervisor.orderCancel.approve({ order_cancellation_request_id: id, refund_price: 33_001 }));
      assert.deepEqual([tooMuch.status, tooMuch.code, tooMuch.data.remaining_price], [409, 3704, 33_000]);
      await commerce.orderCancel.withdraw({ order_cancellation_request_id: id });
      const approveWithdrawn = await sdkFailure(supervisor.orderCancel.approve({ order_cancellation_request_id: id }));
      assert.deepEqual([approveWithdrawn.status, approveWithdrawn.code, approveWithdrawn.data.current_status], [409, 3703, 4]);
      const rejectWithdrawn = await sdkFailure(supervisor.orderCancel.reject({ order_cancellation_request_id: id }));
      assert.equal(rejectWithdrawn.code, 3703);
      const withdrawTwice = await sdkFailure(commerce.orderCancel.withdraw(id));
      assert.deepEqual([withdrawTwice.status, withdrawTwice.code], [409, 1200]);
      const unknown = await sdkFailure(supervisor.orderCancel.approve({ order_cancellation_request_id: 'ffffffffffffffffffffffff' }));
      assert.deepEqual([unknown.status, unknown.code], [404, 3702]);
      const unpaid = (await api.create()).body;
      const notPaid = await sdkFailure(commerce.orderCancel.request({ order_number: unpaid.order_number, request_cancel_parameters: { cancel_reason: '변심' } }));
      assert.deepEqual([notPaid.status, notPaid.code], [409, 3701]);
      const missing = await sdkFailure(commerce.orderCancel.request({ order_number: '00000000000000000000', request_cancel_parameters: { cancel_reason: '변심' } }));
      assert.deepEqual([missing.status, missing.code], [404, 3700]);
      const detail = (await api.detail(order.order_id)).body;
      assert.deepEqual([detail.status, detail.cancelled_price, detail.history.length], [2, 0, 4]);
    });

    it('bad bodies are 400s naming the field, and store nothing', async () => {
      const order = await paidOrder();
      const cases: [unknown, string][] = [
        [{ request_cancel_parameters: { cancel_reason: 'x' } }, 'order_number'],
        [{ order_number: order.order_number, request_cancel_parameters: {} }, 'request_cancel_parameters.cancel_reason'],
        [{ order_number: order.order_number, request_cancel_parameters: { cancel_reason: 'x', refund_price: -1 } }, 'request_cancel_parameters.refund_price'],
        [{ order_number: order.order_number, request_cancel_parameters: { cancel_reason: 'x', refund_price: '100' } }, 'request_cancel_parameters.refund_price'],
        [{ order_number: order.order_number, request_cancel_parameters: { cancel_reason: 'x', refund_price: 0 } }, 'refund_price'],
        [{ order_number: order.order_number, request_cancel_parameters: { cancel_reason: 'x', cancel_products: [{ product_id: 'nope', qty: 1 }] } }, 'request_cancel_parameters.cancel_products[0].product_id'],
        [{ order_number: order.order_number, request_cancel_parameters: { cancel_reason: 'x', cancel_products: [{ product_id: 'bean_1' }] } }, 'request_cancel_parameters.cancel_products[0].qty'],
        [{ order_number: order.order_number, request_cancel_parameters: { cancel_reason: 'x' }, is_supervisor: 'yes' }, 'is_supervisor'],
      ];
      for (const [body, field] of cases) {
        const response = await requestJson(server.baseUrl, '/v1/order/cancel', { method: 'POST', authorization: api.authorization, body });
        assert.equal(response.status, 400, JSON.stringify({ body, answer: response.body }));
        assert.equal(response.body.data.parameter, field, JSON.stringify(response.body));
      }
      const listed = await commerce.orderCancel.list({ order_id: order.order_id });
      assert.equal(listed.count, 0);
      assert.equal((await api.detail(order.order_id)).body.status, 2);
    });
  });
}
