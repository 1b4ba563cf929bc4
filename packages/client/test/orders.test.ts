import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { after, before, describe, test } from 'node:test';
import { BootpayCommerce, ORDER_STATUS, RECEIPT_STATUS } from '../src/index.js';
import type { OrderList, OrderListItem, OrderListParams } from '../src/index.js';
import { seoulDay, seoulMonthRange } from './helpers/dates.js';
import { REPO_ROOT, startJumunServer } from './helpers/jumun-server.js';
import type { JumunServer } from './helpers/jumun-server.js';
import { startProxy } from './helpers/local-servers.js';

const execFileAsync = promisify(execFile);

let server: JumunServer;
before(async () => {
  server = await startJumunServer({ orders: 300 });
});
after(() => server?.stop());

function client(extra: { base_url?: string; fetch?: typeof fetch } = {}): BootpayCommerce {
  return new BootpayCommerce({ client_key: server.clientKey, secret_key: server.secretKey, base_url: server.baseUrl, ...extra });
}

/** The oracle: the same endpoint called with plain fetch, no client code involved. */
async function rawGet<T>(pathAndQuery: string): Promise<T> {
  const response = await fetch(`${server.baseUrl}/${pathAndQuery}`, {
    headers: { Authorization: `Basic ${Buffer.from(`${server.clientKey}:${server.secretKey}`).toString('base64')}` },
  });
  assert.equal(response.status, 200, `${pathAndQuery} → ${response.status}`);
  return (await response.json()) as T;
}

describe('order.list', () => {
  test("the seed's example call, with base_url", async () => {
    const { first, last } = seoulMonthRange(1);
    const commerce = new BootpayCommerce({
      client_key: server.clientKey,
      secret_key: server.secretKey,
      mode: 'production',
      base_url: server.baseUrl,
    });

    const response = await commerce.order.list({ page: 1, limit: 20, css_at: first, cse_at: last });

    assert.ok(response.count > 0, 'demo data covers last month');
    assert.equal(response.list.length, Math.min(20, response.count));
    for (const order of response.list) {
      assert.match(order.order_id, /^[0-9a-f]{24}$/);
      assert.match(order.order_number, /^\d{20}$/);
      assert.equal(typeof order.order_name, 'string');
      assert.ok(Number.isInteger(order.price));
      const day = seoulDay(order.created_at);
      assert.ok(day >= first && day <= last, `${order.created_at} is within ${first}..${last}`);
    }
    assert.deepEqual(response, await rawGet<OrderList>(`orders?page=1&limit=20&css_at=${first}&cse_at=${last}`));
  });

  test('search_date_from / search_date_to mean the same as css_at / cse_at', async () => {
    const { first, last } = seoulMonthRange(2);
    const commerce = client();
    assert.deepEqual(
      await commerce.order.list({ search_date_from: first, search_date_to: last, limit: 5 }),
      await commerce.order.list({ css_at: first, cse_at: last, limit: 5 }),
    );
  });

  test('array filters arrive as arrays: the counts per status add up to the total', async () => {
    const commerce = client();
    const total = (await commerce.order.list({ limit: 1 })).count;
    const statuses = Object.values(ORDER_STATUS);
    const perStatus = await Promise.all(statuses.map((s) => commerce.order.list({ status: [s], limit: 1 })));
    assert.equal(perStatus.reduce((sum, page) => sum + page.count, 0), total);
    const paidOrCancelled = await commerce.order.list({ status: [ORDER_STATUS.PAID, ORDER_STATUS.CANCELLED], limit: 50 });
    assert.equal(paidOrCancelled.count, perStatus[2]!.count + perStatus[4]!.count);
    assert.ok(paidOrCancelled.list.every((o) => o.status === 2 || o.status === 4));
  });

  test('payment_status filters by receipt status', async () => {
    const paid = await client().order.list({ payment_status: [RECEIPT_STATUS.PAID], limit: 50 });
    assert.ok(paid.count > 0);
    assert.ok(paid.list.every((o) => o.receipt_status === RECEIPT_STATUS.PAID && o.purchased_at !== null));
  });
});

