import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import type { BootpayCommerce } from '@bootpay/backend-js';
import { demoReferenceData } from '../src/demo/generate.js';
import type { OrderWithProducts, Subscription } from '../src/domain/order.js';
import { bootpaySdkFor, sdkRejection } from './support/bootpay-sdk.js';
import { insertOrders } from '../src/storage/order-repository.js';
import { upsertReferenceData } from '../src/storage/reference-repository.js';
import { FIXTURE_NOW, handMadeOrder, seedDemoOrders } from './support/fixtures.js';
import { oracleSort } from './support/oracle.js';
import { newOrderBody, OrdersApi } from './support/order-writes.js';
import { TEST_DIALECTS } from './support/test-database.js';
import { basicAuth, requestJson, startTestServer, type TestServer } from './support/test-server.js';

/**
 * `GET /v1/order_subscriptions[/:id]` through the official SDK's `orderSubscription.list/detail`,
 * against contracts and orders computed in plain JS: filters, status derived from the billing
 * orders, figures, paging with `count`, and another project's contract answering 404.
 */
const ORDERS = 1_500;
const SEOUL = 9 * 3600;
const iso = (seconds: number | null) => (seconds === null ? null : new Date(seconds * 1000).toISOString().replace('.000', ''));
const seoulDay = (seconds: number) => new Date((seconds + SEOUL) * 1000).toISOString().slice(0, 10);

interface OracleFilter {
  user_id?: string;
  user_group_id?: string;
  subscription_billing_type?: number;
  status?: number[];
  keyword?: string;
  from?: string;
  to?: string;
  order_id?: string;
  order_number?: string;
}

type Contract = Record<string, any>;

/** A contract as the API should show it, computed from the stored contract and its orders. */
function expectedContract(contract: Subscription, orders: readonly OrderWithProducts[]): Contract {
  const billing = orders.filter((o) => o.order_subscription_id === contract.order_subscription_id);
  const paid = billing.filter((o) => o.purchased_at !== null);
  const first = [...billing].sort((a, b) => a.created_at - b.created_at || (a.order_id < b.order_id ? -1 : 1))[0];
  const max = (values: number[]) => (values.length === 0 ? null : Math.max(...values));
  return {
    order_subscription_id: contract.order_subscription_id,
    order_id: first?.order_id ?? null,
    user_id: contract.user_id,
    user_group_id: contract.user_group_id,
    subscription_billing_type: contract.billing_type,
    order_name: contract.name,
    status: paid.length > 0 ? 1 : 0,
    created_at: iso(contract.created_at),
    latest_purchased_at: iso(max(paid.map((o) => o.purchased_at!))),
    last_billing_created_at: iso(max(billing.map((o) => o.created_at))),
    billing_count: billing.length,
  };
}

function oracleContracts(contracts: readonly Subscription[], orders: readonly OrderWithProducts[], q: OracleFilter): Contract[] {
  const billedBy = (field: 'order_id' | 'order_number', value: string) => orders.find((o) => o[field] === value)?.order_subscription_id;
  return contracts
    .map((c) => ({ stored: c, shown: expectedContract(c, orders) }))
    .filter(({ stored, shown }) => {
      if (q.user_id !== undefined && stored.user_id !== q.user_id) return false;
      if (q.user_group_id !== undefined && stored.user_group_id !== q.user_group_id) return false;
      if (q.subscription_billing_type !== undefined && stored.billing_type !== q.subscription_billing_type) return false;
      if (q.status && !q.status.includes(shown.status)) return false;
      if (q.keyword !== undefined && stored.order_subscription_id !== q.keyword && !stored.name.includes(q.keyword)) return false;
      if (q.from !== undefined && seoulDay(stored.created_at) < q.from) return false;
      if (q.to !== undefined && seoulDay(stored.created_at) > q.to) return false;
      if (q.order_id !== undefined && billedBy('order_id', q.order_id) !== stored.order_subscription_id) return false;
      if (q.order_number !== undefined && billedBy('order_number', q.order_number) !== stored.order_subscription_id) return false;
      return true;
    })
    .sort((a, b) => b.stored.created_at - a.stored.created_at || (a.stored.order_subscription_id < b.stored.order_subscription_id ? 1 : -1))
    .map(({ shown }) => shown);
}

