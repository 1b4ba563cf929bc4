import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { OrderWithProducts } from '../src/domain/order.js';
import { insertOrders } from '../src/storage/order-repository.js';
import { basicAuth, requestJson, startTestServer, type TestServer } from './support/test-server.js';
import { TEST_DIALECTS } from './support/test-database.js';
import { makeOrder, oracleMatches, oracleSorted, seedOrders, toParams, type OracleFilter } from './support/summary-export-oracle.js';

const NOW = Date.parse('2025-08-01T03:00:00Z') / 1000;
const TIE = Date.parse('2025-07-20T05:00:00Z') / 1000;
const PAID_TIE = Date.parse('2025-07-25T09:30:00Z') / 1000;

/**
 * Ties the keyset must break by order_id: orders created in one second (some paid, some not), and
 * orders created apart but paid in one second.
 */
function tiedOrders(projectId: string): OrderWithProducts[] {
  const sameSecond = Array.from({ length: 12 }, (_, i) =>
    makeOrder(projectId, {
      created_at: TIE,
      order_name: '동시 주문 세트',
      ...(i % 3 === 0 ? {} : { status: 2, receipt_status: 1, purchased_at: TIE + 600, receipt_id: `tie_r${i}` }),
    }),
  );
  const paidTogether = Array.from({ length: 9 }, (_, i) =>
    makeOrder(projectId, {
      created_at: TIE - 86_400 * (i + 1),
      status: 2,
      receipt_status: 1,
      purchased_at: PAID_TIE,
      receipt_id: `paid_tie_r${i}`,
    }),
  );
  return [...sameSecond, ...paidTogether];
}

interface ListBody {
  count: number;
  list: Array<{ order_id: string }>;
  next_cursor: string | null;
}

