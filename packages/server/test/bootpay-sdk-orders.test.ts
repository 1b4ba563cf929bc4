import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { BootpayCommerce } from '@bootpay/backend-js';
import { demoReferenceData, type DemoReferenceData } from '../src/demo/generate.js';
import type { OrderWithProducts } from '../src/domain/order.js';
import { bootpaySdkFor, sdkRejection } from './support/bootpay-sdk.js';
import { FIXTURE_NOW, seedDemoOrders } from './support/fixtures.js';
import { oracleList, type OracleQuery } from './support/oracle.js';
import { TEST_DIALECTS } from './support/test-database.js';
import { requestJson, startTestServer, type TestServer } from './support/test-server.js';

/**
 * Every order call this project serves, made through Bootpay's official SDK (unmodified) against
 * the real server, compared with plain JS over the seeded orders.
 */
const ORDERS = 900;
const iso = (seconds: number | null) => (seconds === null ? null : new Date(seconds * 1000).toISOString().replace('.000', ''));

type SdkList = { count: number; list: Array<Record<string, any>> };

for (const dialect of TEST_DIALECTS) {
  describe(`Bootpay SDK order calls on ${dialect}`, () => {
    let server: TestServer;
    let commerce: BootpayCommerce;
    let orders: OrderWithProducts[];
    let reference: DemoReferenceData;

    before(async () => {
      server = await startTestServer(dialect);
      const keys = await server.createKeys('sdk-shop');
      commerce = bootpaySdkFor(server, keys);
      orders = await seedDemoOrders(server.storage, keys.project_id, ORDERS);
      reference = demoReferenceData({ projectId: keys.project_id, orders: ORDERS, seed: 7, now: FIXTURE_NOW, timeZone: 'Asia/Seoul' });
      // Each billing-type filter below must select some orders and not all of them.
      assert.deepEqual(new Set(orders.map((o) => o.subscription_billing_type)), new Set([0, 1, 2]), 'the demo data has every billing type');
    });
    after(() => server.close());

    const paid = () => orders.find((o) => o.payment !== null && o.order_subscription_id !== null)!;
    const grouped = () => orders.find((o, i) => i > 50 && o.user_group_id !== null)!;
    const contracts = () => [...new Set(orders.map((o) => o.order_subscription_id).filter((id) => id !== null))].slice(0, 3) as string[];

    async function assertList(params: Record<string, unknown>, oracle: OracleQuery) {
      const body = (await commerce.order.list(params)) as unknown as SdkList;
      const expected = oracleList(orders, oracle);
      const label = JSON.stringify(params);
      assert.equal(body.count, expected.count, `count for ${label}`);
      assert.deepEqual(body.list.map((o) => o.order_id), expected.ids, `page for ${label}`);
      return expected;
    }

    it('order.list: every parameter the SDK sends, alone, matches the oracle', async () => {
      const o = paid();
      const cases: Array<[Record<string, unknown>, OracleQuery]> = [
        [{}, {}],
        [{ page: 2, limit: 7 }, { page: 2, limit: 7 }],
        [{ limit: 80 }, { limit: 80 }],
        [{ keyword: o.order_id.slice(0, 8) }, { keyword: o.order_id.slice(0, 8) }],
        [{ keyword: '외' }, { keyword: '외' }],
        [{ user_id: o.user_id }, { user_id: o.user_id! }],
        [{ user_group_id: grouped().user_group_id }, { user_group_id: grouped().user_group_id! }],
        [{ cs_type: 'p_at' }, { cs_type: 'p_at' }],
        [{ search_date_from: '2025-03-01', search_date_to: '2025-04-15' }, { css_at: '2025-03-01', cse_at: '2025-04-15' }],
        [{ css_at: '2025-05-01', cse_at: '2025-05-31' }, { css_at: '2025-05-01', cse_at: '2025-05-31' }],
        [{ subscription_billing_type: 0 }, { subscription_billing_type: 0 }],
        [{ subscription_billing_type: 2 }, { subscription_billing_type: 2 }],
        [{ status: [2] }, { status: [2] }],
        [{ status: [3, 4] }, { status: [3, 4] }],
        [{ payment_status: [1, 20] }, { payment_status: [1, 20] }],
        [{ order_subscription_ids: contracts() }, { order_subscription_ids: contracts() }],
      ];
      for (const [params, oracle] of cases) {
        const expected = await assertList(params, { limit: 20, ...oracle });
        if (Object.keys(oracle).some((k) => k !== 'page' && k !== 'limit' && k !== 'cs_type')) {
          assert.ok(expected.count > 0 && expected.count < orders.length, `${JSON.stringify(params)} selects some orders, not all`);
        }
      }
    });

    it('order.list: parameters combined, both date names given with the same value, and a page past the end', async () => {
      await assertList(
        { status: [2, 4], payment_status: [1, 20], cs_type: 'p_at', css_at: '2025-02-01', search_date_from: '2025-02-01', cse_at: '2025-06-30', limit: 50 },
        { status: [2, 4], payment_status: [1, 20], cs_type: 'p_at', css_at: '2025-02-01', cse_at: '2025-06-30', limit: 50 },
      );
      await assertList(
        { order_subscription_ids: contracts(), subscription_billing_type: 1, status: [2], page: 1, limit: 50 },
        { order_subscription_ids: contracts(), subscription_billing_type: 1, status: [2], page: 1, limit: 50 },
      );
      const beyond = await assertList({ page: 1000, limit: 50 }, { page: 1000, limit: 50 });
      assert.equal(beyond.ids.length, 0);
      assert.equal(beyond.count, orders.length);
    });

    it('order.list: a bad value rejects with the 400 envelope naming the parameter', async () => {
      const bad = await sdkRejection(commerce.order.list({ css_at: '2025-02-30' }));
      assert.deepEqual([bad.status, bad.code, bad.data.parameter, bad.data.value], [400, 1100, 'css_at', '2025-02-30']);
      const status = await sdkRejection(commerce.order.list({ status: [9] }));
      assert.deepEqual([status.status, status.data.parameter, status.data.value], [400, 'status', '9']);
      const differing = await sdkRejection(commerce.order.list({ css_at: '2025-01-01', search_date_from: '2025-01-02' }));
      assert.deepEqual([differing.status, differing.data.parameter], [400, 'search_date_from']);
    });

    it("order.detail: every field of Bootpay's documented detail, and jumun's beside them", async () => {
      const o = paid();
      const detail = (await commerce.order.detail(o.order_id)) as Record<string, any>;
      const contract = reference.subscriptions.find((s) => s.order_subscription_id === o.order_subscription_id)!;
      // commerce.bootpay.ai/orders/detail: its example's fields, with values from the seeded order.
      assert.deepEqual(
        {
          order_id: detail.order_id, order_name: detail.order_name, order_number: detail.order_number, price: detail.price,
          tax_free_price: detail.tax_free_price, status: detail.status, receipt_status: detail.receipt_status,
          purchased_at: detail.purchased_at, created_at: detail.created_at,
          user: { user_id: detail.user.user_id, name: detail.user.name, email: detail.user.email, phone: detail.user.phone },
          result_data: detail.result_data, products: detail.products, order_subscriptions: detail.order_subscriptions,
        },
        {
          order_id: o.order_id, order_name: o.order_name, order_number: o.order_number, price: o.price,
          tax_free_price: o.tax_free_price, status: o.status, receipt_status: o.receipt_status,
          purchased_at: iso(o.purchased_at), created_at: iso(o.created_at),
          user: { user_id: o.user_id, name: o.username, email: o.user_email, phone: o.user_phone },
          result_data: { receipt_id: o.receipt_id, method_name: o.payment!.method, card_name: o.payment!.card_name, card_no: o.payment!.card_no },
          // Each line also carries its id for partial cancellation (`<order_id>-<line>`).
          products: o.products.map((p, i) => ({ ...p, order_product_id: `${o.order_id}-${i + 1}` })),
          order_subscriptions: {
            order_subscription_id: contract.order_subscription_id, user_id: contract.user_id, user_group_id: contract.user_group_id,
            subscription_billing_type: contract.billing_type, order_name: contract.name, created_at: iso(contract.created_at),
          },
        },
      );
      // jumun's own names stay for existing callers.
      assert.equal(detail.user.username, o.username);
      assert.deepEqual(detail.payment, o.payment);
      assert.equal(detail.subscription.order_subscription_id, o.order_subscription_id);
      assert.ok(Array.isArray(detail.history));
    });

    it('order.detail: an unpaid order without a contract has result_data and order_subscriptions null', async () => {
      const o = orders.find((x) => x.receipt_id === null && x.payment === null && x.order_subscription_id === null)!;
      assert.ok(o, 'the fixture has an unpaid one-off order');
      const detail = (await commerce.order.detail(o.order_id)) as Record<string, any>;
      assert.deepEqual([detail.result_data, detail.order_subscriptions, detail.user.name], [null, null, o.username]);
    });

    it('order.detail: an unknown order rejects with 404 / 3700', async () => {
      const missing = await sdkRejection(commerce.order.detail('000000000000000000000000'));
      assert.deepEqual([missing.status, missing.code, missing.message], [404, 3700, '주문내역을 찾지 못했습니다.']);
    });

    it("order.month: one group's orders of one local month", async () => {
      const group = grouped().user_group_id!;
      for (const [month, last] of [['2025-03', '2025-03-31'], ['2025-06', '2025-06-30']] as const) {
        const body = (await commerce.order.month(group, month)) as unknown as SdkList;
        const expected = oracleList(orders, { user_group_id: group, css_at: `${month}-01`, cse_at: last });
        assert.equal(body.count, expected.count, `${group} ${month}`);
        assert.deepEqual(body.list.map((o) => o.order_id), expected.ids);
      }
      const bad = await sdkRejection(commerce.order.month(group, '2025-13'));
      assert.deepEqual([bad.status, bad.data.parameter], [400, 'search_date']);
    });

    it('getAccessToken: a token the API takes as Bearer', async () => {
      const token = (await commerce.getAccessToken()) as unknown as { access_token: string; expired_at: string };
      assert.match(token.access_token, /\S{20,}/);
      assert.ok(Date.parse(token.expired_at) > Date.now());
      const listed = await requestJson(server.baseUrl, '/v1/orders?limit=1', { authorization: `Bearer ${token.access_token}` });
      assert.deepEqual([listed.status, listed.body.count], [200, orders.length]);
    });

    it('wrong keys reject with 401 / 1700', async () => {
      const stranger = bootpaySdkFor(server, { client_key: 'nobody', secret_key: 'nothing' });
      const denied = await sdkRejection(stranger.order.list({}));
      assert.deepEqual([denied.status, denied.code], [401, 1700]);
    });
  });
}
