import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { parseOrderFilter } from '../src/domain/order-query.js';
import { countFromCounters } from '../src/storage/order-counter-repository.js';
import { countOrdersByScan } from '../src/storage/order-repository.js';
import { FIXTURE_NOW, seedDemoOrders } from './support/fixtures.js';
import { ACTION_BODIES, OrdersApi, type Action } from './support/order-writes.js';
import { TEST_DIALECTS } from './support/test-database.js';
import { basicAuth, requestJson, startTestServer, type TestServer } from './support/test-server.js';

/** A small deterministic generator, so a failing filter can be replayed. */
function random(seed: number) {
  let state = seed >>> 0;
  const next = () => {
    state = (state * 1_664_525 + 1_013_904_223) >>> 0;
    return state / 2 ** 32;
  };
  return {
    int: (n: number) => Math.floor(next() * n),
    chance: (p: number) => next() < p,
    subset: <T>(items: readonly T[]) => {
      const picked = items.filter(() => next() < 0.4);
      return picked.length > 0 ? picked : [items[Math.floor(next() * items.length)]!];
    },
  };
}

const DAY_MS = 86_400_000;
const date = (ms: number) => new Date(ms).toISOString().slice(0, 10);

/** A random filter made only of what counters hold: whole-day ranges and the four dimensions. */
function randomCountedQuery(r: ReturnType<typeof random>): Record<string, string> {
  const query: Record<string, string> = {};
  if (r.chance(0.5)) query.cs_type = r.chance(0.5) ? 'p_at' : 'c_at';
  const end = FIXTURE_NOW * 1000;
  const first = end - r.int(420) * DAY_MS;
  const last = Math.min(end, first + r.int(r.chance(0.5) ? 3 : 120) * DAY_MS);
  const range = r.int(4);
  if (range === 1 || range === 3) query.css_at = date(first);
  if (range === 2 || range === 3) query.cse_at = date(last);
  if (r.chance(0.4)) query.status = r.subset([0, 1, 2, 3, 4]).join(',');
  if (r.chance(0.3)) query.payment_status = r.subset([0, 1, 20]).join(',');
  if (r.chance(0.3)) query.order_type = r.subset(['link', 'direct', 'subscription']).join(',');
  if (r.chance(0.2)) query.subscription_billing_type = String(r.int(3));
  return query;
}

const asRaw = (query: Record<string, string>) => Object.fromEntries(Object.entries(query).map(([k, v]) => [k, [v]]));

