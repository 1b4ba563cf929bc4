import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { OrderWithProducts } from '../src/domain/order.js';
import { parseOrderFilter } from '../src/domain/order-query.js';
import { parseQueryString } from '../src/domain/raw-query.js';
import { orderPagesForExport } from '../src/storage/order-export-repository.js';
import { insertOrders } from '../src/storage/order-repository.js';
import { basicAuth, requestJson, startTestServer, type TestServer } from './support/test-server.js';
import { TEST_DIALECTS } from './support/test-database.js';
import {
  bodyWithBom,
  localDateTimeWithOffset,
  makeOrder,
  oracleMatches,
  oracleSorted,
  readCsvExport,
  spreadsheetValue,
  seedOrders,
  toParams,
  type OracleFilter,
} from './support/summary-export-oracle.js';

const NOW = Date.parse('2025-08-01T03:00:00Z') / 1000;
const TIE = Date.parse('2025-07-20T05:00:00Z') / 1000;

const HEADER = [
  'order_id', 'order_number', 'order_name', 'price', 'tax_free_price', 'status', 'status_name', 'receipt_status',
  'receipt_status_name', 'order_type', 'user_id', 'username', 'user_email', 'user_phone', 'user_group_id',
  'order_subscription_id', 'subscription_billing_type', 'receipt_id', 'payment_method', 'card_name', 'card_no', 'products',
  'created_at', 'purchased_at', 'cancelled_at', 'cancelled_price', 'remaining_price',
];

/** Orders sharing created_at / purchased_at, so keyset pages must break ties by order_id. */
function tiedOrders(projectId: string): OrderWithProducts[] {
  return Array.from({ length: 9 }, (_, i) => makeOrder(projectId, {
    created_at: TIE,
    ...(i % 3 === 0 ? {} : { status: 2, receipt_status: 1, purchased_at: TIE + 600, receipt_id: `r${i}` }),
  }));
}

/** Text a spreadsheet would run, and text CSV must quote. */
function trickyOrder(projectId: string): OrderWithProducts {
  return makeOrder(projectId, {
    created_at: 0x68707c59,
    order_name: '=HYPERLINK("http://evil.example","클릭")',
    username: '@관리자',
    user_email: 'a,b@example.com',
    user_group_id: '\tgroup',
    receipt_id: '-1+1',
    user_id: '첫 줄\r\n둘째 줄',
    status: 4,
    receipt_status: 20,
    purchased_at: 0x68707c59 + 5,
    cancelled_at: 0x68707c59 + 3_600,
    price: 29_000,
    tax_free_price: 1_000,
  });
}

