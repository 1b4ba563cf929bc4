import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { OrdersApi } from './support/order-writes.js';
import { createTestDatabase, TEST_DIALECTS } from './support/test-database.js';
import { basicAuth, requestJson, startServerOn, type TestServer } from './support/test-server.js';
import { WebhookReceiver } from './support/webhook-receiver.js';

for (const dialect of TEST_DIALECTS) {
  describe(`webhooks of cancellation requests (${dialect})`, () => {
    let server: TestServer;
    let receiver: WebhookReceiver;
    let authorization: string;

    before(async () => {
      receiver = new WebhookReceiver();
      await receiver.start();
      server = await startServerOn(await createTestDatabase(dialect), {
        limits: { webhooks: { targets: 'any', pollMs: 50, retryBaseMs: 100, retryMaxMs: 400, leaseMs: 5_000, timeoutMs: 8_000 } },
      });
      authorization = basicAuth(await server.createKeys('webhook-cancellations'));
    });
    after(async () => {
      await server?.close();
      await receiver?.close();
    });

    test('every step of a request, withdrawal and partial cancellation sends its event, in order, with the amounts as the list shows them', async () => {
      const made = await requestJson(server.baseUrl, '/v1/webhooks', { method: 'POST', authorization, body: { url: receiver.url } });
      assert.equal(made.status, 201, JSON.stringify(made.body));
      const orders = new OrdersApi(server.baseUrl, authorization);
      const id = (await orders.create()).body.order_id as string;
      const steps: Array<[string, () => Promise<{ status: number; body: any }>]> = [
        ['order.paid', () => orders.act(id, 'payment.complete')],
        ['order.cancellation_requested', () => orders.act(id, 'cancel.request', { reason: '일부 반품', refund_price: 3_000 })],
        ['order.cancellation_partially_approved', () => orders.act(id, 'cancel.approve', { refund_price: 2_000 })],
        ['order.cancellation_requested', () => orders.act(id, 'cancel.request', { reason: '다시 생각해 보니' })],
        ['order.cancellation_withdrawn', async () => {
          const open = (await requestJson(server.baseUrl, `/v1/order/cancel?order_id=${id}`, { authorization })).body.list.find((r: any) => r.status === 1);
          return requestJson(server.baseUrl, `/v1/order/cancel/${open.order_cancellation_request_id}/withdraw`, {
            method: 'PUT', authorization, headers: { 'bootpay-role': 'user' }, body: {},
          });
        }],
        ['order.partially_cancelled', () => orders.act(id, 'cancel', { reason: '재고 부족', refund_price: 1_000 })],
        ['order.cancelled', () => orders.act(id, 'cancel', { reason: '나머지 취소' })],
      ];
      const expected = ['order.created'];
      for (const [event, step] of steps) {
        const answer = await step();
        assert.equal(answer.status, 200, `${event}: ${JSON.stringify(answer.body)}`);
        expected.push(event);
      }
      await receiver.until(() => new Set(receiver.accepted.filter((hit) => hit.json.order?.order_id === id).map((hit) => hit.json.event_id)).size >= expected.length);
      const seen = new Set<string>();
      const arrived = receiver.accepted.filter((hit) => hit.json.order?.order_id === id && !seen.has(hit.json.event_id) && seen.add(hit.json.event_id));
      assert.deepEqual(arrived.map((hit) => hit.json.event_type), expected);
      // The amounts each event carries, against what was refunded step by step (33,000 in all).
      const cancelled = arrived.map((hit) => hit.json.order.cancelled_price);
      assert.deepEqual(cancelled, [0, 0, 0, 2_000, 2_000, 2_000, 3_000, 33_000]);
      const final = await requestJson(server.baseUrl, `/v1/orders?limit=1&keyword=${id}`, { authorization });
      assert.deepEqual(arrived.at(-1)!.json.order, final.body.list[0]);
    });
  });
}
