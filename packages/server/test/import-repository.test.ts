import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { sql } from 'kysely';
import { findContractIds, findOrdersByKeys } from '../src/storage/import-repository.js';
import { insertOrders } from '../src/storage/order-repository.js';
import type { Storage } from '../src/storage/storage.js';
import { handMadeOrder } from './support/fixtures.js';
import { TEST_DIALECTS } from './support/test-database.js';
import { startTestServer, type TestServer } from './support/test-server.js';

const BASE = Date.parse('2025-03-01T00:00:00Z') / 1000;

for (const dialect of TEST_DIALECTS) {
  describe(`import look-ups on ${dialect}`, () => {
    let server: TestServer;
    let projectId: string;
    let orderIds: string[];
    let orderNumbers: string[];

    before(async () => {
      server = await startTestServer(dialect);
      projectId = (await server.createKeys('lookups')).project_id;
      const orders = Array.from({ length: 45 }, (_, i) => handMadeOrder(projectId, { created_at: BASE + i }));
      await insertOrders(server.storage, orders);
      orderIds = orders.map((o) => o.order_id);
      orderNumbers = orders.map((o) => o.order_number);
    });
    after(() => server.close());

    it('split long key lists to stay within the dialect\'s bound-parameter limit', async () => {
      // A dialect allowing 20 parameters per statement: 45 ids would break it in one `in (…)`.
      const tight: Storage = { ...server.storage, dialect: { ...server.storage.dialect, maxParameters: 20 } };
      const statements: string[] = [];
      const stop = server.storage.onQuery((event) => statements.push(event.kind));
      const missing = ['ffffffff00000000000000aa', 'ffffffff00000000000000bb'];
      const found = await findOrdersByKeys(tight, projectId, [...orderIds, ...missing], [...orderNumbers.slice(0, 30), '99999999999999999999']);
      stop();
      assert.ok(statements.length >= 6, `${statements.length} statements for 47 ids and 31 numbers at 10 per statement`);
      const { rows } = await sql<{ n: number }>`select count(*) as n from orders where project_id = ${projectId}`.execute(server.storage.db);
      assert.equal(found.filter((row) => orderIds.includes(row.order_id)).length, Number(rows[0]!.n) + 30, 'every id, and the 30 numbers');
      assert.deepEqual(new Set(found.map((row) => row.order_id)), new Set(orderIds));
      assert.equal((await findContractIds(tight, projectId, Array.from({ length: 25 }, (_, i) => `sub_${i}`))).size, 0);
    });
  });
}
