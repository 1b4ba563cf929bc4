import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { OrderWithProducts } from '../src/domain/order.js';
import { insertOrders } from '../src/storage/order-repository.js';
import { basicAuth, requestJson, startTestServer, type TestServer } from './support/test-server.js';
import { TEST_DIALECTS } from './support/test-database.js';
import {
  localDay,
  makeOrder,
  oracleMatches,
  seedOrders,
  toParams,
  type OracleFilter,
} from './support/summary-export-oracle.js';

const NOW = Date.parse('2025-08-01T03:00:00Z') / 1000;
const DAY = 86_400;

function addDays(date: string, days: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + days * DAY * 1000).toISOString().slice(0, 10);
}

/** A cancelled order (status 4) was refunded in full; the generated orders have no partial cancellations. */
const refunded = (o: OrderWithProducts) => (o.status === 4 ? o.price : 0);

function totals(orders: readonly OrderWithProducts[]) {
  const amount = orders.reduce((sum, o) => sum + o.price, 0);
  const cancelled = orders.reduce((sum, o) => sum + refunded(o), 0);
  return { count: orders.length, amount, cancelled_amount: cancelled, remaining_amount: amount - cancelled };
}

function dayTotals(orders: readonly OrderWithProducts[]) {
  const { remaining_amount: _remaining, ...day } = totals(orders);
  return day;
}

/** What the summary must say for `filter`, computed over the records in plain JS. */
function oracleSummary(orders: readonly OrderWithProducts[], filter: OracleFilter) {
  const matching = oracleMatches(orders, filter);
  const dateOf = (o: OrderWithProducts) => (filter.cs_type === 'p_at' ? o.purchased_at : o.created_at);
  const by = <K extends 'status' | 'receipt_status'>(key: K, values: number[]) =>
    Object.fromEntries(values.map((v) => [String(v), totals(matching.filter((o) => o[key] === v))]));
  const days = matching.map(dateOf).filter((d): d is number => d !== null).map((d) => localDay(d, 'Asia/Seoul')).sort();
  let from = filter.css_at ?? days[0] ?? null;
  let to = filter.cse_at ?? days[days.length - 1] ?? null;
  const series: Array<{ date: string; count: number; amount: number; cancelled_amount: number; paid_count: number; paid_amount: number }> = [];
  let truncated = false;
  if (from === null || to === null) {
    [from, to] = [null, null];
  } else {
    if (addDays(from, 91) < to) {
      from = addDays(to, -91);
      truncated = true;
    }
    for (let date = from; date <= to; date = addDays(date, 1)) {
      const onDay = matching.filter((o) => dateOf(o) !== null && localDay(dateOf(o)!, 'Asia/Seoul') === date);
      const paid = onDay.filter((o) => o.receipt_status === 1);
      series.push({ date, ...dayTotals(onDay), paid_count: paid.length, paid_amount: totals(paid).amount });
    }
  }
  return {
    ...totals(matching),
    by_status: by('status', [0, 1, 2, 3, 4]),
    by_payment_status: by('receipt_status', [0, 1, 20]),
    daily: { date_field: filter.cs_type === 'p_at' ? 'purchased_at' : 'created_at', from, to, truncated, days: series },
  };
}

const FILTERS: OracleFilter[] = [
  {},
  { status: [2, 3] },
  { cs_type: 'p_at', css_at: '2025-06-01', cse_at: '2025-06-30' },
  { css_at: '2025-07-01', cse_at: '2025-07-31', order_type: ['subscription', 'link'], payment_status: [1] },
  { keyword: '세트', status: [0, 1] },
  { cs_type: 'p_at' },
  { css_at: '2030-01-01' },
];

