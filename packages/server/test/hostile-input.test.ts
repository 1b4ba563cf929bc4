import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { OrderWithProducts } from '../src/domain/order.js';
import { seedDemoOrders } from './support/fixtures.js';
import { ACTION_BODIES, ACTION_PATHS, newOrderBody, type Action } from './support/order-writes.js';
import { rawRequest } from './support/raw-http.js';
import { TEST_DIALECTS } from './support/test-database.js';
import { basicAuth, requestJson, startLimitedTestServer, type TestServer } from './support/test-server.js';

const ENVELOPE_KEYS = ['code', 'data', 'message', 'status'];

function assertEnvelope(body: unknown, status: number, code: number, what: string): void {
  assert.ok(body && typeof body === 'object', `${what}: a JSON body`);
  assert.deepEqual(Object.keys(body as object).sort(), ENVELOPE_KEYS, `${what}: the envelope's keys`);
  assert.equal((body as { status: number }).status, status, `${what}: status in the body`);
  assert.equal((body as { code: number }).code, code, `${what}: code`);
}

/** A 400 that names the parameter or field. */
function assertNamed(response: { status: number; body: any }, code: number, name: string, what: string): void {
  assert.equal(response.status, 400, `${what}: HTTP status`);
  assertEnvelope(response.body, 400, code, what);
  assert.equal(response.body.data?.parameter, name, `${what}: names ${name}`);
}

