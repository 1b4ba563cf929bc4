import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { OrderWithProducts } from '../src/domain/order.js';
import { insertOrders } from '../src/storage/order-repository.js';
import { basicAuth, requestJson, startTestServer, type TestServer } from './support/test-server.js';
import { TEST_DIALECTS } from './support/test-database.js';
import { makeOrder, oracleMatches, oracleSorted, toParams, type OracleFilter } from './support/summary-export-oracle.js';

const T0 = Date.parse('2025-05-10T00:00:00Z') / 1000;

for (const dialect of TEST_DIALECTS) {
  describe(`jumun filter extensions on GET /v1/orders (${dialect})`, () => {
    let server: TestServer;
    let auth: string;
    let orders: OrderWithProducts[];
    const failed = new Set<string>();

    before(async () => {
      server = await startTestServer(dialect);
      const keys = await server.createKeys('extensions');
      auth = basicAuth(keys);
      const types = ['link', 'direct', 'subscription'] as const;
      orders = Array.from({ length: 30 }, (_, i) =>
        makeOrder(keys.project_id, { created_at: T0 + i * 3_600, order_type: types[i % 3]!, status: i % 2 === 0 ? 0 : 1 }));
      await insertOrders(server.storage, orders);
      const failing = [orders[2]!, orders[7]!, orders[7]!, orders[20]!];
      await server.storage.bulkInsert([{
        table: 'order_status_history',
        rows: failing.map((o, i) => ({
          order_id: o.order_id, seq: i + 1, project_id: keys.project_id, at: o.created_at + 60, action: 'payment.fail',
          from_status: 1, to_status: 0, from_receipt_status: 0, to_receipt_status: 0, actor: null, reason: '한도 초과',
        })),
      }]);
      for (const o of failing) failed.add(o.order_id);
    });
    after(() => server.close());

    async function listIds(query: string): Promise<{ count: number; ids: string[] }> {
      const { status, body } = await requestJson(server.baseUrl, `/v1/orders?limit=50&${query}`, { authorization: auth });
      assert.equal(status, 200, JSON.stringify(body));
      return { count: body.count, ids: body.list.map((o: { order_id: string }) => o.order_id) };
    }

    const cases: Array<[string, OracleFilter, string]> = [
      ['order_type', { order_type: ['subscription'] }, 'order_type=subscription'],
      ['order_type in every array form', { order_type: ['link', 'direct'] }, 'order_type[]=link&order_type[]=direct'],
      ['created_before', { created_before: T0 + 10 * 3_600 }, 'created_before=2025-05-10T19:00:00%2B09:00'],
      ['payment_failed=true', { failed }, 'payment_failed=true'],
      ['combined with status', { status: [1], order_type: ['direct', 'subscription'], created_before: T0 + 20 * 3_600 }, ''],
    ];
    for (const [name, filter, query] of cases) {
      test(`${name} selects what the oracle selects`, async () => {
        const expected = oracleSorted(oracleMatches(orders, filter)).map((o) => o.order_id);
        assert.ok(expected.length > 0 && expected.length < orders.length, 'a filter that selects some, not all');
        assert.deepEqual(await listIds(query || toParams(filter)), { count: expected.length, ids: expected });
      });
    }

    test('payment_failed=false selects the orders without a failed attempt', async () => {
      const { count } = await listIds('payment_failed=false');
      assert.equal(count, orders.length - failed.size);
    });

    test('bad values are 400s naming the parameter', async () => {
      for (const [query, parameter] of [
        ['order_type=refund', 'order_type'],
        ['created_before=2025-05-10', 'created_before'],
        ['created_before=yesterday', 'created_before'],
        ['payment_failed=yes', 'payment_failed'],
      ]) {
        const { status, body } = await requestJson(server.baseUrl, `/v1/orders?${query}`, { authorization: auth });
        assert.equal(status, 400, query);
        assert.equal(body.code, 1100);
        assert.equal(body.data.parameter, parameter);
      }
    });
  });
}
