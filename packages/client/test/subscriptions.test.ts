import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { BootpayCommerce, BootpayCommerceInvalidRequestError, BootpayCommerceNotFoundError, SUBSCRIPTION_STATUS } from '../src/index.js';
import type { SubscriptionList } from '../src/index.js';
import { startJumunServer } from './helpers/jumun-server.js';
import type { JumunServer } from './helpers/jumun-server.js';

let server: JumunServer;
before(async () => {
  server = await startJumunServer({ orders: 400 });
});
after(() => server?.stop());

const client = () => new BootpayCommerce({ client_key: server.clientKey, secret_key: server.secretKey, base_url: server.baseUrl });

/** The oracle: the same endpoint called with plain fetch, no client code involved. */
async function rawGet<T>(pathAndQuery: string): Promise<T> {
  const response = await fetch(`${server.baseUrl}/${pathAndQuery}`, {
    headers: { Authorization: `Basic ${Buffer.from(`${server.clientKey}:${server.secretKey}`).toString('base64')}` },
  });
  assert.equal(response.status, 200, `${pathAndQuery} → ${response.status}`);
  return (await response.json()) as T;
}

describe('orderSubscription', () => {
  test('list sends its filters as the server reads them, arrays comma-joined', async () => {
    const all = await rawGet<SubscriptionList>('order_subscriptions?limit=50');
    assert.ok(all.count > 0, 'the demo data has contracts');
    const sample = all.list[0]!;
    const cases = [
      [{ limit: 50 }, 'limit=50'],
      [{ user_id: sample.user_id!, limit: 5 }, `user_id=${sample.user_id}&limit=5`],
      [{ status: [SUBSCRIPTION_STATUS.WAITING, SUBSCRIPTION_STATUS.ACTIVE], page: 2, limit: 3 }, 'status=0,1&page=2&limit=3'],
      [{ subscription_billing_type: sample.subscription_billing_type }, `subscription_billing_type=${sample.subscription_billing_type}`],
    ] as const;
    for (const [params, query] of cases) {
      assert.deepEqual(await client().orderSubscription.list(params), await rawGet(`order_subscriptions?${query}`), query);
    }
  });

  test('detail: the contract and its billing orders; an unknown id is a NotFoundError 3720', async () => {
    const { list } = await rawGet<SubscriptionList>('order_subscriptions?status=1&limit=1');
    const id = list[0]!.order_subscription_id;
    const detail = await client().orderSubscription.detail(id);
    assert.deepEqual(detail, await rawGet(`order_subscriptions/${id}`));
    assert.ok(detail.orders.length > 0 && detail.orders.every((o) => o.order_subscription_id === id));
    const orders = await client().order.list({ order_subscription_ids: [id], limit: 50 });
    assert.equal(orders.count, detail.billing_count);
    await assert.rejects(client().orderSubscription.detail('sub_unknown'), (error: unknown) => {
      assert.ok(error instanceof BootpayCommerceNotFoundError);
      assert.equal(error.code, 3720);
      return true;
    });
    await assert.rejects(client().orderSubscription.list({ search_date_from: '2025-02-30' }), BootpayCommerceInvalidRequestError);
  });
});
