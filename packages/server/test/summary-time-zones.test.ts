import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { OrderWithProducts } from '../src/domain/order.js';
import { insertOrders } from '../src/storage/order-repository.js';
import { basicAuth, requestJson, startTestServer, type TestServer } from './support/test-server.js';
import { TEST_DIALECTS } from './support/test-database.js';
import { localDateTimeWithOffset, localDay, makeOrder, readCsvExport, spreadsheetValue } from './support/summary-export-oracle.js';

const ZONE = 'America/New_York';
const at = (iso: string) => Date.parse(iso) / 1000;

// Either side of local midnight on the days DST starts (2025-03-09) and ends (2025-11-02).
const INSTANTS = [
  '2025-03-09T04:30:00Z', '2025-03-09T05:30:00Z', '2025-03-10T03:30:00Z', '2025-03-10T04:30:00Z',
  '2025-11-02T03:30:00Z', '2025-11-02T04:30:00Z', '2025-11-03T04:30:00Z', '2025-11-03T05:30:00Z',
];

for (const dialect of TEST_DIALECTS) {
  describe(`local days in a zone with DST (${ZONE}, ${dialect})`, () => {
    let server: TestServer;
    let auth: string;
    let orders: OrderWithProducts[];

    before(async () => {
      server = await startTestServer(dialect, ZONE);
      const keys = await server.createKeys('new-york');
      auth = basicAuth(keys);
      orders = INSTANTS.map((iso, i) => makeOrder(keys.project_id, {
        created_at: at(iso), price: 1_000 * (i + 1), status: 2, receipt_status: 1, purchased_at: at(iso) + 60,
      }));
      await insertOrders(server.storage, orders);
    });
    after(() => server.close());

    const ranges: Array<[string, string]> = [['2025-03-08', '2025-03-11'], ['2025-11-01', '2025-11-04'], ['2025-03-01', '2025-11-30']];
    for (const [from, to] of ranges) {
      test(`the daily series of ${from}..${to} puts each order on its local day`, async () => {
        const { body } = await requestJson(server.baseUrl, `/v1/orders/summary?css_at=${from}&cse_at=${to}`, { authorization: auth });
        const nonEmpty = body.daily.days.filter((d: { count: number }) => d.count > 0);
        const expected = new Map<string, { count: number; paid_amount: number }>();
        for (const o of orders) {
          const day = localDay(o.created_at, ZONE);
          if (day < body.daily.from || day > to) continue;
          const entry = expected.get(day) ?? { count: 0, paid_amount: 0 };
          entry.count += 1;
          entry.paid_amount += o.price;
          expected.set(day, entry);
        }
        assert.deepEqual(
          nonEmpty.map((d: { date: string; count: number; paid_amount: number }) => [d.date, d.count, d.paid_amount]),
          [...expected].sort().map(([date, e]) => [date, e.count, e.paid_amount]),
        );
        assert.equal(body.daily.to, to);
      });
    }

    test('the export renders times on the local wall clock', async () => {
      const response = await fetch(`${server.baseUrl}/v1/orders/export?cs_type=p_at`, { headers: { authorization: auth } });
      const [header, ...rows] = await readCsvExport(response);
      const column = (name: string) => header!.indexOf(name);
      for (const row of rows) {
        const order = orders.find((o) => o.order_id === spreadsheetValue(row[column('order_id')]!))!;
        assert.equal(row[column('created_at')], localDateTimeWithOffset(order.created_at, ZONE));
        assert.equal(row[column('purchased_at')], localDateTimeWithOffset(order.purchased_at!, ZONE));
      }
      assert.equal(rows.length, orders.length);
    });
  });
}