describe('the jumun extension filters', () => {
  test('order_type and created_before select what plain JS selects over every order', async () => {
    const all: OrderListItem[] = [];
    for (let page = 1; ; page++) {
      const { list } = await rawGet<OrderList>(`orders?page=${page}&limit=50`);
      all.push(...list);
      if (list.length < 50) break;
    }
    assert.equal(all.length, 300);
    const sorted = all.map((o) => o.created_at).sort();
    const before = sorted[Math.floor(sorted.length / 2)]!;
    const expected = all
      .filter((o) => (o.order_type === 'subscription' || o.order_type === 'link') && o.created_at < before)
      .map((o) => o.order_id)
      .sort();
    assert.ok(expected.length > 0);

    const params: OrderListParams = { order_type: ['subscription', 'link'], created_before: before, limit: 50 };
    const page = await client().order.list(params);
    assert.equal(page.count, expected.length);
    const iterated = (await client().order.iterate(params).toArray({ limit: 1000 })).map((o) => o.order_id).sort();
    assert.deepEqual(iterated, expected);
  });

  test('payment_failed splits the orders in two', async () => {
    const commerce = client();
    const [failed, clean, total] = await Promise.all([
      commerce.order.list({ payment_failed: true, limit: 1 }),
      commerce.order.list({ payment_failed: false, limit: 1 }),
      rawGet<OrderList>('orders?limit=1'),
    ]);
    assert.equal(failed.count + clean.count, total.count);
  });
});

describe('order.detail and order.month', () => {
  test('detail returns the listed order in full', async () => {
    const commerce = client();
    const [listed] = (await commerce.order.list({ limit: 1 })).list;
    assert.ok(listed);
    const detail = await commerce.order.detail(listed.order_id);
    assert.equal(detail.order_id, listed.order_id);
    assert.equal(detail.order_number, listed.order_number);
    assert.equal(detail.price, listed.price);
    assert.equal(detail.user.user_id, listed.user_id);
    assert.ok(detail.products.length > 0, 'an order has products');
    assert.deepEqual(detail, await rawGet(`orders/${listed.order_id}`));
  });

  test("month returns one group's orders of one month", async () => {
    const commerce = client();
    const withGroup = (await commerce.order.iterate({}).toArray({ limit: 300 })).find((o) => o.user_group_id);
    assert.ok(withGroup?.user_group_id, 'demo data has orders with a user group');
    const yearMonth = seoulDay(withGroup.created_at).slice(0, 7);
    const month = await commerce.order.month(withGroup.user_group_id, yearMonth);
    assert.deepEqual(month, await rawGet(`orders/month?user_group_id=${encodeURIComponent(withGroup.user_group_id)}&search_date=${yearMonth}`));
    assert.ok(month.list.some((o) => o.order_id === withGroup.order_id));
    assert.ok(month.list.every((o) => o.user_group_id === withGroup.user_group_id && seoulDay(o.created_at).startsWith(yearMonth)));
  });
});

describe('order.iterate', () => {
  test('walks every page once, and sends no request past the end', async () => {
    const requestedUrls: string[] = [];
    const countingFetch: typeof fetch = (input, init) => {
      requestedUrls.push(String(input));
      return fetch(input, init);
    };
    const commerce = client({ fetch: countingFetch });
    const { count } = await commerce.order.list({ limit: 1 });
    requestedUrls.length = 0;

    const ids: string[] = [];
    for await (const order of commerce.order.iterate({ limit: 50 })) ids.push(order.order_id);

    assert.equal(ids.length, count);
    assert.equal(new Set(ids).size, count, 'no order twice');
    assert.equal(requestedUrls.length, Math.ceil(count / 50));
  });

  test("continues by jumun's next_cursor after the first page, and yields what the numbered pages hold", async () => {
    const requestedUrls: URL[] = [];
    const commerce = client({ fetch: (input, init) => {
        requestedUrls.push(new URL(String(input)));
        return fetch(input, init);
      }, });
    const ids = (await commerce.order.iterate({ limit: 40 }).toArray({ limit: 10_000 })).map((o) => o.order_id);
    const [first, ...rest] = requestedUrls;
    assert.equal(first?.searchParams.get('page'), '1');
    assert.ok(rest.length > 0 && rest.every((url) => url.searchParams.has('cursor') && !url.searchParams.has('page')));
    const numbered: string[] = [];
    for (let page = 1; numbered.length < ids.length + 1; page++) {
      const { list } = await commerce.order.list({ page, limit: 40 });
      if (list.length === 0) break;
      numbered.push(...list.map((o) => o.order_id));
    }
    assert.deepEqual(ids, numbered);
  });

  test('a filtered iteration yields exactly the matching orders', async () => {
    const commerce = client();
    const { count } = await commerce.order.list({ status: [ORDER_STATUS.PAID], limit: 1 });
    const paid = await commerce.order.iterate({ status: [ORDER_STATUS.PAID], limit: 7 }).toArray({ limit: 10_000 });
    assert.equal(paid.length, count);
    assert.ok(paid.every((o) => o.status === ORDER_STATUS.PAID));
  });

  test('toArray stops at its limit', async () => {
    const requestedUrls: string[] = [];
    const commerce = client({
      fetch: (input, init) => {
        requestedUrls.push(String(input));
        return fetch(input, init);
      },
    });
    const first25 = await commerce.order.iterate({ limit: 10 }).toArray({ limit: 25 });
    assert.equal(first25.length, 25);
    assert.equal(requestedUrls.length, 3);
    assert.deepEqual(first25.slice(10, 20), (await commerce.order.list({ page: 2, limit: 10 })).list);
  });
});