for (const dialect of TEST_DIALECTS) {
  describe(`GET /v1/orders?cursor=… (${dialect})`, () => {
    let server: TestServer;
    let auth: string;
    let otherAuth: string;
    let orders: OrderWithProducts[];

    before(async () => {
      server = await startTestServer(dialect);
      const keys = await server.createKeys('cursor');
      auth = basicAuth(keys);
      orders = await seedOrders(server.storage, keys.project_id, 700, NOW);
      const ties = tiedOrders(keys.project_id);
      await insertOrders(server.storage, ties);
      orders.push(...ties);
      // Another project with orders of its own and the same filters.
      const other = await server.createKeys('cursor-other');
      otherAuth = basicAuth(other);
      await seedOrders(server.storage, other.project_id, 40, NOW);
    });
    after(() => server.close());

    async function get(query: string, authorization = auth) {
      return requestJson<ListBody & { data?: any }>(server.baseUrl, `/v1/orders?${query}`, { authorization });
    }

    /** Every page from the first by cursor; checks each page's size, count and next_cursor. */
    async function walk(query: string, limit: number, expectedCount: number): Promise<string[]> {
      const ids: string[] = [];
      let cursor: string | null = null;
      for (let requests = 0; ; requests++) {
        assert.ok(requests <= Math.ceil(expectedCount / limit), 'no more requests than pages');
        const next = cursor === null ? '' : `&cursor=${encodeURIComponent(cursor)}`;
        const { status, body } = await get(`${query}${query ? '&' : ''}limit=${limit}${next}`);
        assert.equal(status, 200, JSON.stringify(body));
        assert.equal(body.count, expectedCount, 'the count stays exact on every page');
        ids.push(...body.list.map((o) => o.order_id));
        if (body.next_cursor === null) {
          assert.equal(ids.length, expectedCount, 'next_cursor is null on the last page only');
          return ids;
        }
        assert.equal(body.list.length, limit, 'a page with a next page is full');
        cursor = body.next_cursor;
      }
    }

    const filters: Array<[OracleFilter, number]> = [
      [{}, 50],
      [{ cs_type: 'p_at' }, 50],
      [{ cs_type: 'p_at', css_at: '2025-07-01', cse_at: '2025-07-31' }, 7],
      [{ css_at: '2025-07-01', cse_at: '2025-07-31' }, 7],
      [{ css_at: '2025-07-01', cse_at: '2025-07-31', created_before: TIE + 1 }, 4],
      [{ created_before: TIE }, 50],
      [{ cs_type: 'p_at', created_before: TIE + 1 }, 9],
      [{ payment_status: [0], cs_type: 'p_at' }, 13],
      [{ status: [4, 2], css_at: '2025-05-01', cse_at: '2025-07-31' }, 20],
      [{ keyword: '세트', order_type: ['direct', 'link'] }, 3],
      [{ cs_type: 'p_at', keyword: '세트' }, 2],
    ];
    for (const [filter, limit] of filters) {
      test(`walks the oracle's whole list for ?${toParams(filter) || '(no filters)'} with limit=${limit}`, async () => {
        const expected = oracleSorted(oracleMatches(orders, filter), filter.cs_type).map((o) => o.order_id);
        assert.ok(expected.length > limit, 'more than one page, so the cursor is exercised');
        assert.deepEqual(await walk(toParams(filter), limit, expected.length), expected);
      });
    }

    test('numbered pages past the first (a deferred join) hold the oracle\'s slice, and say whether more follow', async () => {
      for (const [filter, limit] of filters) {
        const expected = oracleSorted(oracleMatches(orders, filter), filter.cs_type).map((o) => o.order_id);
        const last = Math.ceil(expected.length / limit);
        for (const page of [2, Math.ceil(last / 2), last]) {
          const { body } = await get(`${toParams(filter)}&limit=${limit}&page=${page}`);
          const label = `?${toParams(filter)} page ${page}`;
          assert.equal(body.count, expected.length, label);
          assert.deepEqual(body.list.map((o) => o.order_id), expected.slice((page - 1) * limit, page * limit), label);
          assert.equal(body.next_cursor === null, page === last, label);
        }
      }
    });

    test('the data has the ties and unpaid orders the walks must cross', () => {
      assert.ok(orders.filter((o) => o.created_at === TIE).length >= 12);
      assert.ok(orders.filter((o) => o.purchased_at === PAID_TIE).length >= 9);
      assert.ok(orders.filter((o) => o.purchased_at === null).length > 50);
    });

    test('a numbered page gives a cursor that continues right after it, at any limit up to 50', async () => {
      const expected = oracleSorted(oracleMatches(orders, { cs_type: 'p_at' }), 'p_at').map((o) => o.order_id);
      const third = await get('cs_type=p_at&page=3&limit=10');
      assert.deepEqual(third.body.list.map((o) => o.order_id), expected.slice(20, 30));
      const next = await get(`cs_type=p_at&limit=500&cursor=${encodeURIComponent(third.body.next_cursor!)}`);
      assert.equal(next.status, 200);
      assert.deepEqual(next.body.list.map((o) => o.order_id), expected.slice(30, 80), 'limit is clamped to 50 as on numbered pages');
      const lastPage = await get(`cs_type=p_at&page=${Math.ceil(expected.length / 10)}&limit=10`);
      assert.equal(lastPage.body.next_cursor, null);
    });

    test('equal filters written differently share cursors', async () => {
      const first = await get('status=2,4&limit=5');
      const same = await get(`status=4&status=2&limit=5&cursor=${encodeURIComponent(first.body.next_cursor!)}`);
      assert.equal(same.status, 200);
      const expected = oracleSorted(oracleMatches(orders, { status: [2, 4] })).map((o) => o.order_id);
      assert.deepEqual(same.body.list.map((o) => o.order_id), expected.slice(5, 10));
    });

    function assertCursorRejected(response: { status: number; body: any }, value: string) {
      assert.equal(response.status, 400, JSON.stringify(response.body));
      assert.equal(response.body.status, 400);
      assert.equal(response.body.code, 1100);
      assert.equal(response.body.data.parameter, 'cursor');
      assert.equal(response.body.data.value, value.length > 100 ? response.body.data.value : value);
      assert.match(response.body.message, /^cursor 값이 올바르지 않습니다/);
      assert.match(response.body.data.expected, /next_cursor/);
    }

    test('a cursor of other filters, of another project, or altered is a 400 naming cursor', async () => {
      const { body } = await get('status=2&limit=5');
      const cursor = body.next_cursor!;
      const [payload, signature] = cursor.split('.') as [string, string];
      const flip = (text: string, at: number) => text.slice(0, at) + (text[at] === 'A' ? 'B' : 'A') + text.slice(at + 1);
      const forgedPayload = Buffer.from(JSON.stringify([NOW, 'ffffffffffffffffffffffff'])).toString('base64url');
      const cases: Array<[string, string, string?]> = [
        ['status=3', cursor],
        ['', cursor],
        ['status=2&cs_type=p_at', cursor],
        ['status=2&css_at=2025-07-01', cursor],
        ['status=2', cursor, otherAuth],
        ['status=2', `${flip(payload, 3)}.${signature}`],
        ['status=2', `${payload}.${flip(signature, 0)}`],
        ['status=2', `${forgedPayload}.${signature}`],
        ['status=2', cursor.slice(0, -1)],
        ['status=2', `${cursor}x`],
        ['status=2', 'not-a-cursor'],
        ['status=2', `${'A'.repeat(500)}.${signature}`],
      ];
      for (const [filters, value, authorization] of cases) {
        const response = await get(`${filters}${filters ? '&' : ''}cursor=${encodeURIComponent(value)}`, authorization);
        assertCursorRejected(response, value);
      }
      // The very same request with the genuine cursor works.
      assert.equal((await get(`status=2&cursor=${encodeURIComponent(cursor)}`)).status, 200);
    });

    test('cursor with page, or twice, is a 400', async () => {
      const { body } = await get('limit=5');
      const cursor = encodeURIComponent(body.next_cursor!);
      const withPage = await get(`page=2&cursor=${cursor}`);
      assert.equal(withPage.status, 400);
      assert.equal(withPage.body.data.parameter, 'page');
      assert.match(withPage.body.data.expected, /cursor/);
      const twice = await get(`cursor=${cursor}&cursor=${cursor}x`);
      assert.equal(twice.status, 400);
      assert.equal(twice.body.data.parameter, 'cursor');
    });

    test('an empty cursor counts as not given, as HTML forms send it', async () => {
      const { status, body } = await get('cursor=&limit=5');
      assert.equal(status, 200);
      assert.deepEqual(body.list.map((o) => o.order_id), oracleSorted(orders).slice(0, 5).map((o) => o.order_id));
    });
  });
}
