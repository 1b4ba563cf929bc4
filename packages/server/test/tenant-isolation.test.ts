import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { OrderWithProducts } from '../src/domain/order.js';
import { seedDemoOrders } from './support/fixtures.js';
import { random } from './support/fuzz-requests.js';
import { ACTION_BODIES, ACTION_PATHS, type Action } from './support/order-writes.js';
import { TEST_DIALECTS } from './support/test-database.js';
import { basicAuth, requestJson, startLimitedTestServer, type TestServer } from './support/test-server.js';

const ATTEMPTS = 300;

for (const dialect of TEST_DIALECTS) {
  describe(`tenant isolation on ${dialect}`, () => {
    let server: TestServer;
    let ordersA: OrderWithProducts[];
    let idsA: Set<string>;
    let authA: string;
    let authsB: string[];

    before(async () => {
      server = await startLimitedTestServer(dialect, { rateLimits: { keyPerSecond: 0, authFailuresPerMinute: 0, heavyConcurrency: 0 } });
      const keysA = await server.createKeys('shop-a');
      const keysB = await server.createKeys('shop-b');
      ordersA = await seedDemoOrders(server.storage, keysA.project_id, 150, 31);
      await seedDemoOrders(server.storage, keysB.project_id, 40, 32);
      idsA = new Set(ordersA.map((o) => o.order_id));
      authA = basicAuth(keysA);
      const token = await requestJson(server.baseUrl, '/v1/request/token', { method: 'POST', authorization: basicAuth(keysB) });
      authsB = [basicAuth(keysB), `Bearer ${token.body.access_token}`];
    });
    after(() => server.close());

    /** Everything A can see: every order in full. */
    const snapshotA = async () =>
      Promise.all(ordersA.map(async (o) => (await requestJson(server.baseUrl, `/v1/orders/${o.order_id}`, { authorization: authA })).body));

    it(`leaks nothing of project A to project B's keys and tokens in ${ATTEMPTS} random attempts, and changes nothing of A`, async () => {
      const before = await snapshotA();
      const rand = random(4242);
      const pick = <T>(items: readonly T[]) => items[Math.floor(rand() * items.length)]!;
      let leaks = 0;
      for (let i = 0; i < ATTEMPTS; i++) {
        const order = pick(ordersA);
        const authorization = pick(authsB);
        const kind = Math.floor(rand() * 7);
        let response: { status: number; body: any };
        let raw: string;
        if (kind === 0 || kind === 1) {
          const action = pick(Object.keys(ACTION_PATHS) as Action[]);
          response = await requestJson(server.baseUrl, `/v1/orders/${order.order_id}/${ACTION_PATHS[action]}`, {
            method: 'POST',
            authorization,
            body: ACTION_BODIES[action] ?? null,
            headers: rand() < 0.5 ? { 'idempotency-key': `k-${i}` } : {},
          });
          assert.equal(response.status, 404, `${action} on A's order`);
          assert.equal(response.body.code, 3700);
        } else if (kind === 2) {
          response = await requestJson(server.baseUrl, `/v1/orders/${order.order_id}`, { authorization });
          assert.equal(response.status, 404);
        } else if (kind === 3) {
          const keyword = pick([order.order_id, order.order_id.slice(0, 8), order.order_number, order.receipt_id ?? order.order_number]);
          response = await requestJson(server.baseUrl, `/v1/orders?keyword=${encodeURIComponent(keyword)}`, { authorization });
          assert.equal(response.status, 200);
        } else if (kind === 4) {
          const filter = pick([`user_id=${order.user_id}`, `user_group_id=${order.user_group_id}`, `order_subscription_ids=${order.order_subscription_id}`]);
          response = await requestJson(server.baseUrl, `/v1/orders/summary?${filter}`, { authorization });
          assert.equal(response.status, 200);
        } else if (kind === 5) {
          response = await requestJson(server.baseUrl, `/v1/orders/month?user_group_id=${order.user_group_id}&search_date=2025-06`, { authorization });
          assert.ok(response.status === 200 || response.status === 400, String(response.status));
        } else {
          const exported = await fetch(`${server.baseUrl}/v1/orders/export?keyword=${order.order_id}`, { headers: { authorization } });
          assert.equal(exported.status, 200);
          response = { status: 200, body: await exported.text() };
        }
        raw = typeof response.body === 'string' ? response.body : JSON.stringify(response.body);
        for (const id of raw.match(/[0-9a-f]{24}/g) ?? []) if (idsA.has(id)) leaks++;
      }
      assert.equal(leaks, 0, 'no order id of A in any answer to B');
      // The check sees ids where there are some: B's own list shows B's.
      const own = JSON.stringify((await requestJson(server.baseUrl, '/v1/orders', { authorization: authsB[0] })).body);
      assert.ok((own.match(/[0-9a-f]{24}/g) ?? []).length >= 20, "B's list shows B's order ids");
      assert.deepEqual(await snapshotA(), before, "A's orders are exactly as they were");
    });
  });
}