describe('on the wire', () => {
  test("sends what Bootpay's SDK sends: Basic auth, JSON content type, comma-joined arrays", async () => {
    const proxy = await startProxy(server.origin);
    try {
      const commerce = client({ base_url: `${proxy.origin}/v1` });
      await commerce.order.list({ limit: 5, css_at: '2025-01-01', status: [1, 2] });
      const [request] = proxy.requests;
      assert.ok(request);
      assert.equal(request.method, 'GET');
      assert.equal(request.url, '/v1/orders?limit=5&css_at=2025-01-01&status=1%2C2');
      assert.equal(request.headers.authorization, `Basic ${Buffer.from(`${server.clientKey}:${server.secretKey}`).toString('base64')}`);
      assert.equal(request.headers['content-type'], 'application/json');
      assert.equal(request.headers.accept, 'application/json');
      assert.equal(request.body, '');
    } finally {
      await proxy.close();
    }
  });

  test('getAccessToken posts the keys with Basic auth and returns a token', async () => {
    const proxy = await startProxy(server.origin);
    try {
      const token = await client({ base_url: `${proxy.origin}/v1` }).getAccessToken();
      assert.equal(typeof token.access_token, 'string');
      assert.ok(token.access_token.length > 0);
      assert.ok(Date.parse(token.expired_at) > Date.now(), 'expires in the future');
      const [request] = proxy.requests;
      assert.equal(request?.method, 'POST');
      assert.equal(request?.url, '/v1/request/token');
      assert.match(request?.headers.authorization ?? '', /^Basic /);
      assert.deepEqual(JSON.parse(request?.body ?? ''), { client_key: server.clientKey, secret_key: server.secretKey });
    } finally {
      await proxy.close();
    }
  });
});

test("examples/list-orders.mjs lists exactly this month's paid orders", async () => {
  const { stdout } = await execFileAsync(process.execPath, [join(REPO_ROOT, 'examples/list-orders.mjs')], {
    cwd: REPO_ROOT,
    env: { ...process.env, JUMUN_CLIENT_KEY: server.clientKey, JUMUN_SECRET_KEY: server.secretKey, JUMUN_BASE_URL: server.baseUrl },
  });
  const summary = /^(\d+) paid orders from (\S+) to (\S+),/m.exec(stdout);
  assert.ok(summary, stdout);
  const [, printed, from, to] = summary;
  const commerce = new BootpayCommerce({ client_key: server.clientKey, secret_key: server.secretKey, base_url: server.baseUrl });
  const expected = await commerce.order.list({ status: [ORDER_STATUS.PAID], css_at: from, cse_at: to, limit: 1 });
  assert.equal(Number(printed), expected.count);
  assert.equal(stdout.trim().split('\n').length, expected.count + 1, 'one line per order and a summary');
  assert.match(from ?? '', /^\d{4}-\d{2}-01$/);
});
