import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { issueAccessToken } from '../src/domain/credentials.js';
import type { OrderWithProducts } from '../src/domain/order.js';
import { revokeApiKey } from '../src/storage/api-key-repository.js';
import { seedDemoOrders } from './support/fixtures.js';
import { TEST_DIALECTS } from './support/test-database.js';
import { basicAuth, requestJson, startTestServer, type TestServer } from './support/test-server.js';

const AUTH_FAILURE = { status: 401, code: 1700, message: 'Access Token이 잘못되었거나 만료되었습니다.', data: null };

for (const dialect of TEST_DIALECTS) {
  describe(`authentication, errors, detail and month on ${dialect}`, () => {
    let server: TestServer;
    let keysA: { project_id: string; client_key: string; secret_key: string };
    let keysB: { project_id: string; client_key: string; secret_key: string };
    let ordersA: OrderWithProducts[];
    let ordersB: OrderWithProducts[];

    before(async () => {
      server = await startTestServer(dialect);
      keysA = await server.createKeys('shop-a');
      keysB = await server.createKeys('shop-b');
      ordersA = await seedDemoOrders(server.storage, keysA.project_id, 300, 11);
      ordersB = await seedDemoOrders(server.storage, keysB.project_id, 120, 12);
    });
    after(() => server.close());

    const get = (path: string, authorization?: string, headers?: Record<string, string>) =>
      requestJson(server.baseUrl, path, { authorization, headers });

    it('rejects every authentication failure with 401 / 1700 and the same message', async () => {
      const expired = issueAccessToken(server.hashKey, keysA.client_key, Math.floor(Date.now() / 1000) - 1);
      const forged = issueAccessToken('not-the-server-key', keysA.client_key, Math.floor(Date.now() / 1000) + 600);
      const failures: Array<string | undefined> = [
        undefined,
        '',
        'Basic',
        'Basic !!!notbase64',
        `Basic ${Buffer.from(keysA.client_key).toString('base64')}`,
        basicAuth({ client_key: keysA.client_key, secret_key: 'wrong' }),
        basicAuth({ client_key: keysA.client_key, secret_key: keysB.secret_key }),
        basicAuth({ client_key: 'unknown-key', secret_key: keysA.secret_key }),
        basicAuth({ client_key: keysA.client_key, secret_key: '' }),
        `Bearer ${expired}`,
        `Bearer ${forged}`,
        'Bearer garbage',
        `Digest ${keysA.secret_key}`,
      ];
      for (const authorization of failures) {
        const response = await get('/v1/orders', authorization);
        assert.equal(response.status, 401, String(authorization));
        assert.deepEqual(response.body, AUTH_FAILURE);
        assert.ok(!JSON.stringify(response.body).includes(keysA.secret_key));
      }
      const detail = await get(`/v1/orders/${ordersA[0]!.order_id}`);
      assert.deepEqual(detail.body, AUTH_FAILURE);
    });

    it('exchanges a key pair for a 30-minute Bearer token, by header or JSON body', async () => {
      const before = Math.floor(Date.now() / 1000);
      const byHeader = await requestJson(server.baseUrl, '/v1/request/token', { method: 'POST', authorization: basicAuth(keysA) });
      assert.equal(byHeader.status, 200);
      const expiresAt = Date.parse(byHeader.body.expired_at) / 1000;
      assert.ok(expiresAt >= before + 1800 && expiresAt <= before + 1802, byHeader.body.expired_at);
      const withToken = await get('/v1/orders?limit=1', `Bearer ${byHeader.body.access_token}`);
      assert.equal(withToken.status, 200);
      assert.equal(withToken.body.count, ordersA.length);

      const byBody = await requestJson(server.baseUrl, '/v1/request/token', {
        method: 'POST',
        body: { client_key: keysB.client_key, secret_key: keysB.secret_key },
      });
      assert.equal(byBody.status, 200);
      assert.equal((await get('/v1/orders?limit=1', `Bearer ${byBody.body.access_token}`)).body.count, ordersB.length);

      const sdkStyle = await requestJson(server.baseUrl, '/v1/request/token', {
        method: 'POST',
        authorization: basicAuth(keysA),
        body: { client_key: keysA.client_key, secret_key: keysA.secret_key },
      });
      assert.equal(sdkStyle.status, 200);

      const wrong = await requestJson(server.baseUrl, '/v1/request/token', {
        method: 'POST',
        body: { client_key: keysA.client_key, secret_key: 'nope' },
      });
      assert.deepEqual(wrong.body, AUTH_FAILURE);
      const tokenForToken = await requestJson(server.baseUrl, '/v1/request/token', {
        method: 'POST',
        authorization: `Bearer ${byHeader.body.access_token}`,
      });
      assert.equal(tokenForToken.status, 401);
    });

    it('stops a revoked key pair and its tokens at once', async () => {
      const keys = await server.createKeys('shop-a');
      const token = await requestJson(server.baseUrl, '/v1/request/token', { method: 'POST', authorization: basicAuth(keys) });
      assert.equal((await get('/v1/orders?limit=1', `Bearer ${token.body.access_token}`)).status, 200);
      assert.equal(await revokeApiKey(server.storage, keys.client_key, Math.floor(Date.now() / 1000)), true);
      assert.deepEqual((await get('/v1/orders?limit=1', basicAuth(keys))).body, AUTH_FAILURE);
      assert.deepEqual((await get('/v1/orders?limit=1', `Bearer ${token.body.access_token}`)).body, AUTH_FAILURE);
      assert.equal((await get('/v1/orders?limit=1', basicAuth(keysA))).status, 200, 'other keys of the project still work');
    });

    it('accepts what the official SDK sends: JSON content type on bodiless calls, its extra headers', async () => {
      const response = await fetch(`${server.baseUrl}/v1/orders?limit=5&css_at=2025-01-01&status=1%2C2`, {
        headers: {
          authorization: basicAuth(keysA),
          'content-type': 'application/json',
          accept: 'application/json, text/plain, */*',
          'BOOTPAY-SDK-VERSION': '2.13.1',
          'BOOTPAY-API-VERSION': '5.0.0',
          'BOOTPAY-SDK-TYPE': '301',
          'BOOTPAY-ROLE': 'user',
          'Accept-Charset': 'utf-8',
          'Accept-Encoding': 'gzip, compress, deflate, br',
        },
      });
      assert.equal(response.status, 200);
      const body = (await response.json()) as { count: number };
      const expected = ordersA.filter((o) => [1, 2].includes(o.status) && o.created_at >= Date.parse('2024-12-31T15:00:00Z') / 1000);
      assert.equal(body.count, expected.length);
      const token = await fetch(`${server.baseUrl}/v1/request/token`, {
        method: 'POST',
        headers: { authorization: basicAuth(keysA), 'content-type': 'application/json' },
      });
      assert.equal(token.status, 200, 'an empty JSON body is no body, not a 400');
      assert.ok(response.headers.get('x-request-id'));
    });

    it('never shows one project another project’s orders', async () => {
      const a = basicAuth(keysA);
      const b = basicAuth(keysB);
      assert.equal((await get('/v1/orders?limit=1', a)).body.count, ordersA.length);
      assert.equal((await get('/v1/orders?limit=1', b)).body.count, ordersB.length);
      const foreign = ordersA[5]!;
      const asB = await get(`/v1/orders/${foreign.order_id}`, b);
      assert.equal(asB.status, 404);
      assert.deepEqual(asB.body, { status: 404, code: 3700, message: '주문내역을 찾지 못했습니다.', data: null });
      assert.equal((await get(`/v1/orders?keyword=${foreign.order_id}`, b)).body.count, 0);
      assert.equal((await get(`/v1/orders?user_id=${foreign.user_id}&limit=50`, b)).body.list
        .filter((o: { order_id: string }) => ordersA.some((x) => x.order_id === o.order_id)).length, 0);
      const group = ordersA.find((o) => o.user_group_id)!;
      const month = new Date((group.created_at + 9 * 3600) * 1000).toISOString().slice(0, 7);
      const monthAsB = await get(`/v1/orders/month?user_group_id=${group.user_group_id}&search_date=${month}&limit=50`, b);
      assert.ok(monthAsB.body.list.every((o: { order_id: string }) => !ordersA.some((x) => x.order_id === o.order_id)));
    });

    it('shows one order in full, and 404 / 3700 for a missing or malformed id', async () => {
      const paid = ordersA.find((o) => o.order_subscription_id !== null && o.receipt_id !== null)!;
      const response = await get(`/v1/orders/${paid.order_id}`, basicAuth(keysA));
      assert.equal(response.status, 200);
      const body = response.body;
      assert.equal(body.order_id, paid.order_id);
      assert.equal(body.order_name, paid.order_name);
      assert.equal(body.price, paid.price);
      assert.equal(body.receipt_id, paid.receipt_id);
      assert.deepEqual(body.products, paid.products.map((p, i) => ({ order_product_id: `${paid.order_id}-${i + 1}`, ...p })));
      assert.deepEqual(body.payment, paid.payment);
      assert.deepEqual(body.user, {
        user_id: paid.user_id, username: paid.username, email: paid.user_email, phone: paid.user_phone, user_group_id: paid.user_group_id,
        name: paid.username,
      });
      assert.equal(body.subscription.order_subscription_id, paid.order_subscription_id);
      assert.equal(body.subscription.billing_type, paid.subscription_billing_type);
      assert.deepEqual(body.history, []);
      for (const id of ['ffffffffffffffffffffffff', 'not-an-id', 'FFFFFFFFFFFFFFFFFFFFFFFF', `${paid.order_id}0`]) {
        const missing = await get(`/v1/orders/${id}`, basicAuth(keysA));
        assert.equal(missing.status, 404, id);
        assert.equal(missing.body.code, 3700, id);
      }
    });

    it('lists a buyer group’s orders of one month in Seoul time', async () => {
      const group = ordersA.find((o) => o.user_group_id !== null)!.user_group_id!;
      const seoulMonth = (t: number) => new Date((t + 9 * 3600) * 1000).toISOString().slice(0, 7);
      const month = seoulMonth(ordersA.find((o) => o.user_group_id === group)!.created_at);
      const expected = ordersA
        .filter((o) => o.user_group_id === group && seoulMonth(o.created_at) === month)
        .sort((x, y) => y.created_at - x.created_at || (y.order_id > x.order_id ? 1 : -1));
      const response = await get(`/v1/orders/month?user_group_id=${group}&search_date=${month}&limit=50`, basicAuth(keysA));
      assert.equal(response.status, 200);
      assert.equal(response.body.count, expected.length);
      assert.deepEqual(response.body.list.map((o: { order_id: string }) => o.order_id), expected.slice(0, 50).map((o) => o.order_id));
      for (const [query, parameter] of [
        ['search_date=2025-01', 'user_group_id'],
        [`user_group_id=${group}`, 'search_date'],
        [`user_group_id=${group}&search_date=2025-13`, 'search_date'],
        [`user_group_id=${group}&search_date=2025-1`, 'search_date'],
      ] as const) {
        const bad = await get(`/v1/orders/month?${query}`, basicAuth(keysA));
        assert.equal(bad.status, 400, query);
        assert.equal(bad.body.data.parameter, parameter, query);
      }
    });

    it('answers bad input with 400 naming the parameter, the value and the expected form', async () => {
      const cases: Array<[string, string, string]> = [
        ['page=0', 'page', '0'],
        ['page=-1', 'page', '-1'],
        ['page=abc', 'page', 'abc'],
        ['page=1.5', 'page', '1.5'],
        ['page=99999999999999999999', 'page', '99999999999999999999'],
        ['limit=0', 'limit', '0'],
        ['limit=ten', 'limit', 'ten'],
        ['css_at=2025-02-30', 'css_at', '2025-02-30'],
        ['cse_at=2025-13-01', 'cse_at', '2025-13-01'],
        ['css_at=20250101', 'css_at', '20250101'],
        ['search_date_from=2025-02-29', 'search_date_from', '2025-02-29'],
        ['css_at=2025-02-01&cse_at=2025-01-31', 'cse_at', '2025-01-31'],
        ['css_at=2025-02-01&search_date_from=2025-03-01', 'search_date_from', '2025-03-01'],
        ['cs_type=u_at', 'cs_type', 'u_at'],
        ['status=5', 'status', '5'],
        ['status=1,x', 'status', 'x'],
        ['status=-1', 'status', '-1'],
        ['payment_status=2', 'payment_status', '2'],
        ['subscription_billing_type=3', 'subscription_billing_type', '3'],
        ['subscription_billing_type=1,2', 'subscription_billing_type', '1,2'],
        [`keyword=${'가'.repeat(101)}`, 'keyword', '가'.repeat(100)],
        [`user_id=${'u'.repeat(129)}`, 'user_id', 'u'.repeat(100)],
        ['user_id=a&user_id=b', 'user_id', 'a,b'],
        [`status=${Array.from({ length: 101 }, () => '1').join(',')}`, 'status', ''],
      ];
      for (const [query, parameter, value] of cases) {
        const response = await get(`/v1/orders?${query}`, basicAuth(keysA));
        assert.equal(response.status, 400, query);
        assert.equal(response.body.status, 400, query);
        assert.equal(response.body.code, 1100, query);
        assert.equal(response.body.data.parameter, parameter, query);
        assert.ok(String(response.body.data.value).startsWith(value), `${query}: ${response.body.data.value}`);
        assert.ok(response.body.message.includes(parameter), query);
        assert.ok(response.body.data.expected.length > 0, query);
      }
    });

    it('renders unknown routes in the same envelope', async () => {
      const response = await get('/v1/nothing-here', basicAuth(keysA));
      assert.equal(response.status, 404);
      assert.equal(response.body.status, 404);
      assert.equal(typeof response.body.code, 'number');
      assert.notEqual(response.body.code, 3700);
    });
  });
}