for (const dialect of TEST_DIALECTS) {
  describe(`GET /v1/orders/summary (${dialect})`, () => {
    let server: TestServer;
    let auth: string;
    let orders: OrderWithProducts[];
    const failed = new Set<string>();

    before(async () => {
      server = await startTestServer(dialect);
      const keys = await server.createKeys('summary');
      auth = basicAuth(keys);
      orders = await seedOrders(server.storage, keys.project_id, 1_500, NOW);
      // Payments left in progress are rare in the demo data: a few by hand, so there are some to count.
      const inProgress = [40, 75, 130].map((days, i) => makeOrder(keys.project_id, {
        created_at: NOW - days * DAY, status: 1, order_type: i === 0 ? 'link' : 'direct', price: 5_000 * (i + 1),
      }));
      await insertOrders(server.storage, inProgress);
      orders = [...orders, ...inProgress];
      // Failed payment attempts as the write path records them; one order failed twice.
      const unpaid = orders.filter((o) => o.status === 0).slice(0, 4);
      const history = unpaid.flatMap((o, i) => {
        failed.add(o.order_id);
        const entry = (seq: number, action: string) => ({
          order_id: o.order_id, seq, project_id: keys.project_id, at: o.created_at + seq * 60, action,
          from_status: 1, to_status: 0, from_receipt_status: 0, to_receipt_status: 0, actor: 'pg', reason: null,
        });
        return i === 0 ? [entry(1, 'payment.fail'), entry(2, 'payment.fail')] : [entry(1, i === 3 ? 'payment.start' : 'payment.fail')];
      });
      failed.delete(unpaid[3]!.order_id);
      await server.storage.bulkInsert([{ table: 'order_status_history', rows: history }]);
      // Another project's orders never show up in this one's summary.
      const other = await server.createKeys('someone-else');
      await seedOrders(server.storage, other.project_id, 50, NOW);
    });
    after(() => server.close());

    for (const filter of FILTERS) {
      test(`matches the oracle and the list for ?${toParams(filter) || '(no filters)'}`, async () => {
        const query = toParams(filter);
        const [summary, list] = await Promise.all([
          requestJson(server.baseUrl, `/v1/orders/summary?${query}`, { authorization: auth }),
          requestJson(server.baseUrl, `/v1/orders?${query}&limit=1`, { authorization: auth }),
        ]);
        assert.equal(summary.status, 200, JSON.stringify(summary.body));
        const expected = oracleSummary(orders, filter);
        assert.equal(summary.body.count, list.body.count);
        assert.deepEqual(
          { count: summary.body.count, amount: summary.body.amount, by_status: summary.body.by_status, by_payment_status: summary.body.by_payment_status },
          { count: expected.count, amount: expected.amount, by_status: expected.by_status, by_payment_status: expected.by_payment_status },
        );
        const statusSum = Object.values(summary.body.by_status as Record<string, { count: number }>).reduce((s, t) => s + t.count, 0);
        assert.equal(statusSum, summary.body.count);
        assert.deepEqual(summary.body.daily, expected.daily);
        assert.equal(summary.body.time_zone, 'Asia/Seoul');
      });
    }

    test('without a date range the series shows the latest 92 days of the matching orders', async () => {
      const { body } = await requestJson(server.baseUrl, '/v1/orders/summary', { authorization: auth });
      assert.equal(body.daily.truncated, true);
      assert.equal(body.daily.days.length, 92);
      assert.equal(body.daily.to, localDay(Math.max(...orders.map((o) => o.created_at)), 'Asia/Seoul'));
    });

    test('each issue counts what its filter lists, for the caller\'s other filters', async () => {
      const filters: OracleFilter[] = [
        {},
        { css_at: '2025-03-01', cse_at: '2025-07-31', order_type: ['direct'] },
        // The filters issues are made of are replaced, not combined.
        { status: [2], payment_status: [1], created_before: NOW - 90 * DAY, failed },
      ];
      for (const filter of filters) {
        const query = toParams(filter) + (filter.failed ? '&payment_failed=true' : '');
        const { body } = await requestJson(server.baseUrl, `/v1/orders/summary?${query}`, { authorization: auth });
        const { status: _s, payment_status: _p, created_before: _c, failed: _f, ...others } = filter;
        const stuck = body.issues.stuck_payments;
        const threshold = Date.parse(stuck.filter.created_before) / 1000;
        assert.equal(threshold, Date.parse(body.generated_at) / 1000 - 30 * 60);
        const expected = {
          stuck_payments: oracleMatches(orders, { ...others, status: [1], created_before: threshold }).length,
          cancellation_requests: oracleMatches(orders, { ...others, status: [3] }).length,
          payment_failures: oracleMatches(orders, { ...others, failed }).length,
        };
        for (const [name, count] of Object.entries(expected)) {
          assert.equal(body.issues[name].count, count, `${name} for ${query}`);
          const listed = await requestJson(server.baseUrl, `/v1/orders?${new URLSearchParams(body.issues[name].filter)}`, { authorization: auth });
          assert.equal(listed.body.count, count, `${name}: its filter lists its orders`);
        }
      }
      assert.ok(orders.some((o) => o.status === 3) && orders.some((o) => o.status === 1), 'the data has issues to count');
    });

    test('the issues filter is the list query in canonical form', async () => {
      const query = 'search_date_from=2025-05-01&search_date_to=2025-05-31&status[]=2&order_type=link,direct&keyword=%20세트%20';
      const { body } = await requestJson(server.baseUrl, `/v1/orders/summary?${query}`, { authorization: auth });
      assert.deepEqual(body.issues.cancellation_requests.filter, {
        css_at: '2025-05-01', cse_at: '2025-05-31', status: '3', order_type: 'link,direct', keyword: '세트',
      });
      assert.deepEqual(body.issues.payment_failures.filter, {
        css_at: '2025-05-01', cse_at: '2025-05-31', order_type: 'link,direct', keyword: '세트', payment_failed: 'true',
      });
    });

    test('rejects what the list rejects, and needs authentication', async () => {
      const bad = await requestJson(server.baseUrl, '/v1/orders/summary?status=9', { authorization: auth });
      assert.equal(bad.status, 400);
      assert.equal(bad.body.code, 1100);
      assert.match(bad.body.message, /status/);
      const anonymous = await requestJson(server.baseUrl, '/v1/orders/summary');
      assert.equal(anonymous.status, 401);
      assert.equal(anonymous.body.code, 1700);
    });
  });
}

describe('stuck payments follow the configured threshold', () => {
  let server: TestServer;
  after(() => server?.close());

  test('status 1 older than JUMUN_STUCK_PAYMENT_MINUTES counts; younger does not', async () => {
    process.env.JUMUN_STUCK_PAYMENT_MINUTES = '15';
    try {
      server = await startTestServer('sqlite');
    } finally {
      delete process.env.JUMUN_STUCK_PAYMENT_MINUTES;
    }
    const keys = await server.createKeys('stuck');
    const now = Math.floor(Date.now() / 1000);
    const make = (minutesAgo: number, status: 0 | 1) => makeOrder(keys.project_id, { created_at: now - minutesAgo * 60, status });
    await insertOrders(server.storage, [make(5, 1), make(20, 1), make(40, 1), make(40, 0)]);
    const { body } = await requestJson(server.baseUrl, '/v1/orders/summary', { authorization: basicAuth(keys) });
    assert.equal(body.stuck_payment_minutes, 15);
    assert.equal(body.issues.stuck_payments.count, 2);
    assert.equal(body.by_status['1'].count, 3);
  });
});
