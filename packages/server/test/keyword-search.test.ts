import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { OrderWithProducts } from '../src/domain/order.js';
import { insertOrders } from '../src/storage/order-repository.js';
import { handMadeOrder } from './support/fixtures.js';
import { oracleList, toQueryString, type OracleQuery } from './support/oracle.js';
import { newOrderBody, OrdersApi } from './support/order-writes.js';
import { TEST_DIALECTS } from './support/test-database.js';
import { basicAuth, requestJson, startTestServer, type TestServer } from './support/test-server.js';

const T0 = Date.parse('2025-03-01T00:00:00Z') / 1000;

/** A small deterministic generator (mulberry32), so a failure names a reproducible case. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

/** Pieces names are made of: Latin in mixed case, Korean, digits, LIKE wildcards, quotes, emoji, non-ASCII Latin. */
const PIECES = [
  'Coffee', 'COFFEE', 'cOfFeE', 'Smart Watch', '감귤', '제주 감귤 5kg', '현미', '이어폰', '무선 블루투스 이어폰', '텀블러',
  '100%', '50_off', "it's", '"quoted"', '🍊', '🍊귤', 'Émile', 'émile', 'ÉCOLE', '\\', '외 2건', '세트', 'abc', '2501', 'ß',
];

function randomName(next: () => number): string {
  const parts = 1 + Math.floor(next() * 3);
  return Array.from({ length: parts }, () => PIECES[Math.floor(next() * PIECES.length)]!).join(next() < 0.7 ? ' ' : '');
}

/** A random piece of a random name: 1, 2, 3 or 5 characters (code points). */
function randomSubstring(next: () => number, name: string): string {
  const chars = [...name];
  const length = Math.min(chars.length, [1, 2, 3, 5][Math.floor(next() * 4)]!);
  const start = Math.floor(next() * (chars.length - length + 1));
  return chars.slice(start, start + length).join('').trim() || chars[0]!;
}

