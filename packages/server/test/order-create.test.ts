import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { newOrderBody, OrdersApi } from './support/order-writes.js';
import { TEST_DIALECTS } from './support/test-database.js';
import { basicAuth, requestJson, startTestServer, type TestServer } from './support/test-server.js';

const DUPLICATED = { status: 409, code: 1200, message: '이미 처리된 요청이에요' };

/** YYMMDD of an instant in Seoul, computed without the server's code. */
function seoulYymmdd(iso: string): string {
  const parts = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Seoul', year: 'numeric', month: '2-digit', day: '2-digit' })
    .format(new Date(iso));
  return parts.replaceAll('-', '').slice(2);
}

for (const dialect of TEST_DIALECTS) {
  describe(`POST /v1/orders on ${dialect}`, () => {
    let server: TestServer;
    let api: OrdersApi;
    let other: OrdersApi;
    let clientKey: string;

    before(async () => {
      server = await startTestServer(dialect);
      const keys = await server.createKeys('shop-a');
      clientKey = keys.client_key;
      api = new OrdersApi(server.baseUrl, basicAuth(keys));
      other = new OrdersApi(server.baseUrl, basicAuth(await server.createKeys('shop-b')));
    });
    after(() => server.close());

    it('creates an order and answers 201 with exactly what GET shows', async () => {
      const before = Math.floor(Date.now() / 1000);
      const body = newOrderBody();
      const created = await api.create(body);
      assert.equal(created.status, 201);
      const order = created.body;
      assert.deepEqual((await api.detail(order.order_id)).body, order);

      assert.match(order.order_id, /^[0-9a-f]{24}$/);
      const createdAt = Date.parse(order.created_at) / 1000;
      assert.ok(createdAt >= before && createdAt <= before + 5);
      assert.equal(parseInt(order.order_id.slice(0, 8), 16), createdAt, 'order_id starts with created_at');
      assert.match(order.order_number, /^\d{20}$/);
      assert.equal(order.order_number.slice(0, 6), seoulYymmdd(order.created_at));
      assert.match(order.created_at, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);

      assert.equal(order.status, 0);
      assert.equal(order.receipt_status, 0);
      assert.equal(order.order_name, body.order_name);
      assert.equal(order.price, 33_000);
      assert.equal(order.tax_free_price, 3_000);
      assert.equal(order.order_type, 'direct');
      assert.deepEqual(order.user, {
        user_id: 'buyer_1', username: '김하나', email: 'buyer1@example.com', phone: '010-1234-5678', user_group_id: 'group_1', name: '김하나',
      });
      assert.equal(order.username, '김하나');
      assert.equal(order.user_email, 'buyer1@example.com');
      // Each line also carries its id (`<order_id>-<line>`), which partial cancellations name.
      assert.deepEqual(order.products, (body.products as object[]).map((p, i) => ({ order_product_id: `${order.order_id}-${i + 1}`, ...p })));
      assert.equal(order.payment, null);
      assert.equal(order.purchased_at, null);
      assert.equal(order.subscription_billing_type, 0);
      assert.equal(order.history.length, 1);
      assert.deepEqual(order.history[0], {
        seq: 1,
        at: order.created_at,
        action: 'create',
        from_status: null,
        to_status: 0,
        from_receipt_status: null,
        to_receipt_status: 0,
        actor: clientKey,
        reason: null,
        action_label: '주문 생성',
        actor_type: 'key',
        actor_id: clientKey,
        actor_name: null,
        channel: 'api',
        cancellation_request_id: null,
      });

      const listed = await requestJson(server.baseUrl, `/v1/orders?keyword=${order.order_id}`, { authorization: api.authorization });
      assert.equal(listed.body.count, 1);
      assert.equal(listed.body.list[0].order_number, order.order_number);
      assert.equal(await other.count(), 0, 'another project sees nothing of it');
    });

    it('creates subscription orders and registers their contract', async () => {
      const body = newOrderBody({ order_type: 'subscription', order_subscription_id: 'sub_9', subscription_billing_type: 2 });
      const created = await api.create(body);
      assert.equal(created.status, 201, JSON.stringify(created.body));
      assert.equal(created.body.order_subscription_id, 'sub_9');
      assert.equal(created.body.subscription_billing_type, 2);
      assert.equal(created.body.subscription.order_subscription_id, 'sub_9');
      const byContract = await requestJson(server.baseUrl, '/v1/orders?order_subscription_ids=sub_9', { authorization: api.authorization });
      assert.equal(byContract.body.count, 1);
      const defaulted = await api.create(newOrderBody({ order_type: 'subscription', order_subscription_id: 'sub_10' }));
      assert.equal(defaulted.body.subscription_billing_type, 1, 'billing per contract by default');
    });

    it('accepts an order without products, and null optional fields', async () => {
      const created = await api.create({ order_name: '링크 주문', price: 0, order_type: 'link', user: { user_id: null, name: null } });
      assert.equal(created.status, 201, JSON.stringify(created.body));
      assert.deepEqual(created.body.products, []);
      assert.equal(created.body.user_id, null);
    });

    it('answers invalid bodies with 400 naming the field, the value and the expected form, and creates nothing', async () => {
      const before = await api.count();
      const cases: Array<[string, unknown, string]> = [
        ['negative price', newOrderBody({ price: -1, products: undefined, tax_free_price: 0 }), 'price'],
        ['fractional price', newOrderBody({ price: 1.5, products: undefined, tax_free_price: 0 }), 'price'],
        ['price as text', newOrderBody({ price: '33000' }), 'price'],
        ['null price', newOrderBody({ price: null }), 'price'],
        ['huge price', newOrderBody({ price: 1e20, products: undefined }), 'price'],
        ['missing price', newOrderBody({ price: undefined }), 'price'],
        ['empty name', newOrderBody({ order_name: '' }), 'order_name'],
        ['blank name', newOrderBody({ order_name: '   ' }), 'order_name'],
        ['unknown type', newOrderBody({ order_type: 'gift' }), 'order_type'],
        ['products not adding up', newOrderBody({ price: 34_000 }), 'products'],
        ['empty products', newOrderBody({ products: [] }), 'products'],
        ['zero quantity', newOrderBody({ products: [{ product_id: 'a', name: 'a', quantity: 0, price: 33_000 }] }), 'products[0].quantity'],
        ['product without price', newOrderBody({ products: [{ product_id: 'a', name: 'a', quantity: 1 }] }), 'products[0].price'],
        ['tax free above price', newOrderBody({ tax_free_price: 40_000 }), 'tax_free_price'],
        ['no user', newOrderBody({ user: undefined }), 'user'],
        ['user typo', newOrderBody({ user: { user_id: 'u', emial: 'x@y.z' } }), 'user.emial'],
        ['bad email', newOrderBody({ user: { email: 'not-an-email' } }), 'user.email'],
        ['unknown field', { ...newOrderBody(), tax_free: 0 }, 'tax_free'],
        ['subscription without contract', newOrderBody({ order_type: 'subscription' }), 'order_subscription_id'],
        ['contract on a direct order', newOrderBody({ order_subscription_id: 'sub_1' }), 'order_subscription_id'],
        ['billing type on a direct order', newOrderBody({ subscription_billing_type: 1 }), 'subscription_billing_type'],
        ['unknown billing type', newOrderBody({ order_type: 'subscription', order_subscription_id: 's', subscription_billing_type: 3 }), 'subscription_billing_type'],
        ['group billing without group', newOrderBody({ order_type: 'subscription', order_subscription_id: 's', subscription_billing_type: 2, user: {} }), 'user.user_group_id'],
        ['array body', [newOrderBody()], 'body'],
        ['blank product name', newOrderBody({ products: [{ product_id: 'a', name: '  ', quantity: 1, price: 33_000 }] }), 'products[0].name'],
        ['blank buyer name', newOrderBody({ user: { name: ' ' } }), 'user.name'],
        ['bad phone', newOrderBody({ user: { phone: '010-CALL-ME' } }), 'user.phone'],
      ];
      for (const [label, body, field] of cases) {
        const response = await api.create(body);
        assert.equal(response.status, 400, `${label}: ${JSON.stringify(response.body)}`);
        assert.equal(response.body.code, 1101, label);
        assert.equal(response.body.data.parameter, field, `${label}: ${response.body.message}`);
        assert.ok(response.body.message.startsWith(`${field} 값이 올바르지 않습니다: `), `${label}: ${response.body.message}`);
        assert.ok(response.body.data.expected.length > 0, label);
      }
      // The rules no schema expresses keep their exact wording.
      const blank = await api.create(newOrderBody({ order_name: '   ' }));
      assert.deepEqual(blank.body.data, { parameter: 'order_name', value: '"   "', expected: '공백이 아닌 200자 이하의 문자열 (필수)' });
      const email = await api.create(newOrderBody({ user: { email: 'not-an-email' } }));
      assert.deepEqual(email.body.data, { parameter: 'user.email', value: '"not-an-email"', expected: '이메일 주소 (254자 이하)' });
      const notJson = await fetch(`${server.baseUrl}/v1/orders`, {
        method: 'POST',
        headers: { authorization: api.authorization, 'content-type': 'application/json' },
        body: '{"order_name": ',
      });
      assert.equal(notJson.status, 400);
      assert.equal(((await notJson.json()) as { code: number }).code, 1101);
      assert.equal(await api.count(), before);
    });

    it('replays a repeated Idempotency-Key with the original response and creates nothing new', async () => {
      const key = randomUUID();
      const first = await api.create(newOrderBody(), key);
      assert.equal(first.status, 201);
      assert.equal(first.headers.get('idempotent-replayed'), null);
      const count = await api.count();
      // The same body with its fields in another order is the same request.
      const reordered = Object.fromEntries(Object.entries(newOrderBody()).reverse());
      const again = await api.create(reordered, key);
      assert.equal(again.status, 201);
      assert.equal(again.headers.get('idempotent-replayed'), 'true');
      assert.deepEqual(again.body, first.body);
      assert.equal(await api.count(), count);

      const changed = await api.create(newOrderBody({ order_name: '다른 주문' }), key);
      assert.equal(changed.status, 409);
      assert.deepEqual({ ...changed.body, data: undefined }, { ...DUPLICATED, data: undefined });
      assert.equal(await api.count(), count);

      const otherProject = await other.create(newOrderBody(), key);
      assert.equal(otherProject.status, 201, 'keys are per project');
      assert.notEqual(otherProject.body.order_id, first.body.order_id);

      const onAction = await api.act(first.body.order_id, 'payment.start', undefined, key);
      assert.equal(onAction.status, 409, 'a key is bound to its path too');
      assert.equal(onAction.body.code, 1200);
    });

    it('replays byte for byte, and sends a response stored by an earlier release as it was stored', async () => {
      const post = (key: string) =>
        fetch(`${server.baseUrl}/v1/orders`, {
          method: 'POST',
          headers: { authorization: api.authorization, 'content-type': 'application/json', 'idempotency-key': key },
          body: JSON.stringify(newOrderBody({ order_name: '그대로 다시' })),
        });
      const key = randomUUID();
      const first = await (await post(key)).text();
      const stored = await server.storage.db
        .selectFrom('idempotency_keys').select('response_body').where('idempotency_key', '=', key).executeTakeFirstOrThrow();
      assert.deepEqual(Object.keys(JSON.parse(stored.response_body!)), ['order'], 'the order is kept, not its rendering');
      assert.equal(await (await post(key)).text(), first);

      const legacyKey = randomUUID();
      await post(legacyKey);
      const legacyBody = '{"order_id":"stored-by-an-earlier-release","status":0}';
      await server.storage.db
        .updateTable('idempotency_keys').set({ response_body: legacyBody }).where('idempotency_key', '=', legacyKey).execute();
      const legacy = await post(legacyKey);
      assert.equal(legacy.headers.get('idempotent-replayed'), 'true');
      assert.equal(await legacy.text(), legacyBody);
    });

    it('forgets a key after 24 hours', async () => {
      const key = randomUUID();
      const first = await api.create(newOrderBody(), key);
      await server.storage.db
        .updateTable('idempotency_keys')
        .set({ created_at: Math.floor(Date.now() / 1000) - 24 * 3600 - 5 })
        .where('idempotency_key', '=', key)
        .execute();
      const later = await api.create(newOrderBody({ order_name: '하루 뒤 주문' }), key);
      assert.equal(later.status, 201);
      assert.notEqual(later.body.order_id, first.body.order_id);
      assert.equal(later.body.order_name, '하루 뒤 주문');
    });

    it('rejects a malformed Idempotency-Key with 400 naming the header', async () => {
      for (const key of ['has space', 'x'.repeat(256), '']) {
        const response = await requestJson(server.baseUrl, '/v1/orders', {
          method: 'POST',
          authorization: api.authorization,
          body: newOrderBody(),
          headers: { 'idempotency-key': key },
        });
        assert.equal(response.status, 400, key);
        assert.equal(response.body.data.parameter, 'Idempotency-Key');
      }
    });

    it('creates exactly one order for 20 concurrent requests with one key', async () => {
      const before = await api.count();
      const key = randomUUID();
      const responses = await Promise.all(Array.from({ length: 20 }, () => api.create(newOrderBody(), key)));
      for (const response of responses) assert.equal(response.status, 201, JSON.stringify(response.body));
      const ids = new Set(responses.map((r) => r.body.order_id));
      assert.equal(ids.size, 1);
      assert.equal(responses.filter((r) => r.headers.get('idempotent-replayed') === 'true').length, 19);
      for (const response of responses) assert.deepEqual(response.body, responses[0]!.body);
      assert.equal(await api.count(), before + 1);
    });

    it('creates one order per key for 20 concurrent requests with different keys', async () => {
      const before = await api.count();
      const responses = await Promise.all(Array.from({ length: 20 }, () => api.create(newOrderBody(), randomUUID())));
      assert.deepEqual(responses.map((r) => r.status), Array(20).fill(201));
      assert.equal(new Set(responses.map((r) => r.body.order_id)).size, 20);
      assert.equal(new Set(responses.map((r) => r.body.order_number)).size, 20);
      assert.equal(await api.count(), before + 20);
    });
  });
}
