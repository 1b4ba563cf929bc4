import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { CompiledQuery, sql, type Kysely } from 'kysely';
import { counterQueryOf } from '../src/domain/order-counter-filter.js';
import type { OrderWithProducts } from '../src/domain/order.js';
import { parseOrderFilter, parseOrderListQuery } from '../src/domain/order-query.js';
import { parseQueryString } from '../src/domain/raw-query.js';
import { insertOrders, orderCountQuery, orderPageQuery } from '../src/storage/order-repository.js';
import type { Database } from '../src/storage/schema.js';
import { basicAuth, requestJson, startTestServer, type TestServer } from './support/test-server.js';
import { TEST_DIALECTS } from './support/test-database.js';
import { makeOrder, oracleSorted, readCsvExport, seedOrders } from './support/summary-export-oracle.js';

const NOW = Date.parse('2025-08-01T03:00:00Z') / 1000;
const T0 = Date.parse('2025-07-20T00:00:00Z') / 1000;

/** The buyers the cases look for, beside the demo orders' own buyers. */
const BUYERS: Array<Pick<OrderWithProducts, 'username' | 'user_email' | 'user_phone'>> = [
  { username: '김민준', user_email: 'MinJun.Kim@Example.COM', user_phone: '010-1234-5678' },
  { username: '김민준', user_email: 'minjun.kim@example.com', user_phone: '01012345678' },
  { username: '김민서', user_email: 'minseo@example.com', user_phone: '(010) 1234 5678' },
  { username: 'Kim Jisoo', user_email: 'jisoo@example.com', user_phone: '+82 10-9999-5678' },
  { username: 'kimberly', user_email: 'kimberly@example.com', user_phone: '02-555-5678' },
  { username: 'Émile', user_email: 'Émile@example.com', user_phone: '010-2222-3333' },
  { username: 'émile', user_email: 'émile@example.com', user_phone: '010-2222-3334' },
  { username: null, user_email: null, user_phone: null },
];

/** A–Z lower-cased and nothing else: the documented rule, written independently of the server's. */
const asciiLower = (text: string) => text.replace(/[A-Z]/g, (c) => String.fromCharCode(c.charCodeAt(0) + 32));
const digitsOf = (text: string) => text.replace(/\D/g, '');

interface BuyerQuery {
  username?: string;
  user_email?: string;
  user_phone?: string;
  status?: number[];
  css_at?: string;
}

/** The oracle: which orders a buyer search selects, over the stored records in plain JS. */
function oracle(orders: readonly OrderWithProducts[], q: BuyerQuery): OrderWithProducts[] {
  return orders.filter((o) => {
    if (q.username !== undefined && !asciiLower(o.username ?? '\u0000').startsWith(asciiLower(q.username))) return false;
    if (q.user_email !== undefined && asciiLower(o.user_email ?? '') !== asciiLower(q.user_email)) return false;
    if (q.user_phone !== undefined) {
      const wanted = digitsOf(q.user_phone);
      const have = digitsOf(o.user_phone ?? '');
      if (o.user_phone === null || (wanted.length === 4 ? have.slice(-4) !== wanted : have !== wanted)) return false;
    }
    if (q.status && !q.status.includes(o.status)) return false;
    if (q.css_at !== undefined && o.created_at < Date.parse(`${q.css_at}T00:00:00+09:00`) / 1000) return false;
    return true;
  });
}

function queryString(q: BuyerQuery): string {
  const params = new URLSearchParams();
  for (const [name, value] of Object.entries(q)) params.set(name, Array.isArray(value) ? value.join(',') : String(value));
  return params.toString();
}

