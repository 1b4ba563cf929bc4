import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { OrderWithProducts } from '../src/domain/order.js';
import { insertOrders } from '../src/storage/order-repository.js';
import { handMadeOrder, seedDemoOrders } from './support/fixtures.js';
import { oracleList, toQueryString, type OracleQuery } from './support/oracle.js';
import { TEST_DIALECTS } from './support/test-database.js';
import { basicAuth, requestJson, startTestServer, type TestServer } from './support/test-server.js';

const at = (iso: string) => Date.parse(iso) / 1000;

for (const dialect of TEST_DIALECTS) {
  describe(`GET /v1/orders on ${dialect}`, () => {
    let server: TestServer;
    let auth: string;
    let orders: OrderWithProducts[];

    before(async () => {
      server = await startTestServer(dialect);
      const keys = await server.createKeys('shop-a');
      auth = basicAuth(keys);
      orders = await seedDemoOrders(server.storage, keys.project_id, 1_200);
      const edge = [
        // 2025-02-01 00:30 in Seoul, but still January 31 in UTC.
        handMadeOrder(keys.project_id, {
          created_at: at('2025-01-31T15:30:00Z'), purchased_at: at('2025-01-31T15:30:00Z'),
          status: 2, receipt_status: 1, receipt_id: 'rcpt_edge_1', order_name: 'Premium COFFEE 세트', user_id: 'tz_user',
        }),
        // 2025-01-31 23:59:59 in Seoul.
        handMadeOrder(keys.project_id, {
          created_at: at('2025-01-31T14:59:59Z'), purchased_at: at('2025-01-31T14:59:59Z'),
          status: 2, receipt_status: 1, receipt_id: 'rcpt_edge_2', order_name: '100% 환불 보장', user_id: 'tz_user',
        }),
        ...[1, 2, 3].map((n) =>
          handMadeOrder(keys.project_id, { created_at: at('2025-03-03T03:03:03Z'), order_name: `under_score 상품 ${n}`, user_id: 'tie_user' }),
        ),
        handMadeOrder(keys.project_id, { created_at: at('2025-04-04T04:04:04Z'), order_name: "'; DROP TABLE orders; --", user_id: 'sql_user' }),
      ];
      await insertOrders(server.storage, edge);
      orders.push(...edge);
    });
    after(() => server.close());

    async function list(query: string) {
      const response = await requestJson(server.baseUrl, `/v1/orders${query ? `?${query}` : ''}`, { authorization: auth });
      assert.equal(response.status, 200, JSON.stringify(response.body));
      return response.body as { count: number; list: Array<Record<string, unknown>> };
    }

    async function assertMatchesOracle(q: OracleQuery) {
      const expected = oracleList(orders, q);
      const actual = await list(toQueryString(q));
      assert.equal(actual.count, expected.count, `count for ${toQueryString(q)}`);
      assert.deepEqual(actual.list.map((o) => o.order_id), expected.ids, `page for ${toQueryString(q)}`);
      return expected;
    }

    const sample = () => orders[317]!;
    const paidSample = () => orders.find((o, i) => i > 400 && o.receipt_id !== null)!;
    const groupSample = () => orders.find((o, i) => i > 100 && o.user_group_id !== null)!;
    const subscriptionSamples = () => [...new Set(orders.map((o) => o.order_subscription_id).filter((id) => id !== null))].slice(0, 3) as string[];

    it('answers the seed example shape: count of all matches and the ten fields', async () => {
      const body = await list('page=1&limit=20&css_at=2025-01-01&cse_at=2025-01-31');
      const expected = oracleList(orders, { css_at: '2025-01-01', cse_at: '2025-01-31', page: 1, limit: 20 });
      assert.ok(expected.count > 20, 'the fixture has more orders in January than a page');
      assert.equal(body.count, expected.count);
      const item = body.list[0]!;
      assert.deepEqual(Object.keys(item).slice(0, 10), [
        'order_id', 'order_name', 'price', 'status', 'receipt_status', 'order_number',
        'purchased_at', 'created_at', 'username', 'user_email',
      ]);
      const source = orders.find((o) => o.order_id === item.order_id)!;
      assert.equal(item.created_at, new Date(source.created_at * 1000).toISOString().replace('.000', ''));
      assert.match(String(item.created_at), /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/);
      assert.match(String(item.order_id), /^[0-9a-f]{24}$/);
      assert.match(String(item.order_number), /^\d{20}$/);
      assert.equal(typeof item.price, 'number');
    });

    it('filters by each parameter alone, as the oracle does', async () => {
      const cases: OracleQuery[] = [
        {},
        { user_id: sample().user_id! },
        { user_group_id: groupSample().user_group_id! },
        { order_subscription_ids: subscriptionSamples() },
        { subscription_billing_type: 0 },
        { subscription_billing_type: 1 },
        { subscription_billing_type: 2 },
        { keyword: '텀블러' },
        { keyword: 'coffee' },
        { keyword: sample().order_id.slice(0, 10) },
        { keyword: sample().order_id.slice(0, 10).toUpperCase() },
        { keyword: sample().order_number.slice(0, 9) },
        { keyword: paidSample().receipt_id!.slice(0, 8) },
        { cs_type: 'c_at' },
        { cs_type: 'p_at' },
        { css_at: '2025-03-01' },
        { cse_at: '2024-12-31' },
        { css_at: '2025-05-01', cse_at: '2025-05-31' },
        { status: [0] }, { status: [1] }, { status: [2] }, { status: [3] }, { status: [4] },
        { payment_status: [0] }, { payment_status: [1] }, { payment_status: [20] },
      ];
      for (const q of cases) {
        const expected = await assertMatchesOracle({ ...q, limit: 50 });
        if (Object.keys(q).length > 0 && q.cs_type === undefined) {
          assert.ok(expected.count < orders.length, `${toQueryString(q)} filters something out`);
        }
      }
    });

    it('combines filters with AND and array values with OR', async () => {
      const cases: OracleQuery[] = [
        { status: [2, 4], payment_status: [1, 20] },
        { status: [2], css_at: '2025-02-01', cse_at: '2025-04-30' },
        { cs_type: 'p_at', css_at: '2025-02-01', cse_at: '2025-04-30', payment_status: [1] },
        { user_group_id: groupSample().user_group_id!, status: [2, 3] },
        { order_subscription_ids: subscriptionSamples(), subscription_billing_type: 1, status: [2] },
        { keyword: '외', status: [2], css_at: '2025-01-01' },
        { user_id: sample().user_id!, cs_type: 'p_at' },
        { keyword: 'Premium', payment_status: [1], cs_type: 'p_at', css_at: '2025-02-01', cse_at: '2025-02-01' },
      ];
      for (const q of cases) {
        await assertMatchesOracle({ ...q, limit: 50 });
        await assertMatchesOracle({ ...q, limit: 7, page: 2 });
      }
    });

    it('accepts every array form with the same meaning', async () => {
      const forms = [
        'status=2,4&payment_status=1,20',
        'status=2%2C4&payment_status=1%2C20',
        'status=2&status=4&payment_status=1&payment_status=20',
        'status[]=2&status[]=4&payment_status[]=1&payment_status[]=20',
        'status%5B%5D=2&status%5B%5D=4&payment_status%5B%5D=1&payment_status%5B%5D=20',
        'status[0]=2&status[1]=4&payment_status[0]=1&payment_status[1]=20',
      ];
      const expected = oracleList(orders, { status: [2, 4], payment_status: [1, 20], limit: 50 });
      for (const form of forms) {
        const body = await list(`${form}&limit=50`);
        assert.equal(body.count, expected.count, form);
        assert.deepEqual(body.list.map((o) => o.order_id), expected.ids, form);
      }
      const ids = subscriptionSamples();
      const bySubscription = oracleList(orders, { order_subscription_ids: ids, limit: 50 });
      for (const form of [
        `order_subscription_ids=${ids.join(',')}`,
        ids.map((id) => `order_subscription_ids=${id}`).join('&'),
        ids.map((id) => `order_subscription_ids[]=${id}`).join('&'),
        ids.map((id, i) => `order_subscription_ids[${i}]=${id}`).join('&'),
      ]) {
        const body = await list(`${form}&limit=50`);
        assert.equal(body.count, bySubscription.count, form);
      }
    });

    it('accepts the official SDK date aliases search_date_from / search_date_to', async () => {
      const expected = oracleList(orders, { css_at: '2025-02-01', cse_at: '2025-02-28', limit: 50 });
      const body = await list('search_date_from=2025-02-01&search_date_to=2025-02-28&limit=50');
      assert.equal(body.count, expected.count);
      assert.deepEqual(body.list.map((o) => o.order_id), expected.ids);
    });

    it('pages: default 20, clamp to 50, page past the end keeps the true count', async () => {
      assert.equal((await list('')).list.length, 20);
      const clamped = await list('limit=100');
      assert.equal(clamped.list.length, 50);
      assert.equal(clamped.count, orders.length);
      const last = Math.ceil(orders.length / 50);
      const lastPage = await list(`limit=50&page=${last}`);
      assert.equal(lastPage.list.length, orders.length - (last - 1) * 50);
      const past = await list(`limit=50&page=${last + 1}`);
      assert.deepEqual(past.list, []);
      assert.equal(past.count, orders.length);
      await assertMatchesOracle({ limit: 50, page: 3 });
      await assertMatchesOracle({ cs_type: 'p_at', limit: 50, page: last });
    });

    it('walks every page exactly once, in order, with ties broken by order_id descending', async () => {
      const seen: string[] = [];
      for (let page = 1; ; page++) {
        const body = await list(`limit=50&page=${page}`);
        if (body.list.length === 0) break;
        seen.push(...body.list.map((o) => String(o.order_id)));
      }
      assert.equal(seen.length, orders.length);
      assert.equal(new Set(seen).size, orders.length);
      const ties = (await list('user_id=tie_user')).list.map((o) => String(o.order_id));
      assert.equal(ties.length, 3);
      assert.deepEqual(ties, [...ties].sort().reverse());
    });

    it('puts unpaid orders after paid ones for p_at, and excludes them from a p_at range', async () => {
      const all = await list('cs_type=p_at&limit=50&page=1');
      assert.ok(all.list.every((o) => o.purchased_at !== null));
      const lastPage = Math.ceil(orders.length / 50);
      const tail = await list(`cs_type=p_at&limit=50&page=${lastPage}`);
      assert.ok(tail.list.every((o) => o.purchased_at === null));
      const ranged = await list('cs_type=p_at&css_at=2024-01-01&cse_at=2026-12-31&limit=50');
      assert.equal(ranged.count, orders.filter((o) => o.purchased_at !== null).length);
    });

    it('counts days in Asia/Seoul: 2025-01-31T15:30:00Z is on 2025-02-01', async () => {
      for (const csType of ['c_at', 'p_at'] as const) {
        const feb1 = await list(`user_id=tz_user&cs_type=${csType}&css_at=2025-02-01&cse_at=2025-02-01`);
        assert.deepEqual(feb1.list.map((o) => o.receipt_id), ['rcpt_edge_1'], csType);
        const jan31 = await list(`user_id=tz_user&cs_type=${csType}&css_at=2025-01-31&cse_at=2025-01-31`);
        assert.deepEqual(jan31.list.map((o) => o.receipt_id), ['rcpt_edge_2'], csType);
      }
    });

    it('treats keywords that look like SQL or LIKE patterns as plain text', async () => {
      const sql = await list(`keyword=${encodeURIComponent("'; DROP TABLE orders; --")}`);
      assert.deepEqual(sql.list.map((o) => o.user_id), ['sql_user']);
      for (const wildcard of ['%', '_', '100%', '\\']) {
        const body = await list(`keyword=${encodeURIComponent(wildcard)}&limit=50`);
        const expected = orders.filter((o) => o.order_name.includes(wildcard)).length;
        assert.equal(body.count, expected, `keyword ${wildcard}`);
        assert.ok(body.list.every((o) => String(o.order_name).includes(wildcard)), `keyword ${wildcard}`);
      }
      assert.equal((await list('keyword=_&limit=50')).count, 3);
      const orOne = await list(`keyword=${encodeURIComponent("' OR 1=1 --")}`);
      assert.equal(orOne.count, 0);
      assert.equal((await list('')).count, orders.length, 'the table is intact');
    });

    it('answers a page for an empty result with count 0 (and no next page)', async () => {
      const body = await list('user_id=nobody');
      assert.deepEqual(body, { count: 0, list: [], next_cursor: null });
    });
  });
}