for (const dialect of TEST_DIALECTS) {
  describe(`subscription contracts on ${dialect}`, () => {
    let server: TestServer;
    let commerce: BootpayCommerce;
    let orders: OrderWithProducts[];
    let contracts: Subscription[];

    before(async () => {
      server = await startTestServer(dialect);
      const keys = await server.createKeys('contracts-shop');
      commerce = bootpaySdkFor(server, keys);
      orders = await seedDemoOrders(server.storage, keys.project_id, ORDERS);
      contracts = demoReferenceData({ projectId: keys.project_id, orders: ORDERS, seed: 7, now: FIXTURE_NOW, timeZone: 'Asia/Seoul' }).subscriptions;
      // The demo bills every contract it makes; two more: one never billed, one billed but unpaid.
      const extra: Subscription[] = [
        { order_subscription_id: 'sub_zz_unbilled', user_id: 'user_000001', user_group_id: null, billing_type: 1, name: 'Basic 플랜', created_at: FIXTURE_NOW - 86_400 },
        { order_subscription_id: 'sub_zz_unpaid', user_id: 'user_000002', user_group_id: 'group_0001', billing_type: 2, name: '팀 플랜', created_at: FIXTURE_NOW - 3_600 },
      ];
      await upsertReferenceData(server.storage, keys.project_id, { groups: [], buyers: [], subscriptions: extra });
      const unpaid = [1, 2].map((n) =>
        handMadeOrder(keys.project_id, {
          created_at: FIXTURE_NOW - 3_000 + n, order_type: 'subscription', order_subscription_id: 'sub_zz_unpaid',
          subscription_billing_type: 2, user_id: 'user_000002', user_group_id: 'group_0001', order_name: '팀 플랜 1회차',
        }),
      );
      await insertOrders(server.storage, unpaid);
      contracts.push(...extra);
      orders.push(...unpaid);
    });
    after(() => server.close());

    async function assertList(params: Record<string, unknown>, q: OracleFilter, page = 1, limit = 20) {
      const body = (await commerce.orderSubscription.list({ page, limit, ...params })) as unknown as { count: number; list: Contract[] };
      const expected = oracleContracts(contracts, orders, q);
      const label = JSON.stringify(params);
      assert.equal(body.count, expected.length, `count for ${label}`);
      assert.deepEqual(body.list, expected.slice((page - 1) * limit, page * limit), `page ${page} for ${label}`);
      return expected;
    }

    it('the fixture has contracts of every kind the filters tell apart', () => {
      const shown = contracts.map((c) => expectedContract(c, orders));
      assert.ok(shown.some((c) => c.status === 0) && shown.some((c) => c.status === 1), 'waiting and active contracts');
      assert.ok(shown.some((c) => c.billing_count === 0), 'a contract without billing orders');
      assert.ok(contracts.some((c) => c.billing_type === 2) && contracts.some((c) => c.billing_type === 1));
    });

    it('orderSubscription.list: each filter the SDK sends, and their combinations, match the oracle', async () => {
      const withGroup = contracts.find((c) => c.user_group_id !== null)!;
      const billed = orders.find((o) => o.order_subscription_id !== null)!;
      const day = seoulDay(contracts[3]!.created_at);
      const [early, late] = [seoulDay(contracts[5]!.created_at), seoulDay(contracts[9]!.created_at)].sort() as [string, string];
      const cases: Array<[Record<string, unknown>, OracleFilter]> = [
        [{}, {}],
        [{ user_id: contracts[0]!.user_id }, { user_id: contracts[0]!.user_id! }],
        [{ user_group_id: withGroup.user_group_id }, { user_group_id: withGroup.user_group_id! }],
        [{ status: 0 }, { status: [0] }],
        [{ status: 1 }, { status: [1] }],
        [{ status: 3 }, { status: [3] }],
        [{ keyword: contracts[1]!.name.slice(0, 2) }, { keyword: contracts[1]!.name.slice(0, 2) }],
        [{ keyword: contracts[2]!.order_subscription_id }, { keyword: contracts[2]!.order_subscription_id }],
        [{ search_date_from: day }, { from: day }],
        [{ search_date_to: day }, { to: day }],
        [{ s_at: early, e_at: late }, { from: early, to: late }],
        [{ order_number: billed.order_number }, { order_number: billed.order_number }],
        [{ user_group_id: withGroup.user_group_id, status: 1 }, { user_group_id: withGroup.user_group_id!, status: [1] }],
      ];
      for (const [params, q] of cases) await assertList(params, q, 1, 50);
      // The SDK has no billing-type or order-id parameter: the same endpoint, asked directly.
      for (const [query, q] of [
        ['subscription_billing_type=2', { subscription_billing_type: 2 }],
        ['subscription_billing_type=0', { subscription_billing_type: 0 }],
        [`order_id=${billed.order_id}`, { order_id: billed.order_id }],
        ['status=0,1', { status: [0, 1] }],
        ['status[]=0&status[]=4', { status: [0, 4] }],
      ] as Array<[string, OracleFilter]>) {
        const response = await requestJson(server.baseUrl, `/v1/order_subscriptions?limit=50&${query}`, {
          authorization: `Basic ${Buffer.from(`${commerce.commerceConfiguration.client_key}:${commerce.commerceConfiguration.secret_key}`).toString('base64')}`,
        });
        assert.equal(response.status, 200, JSON.stringify(response.body));
        assert.deepEqual(response.body, { count: oracleContracts(contracts, orders, q).length, list: oracleContracts(contracts, orders, q).slice(0, 50) }, query);
      }
    });

    it('pages with count: page 2 of 7, the last page, and a page past the end', async () => {
      const all = await assertList({}, {}, 2, 7);
      assert.ok(all.length > 14, 'more contracts than two pages');
      const last = Math.ceil(all.length / 7);
      await assertList({}, {}, last, 7);
      await assertList({}, {}, last + 1, 7);
    });

    it('orderSubscription.detail: the contract with its billing orders, newest first', async () => {
      const busiest = [...contracts].sort(
        (a, b) => expectedContract(b, orders).billing_count - expectedContract(a, orders).billing_count,
      )[0]!;
      const detail = (await commerce.orderSubscription.detail(busiest.order_subscription_id)) as unknown as Contract;
      const { orders: billing, ...contract } = detail;
      assert.deepEqual(contract, expectedContract(busiest, orders));
      const expectedIds = oracleSort(orders.filter((o) => o.order_subscription_id === busiest.order_subscription_id)).map((o) => o.order_id);
      assert.ok(expectedIds.length > 1, 'the contract has several billing orders');
      assert.deepEqual(billing.map((o: Contract) => o.order_id), expectedIds);
      assert.equal(billing[0].order_subscription_id, busiest.order_subscription_id);
    });

    it("a contract registered by POST /v1/orders waits until its order is paid; another project's is 404", async () => {
      const keys = await server.createKeys('contracts-shop');
      const api = new OrdersApi(server.baseUrl, basicAuth(keys));
      const id = `sub_new_${randomUUID()}`;
      const created = await api.create(newOrderBody({ order_type: 'subscription', order_subscription_id: id, subscription_billing_type: 1 }), randomUUID());
      assert.equal(created.status, 201, JSON.stringify(created.body));
      assert.deepEqual(created.body.order_subscriptions.order_subscription_id, id);
      const waiting = (await commerce.orderSubscription.detail(id)) as unknown as Contract;
      assert.deepEqual([waiting.status, waiting.billing_count, waiting.order_id, waiting.latest_purchased_at], [0, 1, created.body.order_id, null]);
      assert.equal((await api.act(created.body.order_id, 'payment.complete')).status, 200);
      const active = (await commerce.orderSubscription.detail(id)) as unknown as Contract;
      assert.equal(active.status, 1);
      assert.equal(active.latest_purchased_at, (await api.detail(created.body.order_id)).body.purchased_at);

      const other = await server.createKeys('another-shop');
      const stranger = bootpaySdkFor(server, other);
      const hidden = await sdkRejection(stranger.orderSubscription.detail(id));
      assert.deepEqual([hidden.status, hidden.code, hidden.message], [404, 3720, '구독 계약을 찾지 못했습니다.']);
      const listed = (await stranger.orderSubscription.list({ keyword: id })) as unknown as { count: number };
      assert.equal(listed.count, 0);
      const unknown = await sdkRejection(commerce.orderSubscription.detail('sub_does_not_exist'));
      assert.equal(unknown.code, 3720);
      // Reads: a read-only key lists and reads contracts too.
      const reader = bootpaySdkFor(server, await server.createKeys('contracts-shop', 'read'));
      assert.equal(((await reader.orderSubscription.detail(id)) as unknown as Contract).order_subscription_id, id);
    });

    it('bad values are a 400 naming the parameter, the value and the expected form', async () => {
      const cases: Array<[Record<string, unknown>, string, string]> = [
        [{ status: 7 }, 'status', '7'],
        [{ search_date_from: '2025-02-30' }, 'search_date_from', '2025-02-30'],
        [{ s_at: '2025-05-02', e_at: '2025-05-01' }, 'e_at', '2025-05-01'],
        [{ search_date_from: '2025-05-01', s_at: '2025-05-02' }, 's_at', '2025-05-02'],
        [{ limit: 0 }, 'limit', '0'],
        [{ request_type: 'pause' }, 'request_type', 'pause'],
        [{ user_id: 'u'.repeat(129) }, 'user_id', 'u'.repeat(100)],
      ];
      for (const [params, parameter, value] of cases) {
        const bad = await sdkRejection(commerce.orderSubscription.list(params));
        assert.equal(bad.status, 400, JSON.stringify(params));
        assert.equal(bad.code, 1100);
        assert.equal(bad.data.parameter, parameter);
        assert.ok(String(bad.data.value).startsWith(value), `${parameter}: ${bad.data.value}`);
        assert.ok(bad.data.expected.length > 0);
      }
      const raw = (path: string) =>
        requestJson(server.baseUrl, path, {
          authorization: `Basic ${Buffer.from(`${commerce.commerceConfiguration.client_key}:${commerce.commerceConfiguration.secret_key}`).toString('base64')}`,
        });
      for (const [path, parameter] of [
        ['/v1/order_subscriptions/ab%00cd', 'order_subscription_id'],
        ['/v1/order_subscriptions?keyword=a%00b', 'keyword'],
        ['/v1/order_subscriptions?user_id=a&user_id=b', 'user_id'],
        ['/v1/order_subscriptions?page=1.5', 'page'],
      ] as const) {
        const refused = await raw(path);
        assert.deepEqual([refused.status, refused.body.code, refused.body.data.parameter], [400, 1100, parameter], path);
      }
      const response = await requestJson(server.baseUrl, '/v1/order_subscriptions?subscription_billing_type=3', {
        authorization: `Basic ${Buffer.from(`${commerce.commerceConfiguration.client_key}:${commerce.commerceConfiguration.secret_key}`).toString('base64')}`,
      });
      assert.deepEqual([response.status, response.body.data.parameter], [400, 'subscription_billing_type']);
    });
  });
}