for (const dialect of TEST_DIALECTS) {
  describe(`buyer search: username, user_email, user_phone (${dialect})`, () => {
    let server: TestServer;
    let auth: string;
    let projectId: string;
    let orders: OrderWithProducts[];

    before(async () => {
      server = await startTestServer(dialect);
      const keys = await server.createKeys('buyers');
      auth = basicAuth(keys);
      projectId = keys.project_id;
      const demo = await seedOrders(server.storage, projectId, 200, NOW);
      const own = BUYERS.flatMap((buyer, i) =>
        [0, 1, 2].map((k) => makeOrder(projectId, { created_at: T0 + i * 7_200 + k * 86_400 * 3, status: k === 1 ? 2 : 0, user_id: `buyer_${i}`, ...buyer })));
      await insertOrders(server.storage, own);
      orders = [...demo, ...own];
      // The same buyers in another project must never show up.
      const other = await server.createKeys('other-shop');
      await insertOrders(server.storage, BUYERS.map((buyer, i) => makeOrder(other.project_id, { created_at: T0 + i, ...buyer })));
      // Statistics, as a live database has them (autovacuum, the bulk load's ANALYZE): without
      // them a planner cannot tell 3 matches of 240 rows from 200.
      await sql`analyze`.execute(server.storage.db);
    });
    after(() => server.close());

    async function list(query: string): Promise<{ count: number; ids: string[] }> {
      const { status, body } = await requestJson(server.baseUrl, `/v1/orders?limit=50&${query}`, { authorization: auth });
      assert.equal(status, 200, JSON.stringify(body));
      return { count: body.count, ids: body.list.map((o: { order_id: string }) => o.order_id) };
    }

    const demoBuyer = () => orders.find((o) => o.user_email !== null && o.user_phone !== null && o.username !== null)!;
    const cases: Array<[string, () => BuyerQuery]> = [
      ['a whole name', () => ({ username: '김민준' })],
      ['a name prefix', () => ({ username: '김민' })],
      ['a Latin name prefix in another case (A–Z fold)', () => ({ username: 'KIM' })],
      ['É is not é (only A–Z fold)', () => ({ username: 'émile' })],
      ['an email in another case', () => ({ user_email: 'minjun.KIM@example.com' })],
      ['an email with É (not folded)', () => ({ user_email: 'Émile@example.com' })],
      ['a phone with dashes', () => ({ user_phone: '010-1234-5678' })],
      ['the same phone as digits', () => ({ user_phone: '01012345678' })],
      ['the same phone with spaces and parentheses', () => ({ user_phone: '(010) 1234-5678' })],
      ['the last four digits', () => ({ user_phone: '5678' })],
      ['a phone with a country code is its own number', () => ({ user_phone: '+82 10 9999 5678' })],
      ['a demo buyer by email', () => ({ user_email: demoBuyer().user_email! })],
      ['a demo buyer by phone', () => ({ user_phone: demoBuyer().user_phone! })],
      ['a demo buyer by last four digits', () => ({ user_phone: digitsOf(demoBuyer().user_phone!).slice(-4) })],
      ['phone and status', () => ({ user_phone: '5678', status: [2] })],
      ['name, email and a date range', () => ({ username: '김민준', user_email: 'minjun.kim@example.com', css_at: '2025-07-25' })],
    ];
    for (const [name, make] of cases) {
      test(`${name} selects what the oracle selects`, async () => {
        const q = make();
        const expected = oracleSorted(oracle(orders, q)).map((o) => o.order_id);
        assert.ok(expected.length > 0 && expected.length < orders.length / 2, `a search that finds some: ${expected.length}`);
        assert.deepEqual(await list(queryString(q)), { count: expected.length, ids: expected.slice(0, 50) });
      });
    }

    test('a search that matches nobody answers an empty list', async () => {
      assert.deepEqual(await list('user_phone=0000&username=김'), { count: 0, ids: [] });
      assert.deepEqual(await list('user_email=nobody@example.com'), { count: 0, ids: [] });
    });

    test('the summary and the export take the same parameters', async () => {
      const q: BuyerQuery = { user_phone: '5678' };
      const expected = oracle(orders, q);
      const summary = await requestJson(server.baseUrl, `/v1/orders/summary?${queryString(q)}`, { authorization: auth });
      assert.equal(summary.status, 200, JSON.stringify(summary.body));
      assert.equal(summary.body.count, expected.length);
      assert.equal(summary.body.amount, expected.reduce((sum, o) => sum + o.price, 0));
      assert.deepEqual(summary.body.issues.payment_failures.filter.user_phone, '5678');
      const response = await fetch(`${server.baseUrl}/v1/orders/export?${queryString(q)}`, { headers: { authorization: auth } });
      assert.equal(response.status, 200);
      const rows = await readCsvExport(response);
      assert.equal(rows.length - 1, expected.length);
    });

    test('a cursor walks a buyer search to its end and belongs to that search only', async () => {
      const q: BuyerQuery = { user_phone: '5678' };
      const expected = oracleSorted(oracle(orders, q)).map((o) => o.order_id);
      const seen: string[] = [];
      let cursor: string | null = null;
      do {
        const path: string = `/v1/orders?limit=4&${queryString(q)}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`;
        const { status, body } = await requestJson(server.baseUrl, path, { authorization: auth });
        assert.equal(status, 200, JSON.stringify(body));
        seen.push(...body.list.map((o: { order_id: string }) => o.order_id));
        cursor = body.next_cursor;
        if (cursor && seen.length === 4) {
          const other = await requestJson(server.baseUrl, `/v1/orders?limit=4&user_phone=1234&cursor=${encodeURIComponent(cursor)}`, { authorization: auth });
          assert.equal(other.status, 400, 'a cursor of one buyer search does not continue another');
        }
      } while (cursor);
      assert.deepEqual(seen, expected);
    });

    test('counts of a buyer search are not counter sums', () => {
      for (const query of ['user_phone=5678&status=2', 'username=김&css_at=2025-07-01', 'user_email=a@b.c']) {
        assert.equal(counterQueryOf(parseOrderFilter(parseQueryString(query), 'Asia/Seoul'), 'Asia/Seoul'), null, query);
      }
    });

    test('bad values are 400s naming the parameter, the value and the expected form', async () => {
      for (const [query, parameter] of [
        ['user_phone=123', 'user_phone'],
        ['user_phone=12345', 'user_phone'],
        ['user_phone=010-12ab-5678', 'user_phone'],
        ['user_phone=010.1234.5678', 'user_phone'],
        [`user_phone=${'1'.repeat(33)}`, 'user_phone'],
        [`username=${'가'.repeat(101)}`, 'username'],
        [`user_email=${'a'.repeat(250)}%40b.com`, 'user_email'],
        ['user_email=a%40b.com&user_email=c%40d.com', 'user_email'],
      ]) {
        const { status, body } = await requestJson(server.baseUrl, `/v1/orders?${query}`, { authorization: auth });
        assert.equal(status, 400, query);
        assert.equal(body.code, 1100, query);
        assert.equal(body.data.parameter, parameter, query);
        assert.ok(typeof body.data.value === 'string' && body.data.value.length > 0, query);
        assert.ok(typeof body.data.expected === 'string' && body.data.expected.length > 0, query);
        const summary = await requestJson(server.baseUrl, `/v1/orders/summary?${query}`, { authorization: auth });
        assert.equal(summary.status, 400, `summary ${query}`);
      }
    });

    async function plans(query: string): Promise<{ count: string; page: string }> {
      const parsed = parseOrderListQuery(parseQueryString(query), 'Asia/Seoul');
      const explain = (compiled: { sql: string; parameters: readonly unknown[] }) =>
        server.storage.db.connection().execute(async (db: Kysely<Database>) => {
          if (dialect === 'sqlite') {
            const { rows } = await db.executeQuery<{ detail: string }>(CompiledQuery.raw(`explain query plan ${compiled.sql}`, [...compiled.parameters]));
            return rows.map((row) => row.detail).join('\n');
          }
          // A few hundred rows fit in a few pages, which Postgres would rather read whole; the
          // question is whether the index serves the condition, so sequential scans are off.
          await sql`set enable_seqscan = off`.execute(db);
          try {
            const { rows } = await db.executeQuery<{ 'QUERY PLAN': string }>(CompiledQuery.raw(`explain ${compiled.sql}`, [...compiled.parameters]));
            return rows.map((row) => row['QUERY PLAN']).join('\n');
          } finally {
            await sql`reset enable_seqscan`.execute(db);
          }
        });
      return {
        count: await explain(orderCountQuery(server.storage, projectId, parsed).compile()),
        page: await explain(orderPageQuery(server.storage, projectId, parsed, parsed).compile()),
      };
    }

    const planCases: Array<[string, string, RegExp]> = [
      ['username', 'username=김민', /ix_orders_project_buyer_name/],
      ['user_email', 'user_email=MinJun.Kim%40Example.com', /ix_orders_project_buyer_email/],
      ['user_phone (whole)', 'user_phone=010-1234-5678', /ix_orders_project_buyer_phone/],
      ['user_phone (last four)', 'user_phone=5678', /ix_orders_project_buyer_phone/],
    ];
    for (const [name, query, index] of planCases) {
      test(`${name}: the count and the page read its index`, async () => {
        const { count, page } = await plans(query);
        assert.match(count, index, count);
        assert.match(page, index, page);
        if (dialect === 'sqlite') {
          // The index's condition, not a scan of the project filtered row by row.
          assert.match(count, new RegExp(`SEARCH orders USING (COVERING )?INDEX ${index.source} \\(project_id=\\? AND`), count);
        } else {
          assert.match(count, new RegExp(`(Bitmap Index Scan on|Index (Only )?Scan using) ${index.source}[^\n]*\n\\s+Index Cond: \\(\\(project_id = `), count);
        }
      });
    }

    // (Postgres may rather sort a handful of rows from a bitmap than walk the index in order.)
    test('SQLite: an exact email or whole phone reads its page in the list order, no sort', { skip: dialect !== 'sqlite' }, async () => {
      for (const query of ['user_email=minseo%40example.com', 'user_phone=01012345678']) {
        const { page } = await plans(query);
        assert.doesNotMatch(page, /TEMP B-TREE|Sort/, page);
      }
    });
  });
}