for (const dialect of TEST_DIALECTS) {
  describe(`hostile input on ${dialect}`, () => {
    let server: TestServer;
    let port: number;
    let keys: { project_id: string; client_key: string; secret_key: string };
    let orders: OrderWithProducts[];
    let auth: string;

    before(async () => {
      server = await startLimitedTestServer(dialect, { http: { headersTimeoutMs: 1_500 } });
      port = Number(new URL(server.baseUrl).port);
      keys = await server.createKeys('shop');
      orders = await seedDemoOrders(server.storage, keys.project_id, 50, 5);
      auth = basicAuth(keys);
    });
    after(() => server.close());

    const get = (path: string, authorization = auth) => requestJson(server.baseUrl, path, { authorization });
    const post = (path: string, body: unknown, authorization = auth) =>
      requestJson(server.baseUrl, path, { method: 'POST', authorization, body });

    it('fails a credential containing NUL as 401, never 500', async () => {
      const nulBasic = `Basic ${Buffer.from(`ab\0c:xyz`).toString('base64')}`;
      const nulSecret = `Basic ${Buffer.from(`${keys.client_key}:${keys.secret_key}\0`).toString('base64')}`;
      for (const authorization of [nulBasic, nulSecret, 'Bearer ab%00c.x.y']) {
        const response = await get('/v1/orders', authorization);
        assert.equal(response.status, 401, authorization);
        assertEnvelope(response.body, 401, 1700, authorization);
      }
      const token = await post('/v1/request/token', null, nulBasic);
      assert.equal(token.status, 401);
    });

    it('refuses NUL and lone surrogates in every query parameter and path parameter, naming it', async () => {
      for (const name of ['keyword', 'user_id', 'user_group_id', 'order_subscription_ids', 'css_at', 'status']) {
        assertNamed(await get(`/v1/orders?${name}=a%00b`), 1100, name, `${name} with NUL`);
      }
      assertNamed(await get('/v1/orders/month?user_group_id=%00&search_date=2025-01'), 1100, 'user_group_id', 'month');
      assertNamed(await get('/v1/orders/summary?keyword=%00'), 1100, 'keyword', 'summary');
      assertNamed(await get('/v1/orders/export?user_id=%00'), 1100, 'user_id', 'export');
      assertNamed(await get('/v1/orders/ab%00cd'), 1100, 'order_id', 'detail path');
      assertNamed(await post('/v1/orders/ab%00cd/cancel', { reason: 'x' }), 1100, 'order_id', 'action path');
      // Still nothing stored or broken: the list answers as before.
      const list = await get('/v1/orders');
      assert.equal(list.status, 200);
      assert.equal(list.body.count, orders.length);
    });

    it('refuses NUL and lone surrogates in every body field, naming its path', async () => {
      const cases: Array<[string, Record<string, unknown>]> = [
        ['order_name', newOrderBody({ order_name: '원두\u0000' })],
        ['order_name', newOrderBody({ order_name: 'half \ud800 pair' })],
        ['user.name', newOrderBody({ user: { user_id: 'u1', name: 'a\u0000' } })],
        ['user.user_id', newOrderBody({ user: { user_id: '\udc00', name: 'a' } })],
        ['products[0].product_id', newOrderBody({ products: [{ product_id: 'p\u0000', name: 'n', quantity: 1, price: 33_000 }] })],
      ];
      for (const [field, body] of cases) assertNamed(await post('/v1/orders', body), 1101, field, `create ${field}`);
      const order = orders[0]!;
      for (const [action, path] of Object.entries(ACTION_PATHS) as Array<[Action, string]>) {
        const body = ACTION_BODIES[action];
        if (!body) continue;
        const [field] = Object.keys(body) as [string];
        const response = await post(`/v1/orders/${order.order_id}/${path}`, { ...body, [field]: 'x\u0000' });
        assertNamed(response, 1101, field, `${action} ${field}`);
      }
      const token = await post('/v1/request/token', { client_key: keys.client_key, secret_key: `${keys.secret_key}\u0000` }, '');
      assertNamed(token, 1101, 'secret_key', 'token body');
      assert.ok(!JSON.stringify(token.body).includes(keys.secret_key), 'the secret is not echoed');
      const after = await get(`/v1/orders/${order.order_id}`);
      assert.equal(after.body.status, order.status, 'no action was applied');
    });

    it('answers deeply nested JSON on every POST route with an envelope, the unauthenticated token route included', async () => {
      const deep = '['.repeat(5_000) + ']'.repeat(5_000);
      const paths = ['/v1/request/token', '/v1/orders', `/v1/orders/${orders[0]!.order_id}/cancel`];
      for (const path of paths) {
        for (const authorization of [auth, '']) {
          const response = await fetch(server.baseUrl + path, {
            method: 'POST',
            headers: { 'content-type': 'application/json', ...(authorization ? { authorization } : {}) },
            body: deep,
          });
          const body = await response.json();
          // Behind authentication, a caller without credentials learns only that (401).
          const expected = authorization || path === '/v1/request/token' ? [400, 1101] : [401, 1700];
          assert.equal(response.status, expected[0], `${path} ${authorization ? 'with' : 'without'} auth`);
          assertEnvelope(body, expected[0]!, expected[1]!, path);
        }
      }
      // A deep value inside an ordinary body is refused the same way.
      const nested = await post('/v1/orders', newOrderBody({ order_name: JSON.parse('['.repeat(40) + ']'.repeat(40)) }));
      assert.equal(nested.status, 400);
      assertEnvelope(nested.body, 400, 1101, 'nested field');
    });

    it('never echoes a credential value sent with the wrong type', async () => {
      const response = await post('/v1/request/token', { client_key: keys.client_key, secret_key: [keys.secret_key] }, '');
      assert.equal(response.status, 400);
      assertEnvelope(response.body, 400, 1101, 'wrong type');
      assert.equal(response.body.data.parameter, 'secret_key');
      assert.ok(!JSON.stringify(response.body).includes(keys.secret_key), 'the secret is not echoed');
      const query = await get(`/v1/orders?secret_key=${keys.secret_key}&limit=abc`);
      assert.equal(query.status, 400);
      assert.ok(!JSON.stringify(query.body).includes(keys.secret_key));
    });

    it('answers requests that fail before routing in the envelope', async () => {
      const cases: Array<[string, Buffer | string, number, number]> = [
        ['raw UTF-8 in the request line', Buffer.concat([Buffer.from('GET /v1/orders?keyword='), Buffer.from('홍길동'), Buffer.from(' HTTP/1.1\r\nHost: x\r\n\r\n')]), 400, 1102],
        ['a space in the target', 'GET /v1/or ders x HTTP/1.1\r\nHost: x\r\n\r\n', 400, 1102],
        ['NUL in the request line', 'GET /v1/orders\0 HTTP/1.1\r\nHost: x\r\n\r\n', 400, 1102],
        ['bad percent-encoding in the path', 'GET /v1/orders/%E0%A4%A HTTP/1.1\r\nHost: x\r\n\r\n', 400, 1102],
        ['a path segment over 100 characters', `GET /v1/orders/${'a'.repeat(101)} HTTP/1.1\r\nHost: x\r\n\r\n`, 414, 1414],
        ['a request head over 16 KB', `GET /v1/orders HTTP/1.1\r\nHost: x\r\nX-Big: ${'b'.repeat(17_000)}\r\n\r\n`, 431, 1431],
      ];
      for (const [what, bytes, status, code] of cases) {
        const response = await rawRequest(port, bytes);
        assert.equal(response.status, status, what);
        assertEnvelope(response.json, status, code, what);
      }
    });

    it('answers 408 in the envelope when the headers do not arrive in time, and drops the connection', async () => {
      const started = Date.now();
      const response = await rawRequest(port, 'GET /v1/orders HTTP/1.1\r\nHost: x\r\n', { timeoutMs: 8_000 });
      assert.ok(response.closedByServer, 'the server closed the connection');
      assert.ok(Date.now() - started < 7_000, 'within a few seconds of the 1.5 s headers timeout');
      assert.equal(response.status, 408);
      assertEnvelope(response.json, 408, 1408, 'headers timeout');
    });

    it('drops a slowloris within the headers timeout while light requests keep being answered', async () => {
      const sockets = Array.from({ length: 40 }, () =>
        new Promise<number>((resolve) => {
          const opened = Date.now();
          import('node:net').then(({ connect }) => {
            const socket = connect({ port, host: '127.0.0.1' });
            let sent = 0;
            const head = 'GET /v1/orders HTTP/1.1\r\nHost: x\r\nX-Slow: ' + 'z'.repeat(200);
            const tick = setInterval(() => {
              if (socket.writable && sent < head.length) socket.write(head[sent++]!);
            }, 100);
            socket.on('error', () => {});
            socket.on('close', () => {
              clearInterval(tick);
              resolve(Date.now() - opened);
            });
          });
        }),
      );
      // Light requests meanwhile: all answered.
      for (let i = 0; i < 10; i++) assert.equal((await get('/v1/orders?limit=1')).status, 200);
      const lifetimes = await Promise.all(sockets);
      assert.ok(Math.max(...lifetimes) < 6_000, `every slow socket was dropped (longest ${Math.max(...lifetimes)} ms)`);
    });
  });
}