for (const dialect of TEST_DIALECTS) {
  describe(`keyword search from the indexes (${dialect})`, () => {
    let server: TestServer;
    let auth: string;
    let api: OrdersApi;
    const orders: OrderWithProducts[] = [];
    const next = random(14);

    before(async () => {
      server = await startTestServer(dialect);
      const keys = await server.createKeys('keyword');
      auth = basicAuth(keys);
      api = new OrdersApi(server.baseUrl, auth);
      // Mostly repeated names, as catalogues make them, and some names of their own.
      const catalogue = Array.from({ length: 40 }, () => randomName(next));
      for (let i = 0; i < 600; i += 1) {
        const name = next() < 0.8 ? catalogue[Math.floor(next() * catalogue.length)]! : `${randomName(next)} ${i}`;
        const paid = next() < 0.5;
        const receipt = paid ? (next() < 0.2 ? `R${i % 7}` : Math.floor(next() * 2 ** 48).toString(16).padStart(12, '0')) : null;
        orders.push(handMadeOrder(keys.project_id, {
          created_at: T0 + Math.floor(next() * 90 * 86_400),
          order_name: name,
          status: paid ? 2 : 0,
          receipt_status: paid ? 1 : 0,
          receipt_id: receipt,
        }));
      }
      // Enough orders with one name that its pages walk the list's order instead of fetching every match.
      for (let i = 0; i < 2_100; i += 1) {
        orders.push(handMadeOrder(keys.project_id, { created_at: T0 + i * 600, order_name: '매일 샐러드 정기배송' }));
      }
      await insertOrders(server.storage, orders);
      // Orders created through the API enter the index through the write path, not the bulk insert.
      for (const name of ['Coffee 🍊 단독 생성', '현미 100% 생성', 'new_name unique']) {
        const created = await api.create(newOrderBody({ order_name: name }));
        assert.equal(created.status, 201, JSON.stringify(created.body));
        const body = created.body as { order_id: string; order_number: string; created_at: string };
        orders.push({
          ...handMadeOrder(keys.project_id, { created_at: Date.parse(body.created_at) / 1000, order_name: name }),
          order_id: body.order_id,
          order_number: body.order_number,
        });
      }
    });
    after(() => server.close());

    async function assertOracle(q: OracleQuery): Promise<number> {
      const expected = oracleList(orders, q);
      const { status, body } = await requestJson(server.baseUrl, `/v1/orders?${toQueryString(q)}`, { authorization: auth });
      assert.equal(status, 200, JSON.stringify(body));
      assert.equal(body.count, expected.count, `count for ${JSON.stringify(q)}`);
      assert.deepEqual(body.list.map((o: { order_id: string }) => o.order_id), expected.ids, `page for ${JSON.stringify(q)}`);
      return expected.count;
    }

    it('matches what the oracle matches for random name pieces of 1, 2, 3 and 5 characters', async () => {
      const keywords = new Set<string>();
      while (keywords.size < 60) keywords.add(randomSubstring(next, orders[Math.floor(next() * 600)]!.order_name));
      let matched = 0;
      for (const keyword of keywords) {
        if ((await assertOracle({ keyword, limit: 50 })) > 0) matched += 1;
      }
      assert.ok(matched > 50, 'most keywords taken from names match');
    });

    it('treats case, wildcards, quotes and emoji as the documented rule says', async () => {
      const counts = new Map<string, number>();
      for (const keyword of ['coffee', 'COFFEE', 'CoFfEe', '%', '_', '50_', "'", '"', '\\', '🍊', '🍊귤', 'É', 'é', 'émile', 'ÉMILE', 'ß', 'SS', '외 2건', '없는 단어']) {
        counts.set(keyword, await assertOracle({ keyword, limit: 50 }));
      }
      // A–Z fold; nothing else does (É and é, ß and SS stay apart).
      assert.equal(counts.get('coffee'), counts.get('COFFEE'));
      assert.ok(counts.get('coffee')! > 0);
      assert.notEqual(counts.get('émile'), counts.get('ÉMILE'));
      assert.equal(counts.get('없는 단어'), 0);
    });

    it('finds orders by a full id or an id prefix of 4+ characters, and by a full value only below that', async () => {
      const sample = orders[123]!;
      const paid = orders.filter((o) => o.receipt_id !== null);
      const short = paid.find((o) => o.receipt_id!.length < 4)!;
      const long = paid.find((o) => o.receipt_id!.length >= 12)!;
      for (const keyword of [
        sample.order_id, sample.order_id.slice(0, 12), sample.order_id.slice(0, 12).toUpperCase(), sample.order_id.slice(0, 4),
        sample.order_number, sample.order_number.slice(0, 10), sample.order_number.slice(0, 4),
        long.receipt_id!, long.receipt_id!.slice(0, 6), short.receipt_id!,
        sample.order_id.slice(0, 3), sample.order_number.slice(0, 2), '2501',
      ]) {
        await assertOracle({ keyword, limit: 50 });
      }
      assert.equal(await assertOracle({ keyword: sample.order_id }), 1);
      assert.equal(await assertOracle({ keyword: short.receipt_id! }), paid.filter((o) => o.receipt_id === short.receipt_id).length);
      // Three characters of an id are not a prefix search; they still search names.
      assert.equal(await assertOracle({ keyword: sample.order_id.slice(0, 3) }), oracleList(orders, { keyword: sample.order_id.slice(0, 3) }).count);
    });

    it('pages and combines with other filters as the oracle does, for few and for many matches', async () => {
      for (const keyword of ['샐러드', '러드', '샐', 'Coffee', '감귤', '🍊', orders[5]!.order_id.slice(0, 8)]) {
        for (const q of [
          { keyword, page: 1, limit: 7 },
          { keyword, page: 3, limit: 7 },
          { keyword, page: 400, limit: 7 },
          { keyword, status: [2], limit: 50 },
          { keyword, payment_status: [0], css_at: '2025-03-10', cse_at: '2025-04-20', limit: 50 },
        ] satisfies OracleQuery[]) {
          await assertOracle(q);
        }
      }
      assert.ok((await assertOracle({ keyword: '샐러드' })) > 2_000, 'a keyword with more matches than a page fetches');
    });

    it('finds orders created through the API', async () => {
      assert.equal(await assertOracle({ keyword: '단독 생성' }), 1);
      assert.equal(await assertOracle({ keyword: 'NEW_NAME' }), 1);
      assert.ok((await assertOracle({ keyword: '생성' })) >= 2);
    });

    it('the export and the summary select what the list selects', async () => {
      for (const keyword of ['감귤', '샐러드', orders[9]!.order_id.slice(0, 10)]) {
        const expected = oracleList(orders, { keyword }).count;
        const exported = await fetch(`${server.baseUrl}/v1/orders/export?keyword=${encodeURIComponent(keyword)}`, { headers: { authorization: auth } });
        assert.equal(exported.status, 200);
        const lines = (await exported.text()).trim().split('\n').length - 1;
        assert.equal(lines, expected, `export rows for ${keyword}`);
        const summary = await requestJson(server.baseUrl, `/v1/orders/summary?keyword=${encodeURIComponent(keyword)}`, { authorization: auth });
        assert.equal(summary.status, 200, JSON.stringify(summary.body));
        assert.equal(summary.body.count, expected, `summary count for ${keyword}`);
      }
    });
  });
}
