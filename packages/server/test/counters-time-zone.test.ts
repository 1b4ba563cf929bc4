import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { OrderWithProducts } from '../src/domain/order.js';
import { parseOrderFilter } from '../src/domain/order-query.js';
import { alignOrderCounters, verifyOrderCounters } from '../src/services/order-counters.js';
import { countFromCounters } from '../src/storage/order-counter-repository.js';
import { noteCountersZone, readCountersZone } from '../src/storage/order-counter-writes.js';
import { seedDemoOrders } from './support/fixtures.js';
import { OrdersApi } from './support/order-writes.js';
import { localDay, oracleMatches, type OracleFilter } from './support/summary-export-oracle.js';
import { createTestDatabase, TEST_DIALECTS, type TestDatabase } from './support/test-database.js';
import { basicAuth, requestJson, startServerOn, type TestServer } from './support/test-server.js';

const NEW_YORK = 'America/New_York';

/** Ranges whose days start at other instants in New York than in Seoul, across a DST change. */
const FILTERS: OracleFilter[] = [
  {},
  { css_at: '2025-03-01', cse_at: '2025-03-31' },
  { css_at: '2025-03-09', cse_at: '2025-03-09' },
  { css_at: '2025-07-01', cse_at: '2025-07-31', status: [2] },
  { cs_type: 'p_at', css_at: '2025-06-01', cse_at: '2025-06-30' },
  { cs_type: 'p_at', cse_at: '2025-01-15', payment_status: [1, 20] },
  { css_at: '2024-11-03', status: [0, 1] },
];

function toQuery(f: OracleFilter): Record<string, string> {
  const query: Record<string, string> = {};
  for (const [key, value] of Object.entries(f)) query[key] = Array.isArray(value) ? value.join(',') : String(value);
  return query;
}

for (const dialect of TEST_DIALECTS) {
  describe(`changing JUMUN_TIME_ZONE on ${dialect}`, () => {
    let database: TestDatabase;
    let kept: TestDatabase;
    let server: TestServer | null = null;
    let auth: string;
    let projectId: string;

    /** The orders as stored now, for the plain-JS oracle. */
    const stored = async () =>
      (await server!.storage.db.selectFrom('orders').selectAll().where('project_id', '=', projectId).execute()) as unknown as OrderWithProducts[];

    async function restart(timeZone: string, alignCounters: boolean) {
      await server?.close();
      server = await startServerOn(kept, { timeZone, alignCounters });
    }

    async function assertCountsMatch(timeZone: string) {
      const orders = await stored();
      for (const f of FILTERS) {
        const query = new URLSearchParams(toQuery(f)).toString();
        const response = await requestJson(server!.baseUrl, `/v1/orders?limit=1&${query}`, { authorization: auth });
        assert.equal(response.body.count, oracleMatches(orders, f, timeZone).length, `${timeZone}: ${query}`);
        const summary = await requestJson(server!.baseUrl, `/v1/orders/summary?${query}`, { authorization: auth });
        const matching = oracleMatches(orders, f, timeZone);
        assert.equal(summary.body.count, matching.length, `${timeZone} summary: ${query}`);
        const dateOf = (o: OrderWithProducts) => (f.cs_type === 'p_at' ? o.purchased_at : o.created_at);
        for (const day of summary.body.daily.days as Array<{ date: string; count: number }>) {
          const expected = matching.filter((o) => dateOf(o) !== null && localDay(dateOf(o)!, timeZone) === day.date).length;
          assert.equal(day.count, expected, `${timeZone} summary day ${day.date}: ${query}`);
        }
      }
    }

    before(async () => {
      database = await createTestDatabase(dialect);
      kept = { url: database.url, drop: async () => {} };
      await restart('Asia/Seoul', true);
      const keys = await server!.createKeys('shop');
      projectId = keys.project_id;
      auth = basicAuth(keys);
      await seedDemoOrders(server!.storage, projectId, 1_200);
    });
    after(async () => {
      await server?.close();
      await database.drop();
    });

    it('counts right in the new zone before the counters are rebuilt: ranges they cannot answer fall back to COUNT(*)', async () => {
      await restart(NEW_YORK, false);
      assert.equal(await readCountersZone(server!.storage.db), 'Asia/Seoul');
      await assertCountsMatch(NEW_YORK);
      const march = parseOrderFilter({ css_at: ['2025-03-01'], cse_at: ['2025-03-31'] }, NEW_YORK);
      assert.equal(await countFromCounters(server!.storage, projectId, march), null, 'Seoul counters do not answer New York days');
      assert.notEqual(await countFromCounters(server!.storage, projectId, { dateField: 'created_at' }), null);
    });

    it('rebuilds the counters in the new zone at startup and answers from them', async () => {
      await restart(NEW_YORK, true);
      assert.equal(await readCountersZone(server!.storage.db), NEW_YORK);
      await assertCountsMatch(NEW_YORK);
      const march = parseOrderFilter({ css_at: ['2025-03-01'], cse_at: ['2025-03-31'] }, NEW_YORK);
      assert.notEqual(await countFromCounters(server!.storage, projectId, march), null);
      assert.deepEqual((await verifyOrderCounters(server!.storage)).differences, []);
    });

    it('keeps counters exact when a writer still assumes the old zone', async () => {
      // What a process that last saw the Seoul counters would do: its upserts find the zone moved on and retry.
      noteCountersZone('Asia/Seoul');
      const api = new OrdersApi(server!.baseUrl, auth);
      for (let i = 0; i < 3; i++) {
        noteCountersZone('Asia/Seoul');
        await api.orderAfter(['payment.complete', 'cancel.request']);
      }
      assert.deepEqual((await verifyOrderCounters(server!.storage)).differences, []);
      await assertCountsMatch(NEW_YORK);
    });

    it('goes back to Seoul the same way', async () => {
      await restart('Asia/Seoul', true);
      assert.equal(await readCountersZone(server!.storage.db), 'Asia/Seoul');
      await assertCountsMatch('Asia/Seoul');
      assert.equal(await alignOrderCounters(server!.storage, 'Asia/Seoul'), false, 'no rebuild when the zone is unchanged');
    });
  });
}