for (const dialect of TEST_DIALECTS) {
  for (const timeZone of ['Asia/Seoul', 'America/New_York']) {
    describe(`order counters against COUNT(*) on ${dialect}, days in ${timeZone}`, () => {
      let server: TestServer;
      let auth: string;
      let projectId: string;

      before(async () => {
        server = await startTestServer(dialect, timeZone);
        const keys = await server.createKeys('shop-a');
        projectId = keys.project_id;
        auth = basicAuth(keys);
        await seedDemoOrders(server.storage, projectId, 1_500);
        // Another project's orders must never be counted in this one's.
        await seedDemoOrders(server.storage, (await server.createKeys('shop-b')).project_id, 300, 11);
        // Status changes through the API move orders between counter rows.
        const api = new OrdersApi(server.baseUrl, auth);
        const steps: Action[][] = [['payment.start'], ['payment.complete'], ['payment.complete', 'cancel.request'],
          ['payment.complete', 'cancel'], ['payment.start', 'payment.fail']];
        for (let i = 0; i < 25; i++) await api.orderAfter(steps[i % steps.length]!);
        const { rows } = await server.storage.db.selectFrom('orders').select(['order_id', 'status']).where('project_id', '=', projectId)
          .where('status', 'in', [0, 1, 2, 3]).orderBy('order_id').limit(60).execute().then((rows) => ({ rows }));
        const next: Record<number, Action> = { 0: 'payment.complete', 1: 'payment.complete', 2: 'cancel.request', 3: 'cancel.approve' };
        for (const row of rows) {
          const response = await api.act(row.order_id, next[row.status]!, ACTION_BODIES[next[row.status]!]);
          assert.equal(response.status, 200, JSON.stringify(response.body));
        }
      });
      after(() => server.close());

      it('gives the COUNT(*) of 200 random counted filters, through the API too', async () => {
        const r = random(timeZone === 'Asia/Seoul' ? 14 : 15);
        let nonZero = 0;
        for (let i = 0; i < 200; i++) {
          const query = randomCountedQuery(r);
          const filter = parseOrderFilter(asRaw(query), timeZone);
          const counted = await countFromCounters(server.storage, projectId, filter);
          const scanned = await countOrdersByScan(server.storage, projectId, filter);
          const what = new URLSearchParams(query).toString();
          assert.notEqual(counted, null, `counters answer ${what}`);
          assert.equal(counted, scanned, what);
          if (scanned > 0) nonZero++;
          if (i % 10 === 0) {
            const response = await requestJson(server.baseUrl, `/v1/orders?limit=1&${what}`, { authorization: auth });
            assert.equal(response.body.count, scanned, `API count of ${what}`);
          }
        }
        assert.ok(nonZero > 100, `most filters match something (${nonZero} of 200)`);
      });

      it('leaves the other filters to COUNT(*), with the same answers', async () => {
        const others: Array<Record<string, string>> = [
          { user_id: 'user_000001' }, { keyword: '세트', status: '2' }, { payment_failed: 'true' }, { created_before: '2025-03-01T00:00:00Z' },
        ];
        for (const query of others) {
          const filter = parseOrderFilter(asRaw(query), timeZone);
          assert.equal(await countFromCounters(server.storage, projectId, filter), null, JSON.stringify(query));
          const response = await requestJson(server.baseUrl, `/v1/orders?limit=1&${new URLSearchParams(query)}`, { authorization: auth });
          assert.equal(response.body.count, await countOrdersByScan(server.storage, projectId, filter));
        }
      });

      it('gives the summary totals and daily series of a plain GROUP BY over the orders', async () => {
        const r = random(99);
        for (let i = 0; i < 12; i++) {
          const query = randomCountedQuery(r);
          const response = await requestJson(server.baseUrl, `/v1/orders/summary?${new URLSearchParams(query)}`, { authorization: auth });
          assert.equal(response.status, 200, JSON.stringify(response.body));
          const filter = parseOrderFilter(asRaw(query), timeZone);
          const { rows } = await server.storage.db.selectFrom('orders').select(['status', 'receipt_status', 'price', 'created_at', 'purchased_at'])
            .where('project_id', '=', projectId).execute().then((rows) => ({ rows }));
          const date = (o: (typeof rows)[number]) => (filter.dateField === 'purchased_at' ? o.purchased_at : o.created_at);
          const matching = rows.filter((o) =>
            (filter.from === undefined || (date(o) !== null && date(o)! >= filter.from))
            && (filter.to === undefined || (date(o) !== null && date(o)! < filter.to))
            && (!filter.statuses || filter.statuses.includes(o.status as never))
            && (!filter.paymentStatuses || filter.paymentStatuses.includes(o.receipt_status as never)));
          const what = new URLSearchParams(query).toString();
          if (filter.orderTypes || filter.billingType !== undefined) {
            assert.equal(response.body.count, await countOrdersByScan(server.storage, projectId, filter), what);
            continue;
          }
          assert.equal(response.body.count, matching.length, what);
          assert.equal(response.body.amount, matching.reduce((sum, o) => sum + o.price, 0), what);
          for (const status of [0, 1, 2, 3, 4]) {
            assert.equal(response.body.by_status[status].count, matching.filter((o) => o.status === status).length, `${what} status ${status}`);
          }
          const seriesCount = response.body.daily.days.reduce((sum: number, d: { count: number }) => sum + d.count, 0);
          if (!response.body.daily.truncated) assert.equal(seriesCount, matching.filter((o) => date(o) !== null).length, `${what} series`);
        }
      });
    });
  }
}