for (const dialect of TEST_DIALECTS) {
  describe(`GET /v1/orders/export (${dialect})`, () => {
    let server: TestServer;
    let auth: string;
    let projectId: string;
    let orders: OrderWithProducts[];
    let tricky: OrderWithProducts;

    before(async () => {
      server = await startTestServer(dialect);
      const keys = await server.createKeys('export');
      auth = basicAuth(keys);
      projectId = keys.project_id;
      orders = await seedOrders(server.storage, projectId, 1_200, NOW);
      tricky = trickyOrder(projectId);
      const extra = [...tiedOrders(projectId), tricky];
      await insertOrders(server.storage, extra);
      orders.push(...extra);
      const other = await server.createKeys('not-exported');
      await seedOrders(server.storage, other.project_id, 30, NOW);
    });
    after(() => server.close());

    async function exportRows(query: string): Promise<{ response: Response; rows: string[][] }> {
      const response = await fetch(`${server.baseUrl}/v1/orders/export?${query}`, { headers: { authorization: auth } });
      assert.equal(response.status, 200);
      return { response, rows: await readCsvExport(response) };
    }

    async function listAllIds(query: string): Promise<string[]> {
      const ids: string[] = [];
      for (let page = 1; ; page++) {
        const { body } = await requestJson(server.baseUrl, `/v1/orders?${query}&limit=50&page=${page}`, { authorization: auth });
        ids.push(...body.list.map((o: { order_id: string }) => o.order_id));
        if (body.list.length < 50) return ids;
      }
    }

    const filters: OracleFilter[] = [
      {},
      { cs_type: 'p_at' },
      { status: [2, 4], css_at: '2025-05-01', cse_at: '2025-07-31' },
      { keyword: '세트', order_type: ['direct', 'link'] },
      { css_at: '2025-07-01', cse_at: '2025-07-31' },
      { cs_type: 'p_at', css_at: '2025-06-01', cse_at: '2025-07-31' },
      { css_at: '2025-07-01', created_before: TIE + 1 },
    ];
    for (const filter of filters) {
      test(`has the list's rows in the list's order for ?${toParams(filter) || '(no filters)'}`, async () => {
        const query = toParams(filter);
        const [{ rows }, listed] = await Promise.all([exportRows(query), listAllIds(query)]);
        const [header, ...data] = rows;
        assert.deepEqual(header, HEADER);
        const exported = data.map((row) => spreadsheetValue(row[0]!));
        assert.deepEqual(exported, listed);
        assert.deepEqual(exported, oracleSorted(oracleMatches(orders, filter), filter.cs_type).map((o) => o.order_id));
      });
    }

    test('keyset pages cross ties without losing or repeating an order, with or without a range', async () => {
      const ranges = [
        { query: `created_before=${new Date((TIE + 1) * 1000).toISOString()}`, oracle: { created_before: TIE + 1 } },
        { query: 'css_at=2025-07-01&cse_at=2025-07-31', oracle: { css_at: '2025-07-01', cse_at: '2025-07-31' } },
        { query: '', oracle: {} },
      ];
      for (const csType of ['c_at', 'p_at'] as const) {
        for (const range of ranges) {
          const filter = parseOrderFilter(parseQueryString(`cs_type=${csType}&${range.query}`), 'Asia/Seoul');
          const ids: string[] = [];
          for await (const page of orderPagesForExport(server.storage, projectId, filter, 4)) ids.push(...page.map((o) => o.order_id));
          const expected = oracleSorted(oracleMatches(orders, { cs_type: csType, ...range.oracle }), csType);
          assert.ok(expected.length > 8, 'several pages');
          assert.deepEqual(ids, expected.map((o) => o.order_id), `${csType} ${range.query}`);
        }
      }
    });

    test('escapes CSV, defuses formulas and renders every field', async () => {
      const { rows } = await exportRows('keyword=HYPERLINK');
      assert.equal(rows.length, 2);
      assert.deepEqual(rows[1], [
        `="${tricky.order_id}"`, `="${tricky.order_number}"`, `'=HYPERLINK("http://evil.example","클릭")`, '29000', '1000', '4', '취소 완료', '20', '결제취소완료',
        'direct', '="첫 줄\r\n둘째 줄"', "'@관리자", 'a,b@example.com', '="010-0000-0000"', '="\tgroup"', '', '0', '="-1+1"',
        tricky.payment?.method ?? '', tricky.payment?.card_name ?? '', tricky.payment?.card_no ?? '',
        JSON.stringify(tricky.products.map((p) => ({ product_id: p.product_id, name: p.name, quantity: p.quantity, price: p.price }))),
        '2025-07-11 11:52:09+09:00', '2025-07-11 11:52:14+09:00', localDateTimeWithOffset(0x68707c59 + 3_600, 'Asia/Seoul'),
        '29000', '0',
      ]);
    });

    test('is a UTF-8 CSV attachment with a BOM, CRLF lines and quoted fields', async () => {
      const response = await fetch(`${server.baseUrl}/v1/orders/export?keyword=HYPERLINK`, { headers: { authorization: auth } });
      assert.equal(response.headers.get('content-type'), 'text/csv; charset=utf-8');
      assert.match(response.headers.get('content-disposition') ?? '', /^attachment; filename="jumun-orders-\d{8}-\d{6}\.csv"$/);
      const text = await bodyWithBom(response);
      assert.ok(text.startsWith(`\uFEFForder_id,order_number,`));
      assert.ok(text.includes(`,"'=HYPERLINK(""http://evil.example"",""클릭"")",`));
      assert.ok(text.includes(`,"=""첫 줄\r\n둘째 줄""",`), 'an id with a line break: a quoted string formula');
      assert.ok(text.endsWith('\r\n'));
      assert.equal(text.split('\r\n').length, 4, 'header, one row with an embedded CRLF, final CRLF');
    });

    test('no matching orders is the header alone', async () => {
      const { rows } = await exportRows('css_at=2030-01-01');
      assert.deepEqual(rows, [HEADER]);
    });

    test('header_language=ko names the columns in Korean over the same rows; en is the default; another value is a 400', async () => {
      const english = await exportRows('keyword=HYPERLINK');
      const korean = await exportRows('keyword=HYPERLINK&header_language=ko');
      assert.deepEqual(korean.rows[0], [
        '주문 ID', '주문번호', '주문명', '결제 금액', '면세 금액', '주문 상태 코드', '주문 상태', '결제 상태 코드',
        '결제 상태', '주문 유형', '주문자 ID', '주문자', '이메일', '전화번호', '주문자 그룹 ID',
        '구독 계약 번호', '구독 결제 유형', '영수증 ID', '결제 수단', '카드사', '카드 번호', '상품',
        '생성 일시', '결제 일시', '취소 일시', '취소 금액', '남은 금액',
      ]);
      assert.deepEqual(korean.rows.slice(1), english.rows.slice(1));
      assert.deepEqual((await exportRows('keyword=HYPERLINK&header_language=en')).rows, english.rows);
      assert.deepEqual(english.rows[0], HEADER);
      for (const value of ['kr', 'ko&header_language=en']) {
        const bad = await requestJson(server.baseUrl, `/v1/orders/export?header_language=${value}`, { authorization: auth });
        assert.equal(bad.status, 400, value);
        assert.equal(bad.body.code, 1100);
        assert.equal(bad.body.data.parameter, 'header_language');
        assert.match(bad.body.message, /header_language 값이 올바르지 않습니다: '(kr|ko,en)' \(기대 형식: en 또는 ko/);
      }
    });

    test('a bad filter is a JSON 400, and authentication is required', async () => {
      const bad = await requestJson(server.baseUrl, '/v1/orders/export?cs_type=x_at', { authorization: auth });
      assert.equal(bad.status, 400);
      assert.equal(bad.body.code, 1100);
      assert.match(bad.body.message, /cs_type/);
      const anonymous = await requestJson(server.baseUrl, '/v1/orders/export');
      assert.equal(anonymous.status, 401);
    });
  });
}
