import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { sql } from 'kysely';
import { findContractIds, findOrdersByKeys, insertImportedOrders } from '../src/storage/import-repository.js';
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

    it('stores a batch whose new contract another writer registered after the batch was planned', async () => {
      // The race of a live order (or a second import) naming the same contract between the
      // import's look-up and its insert: the first registration stands, the batch still lands.
      const first = { order_subscription_id: 'sub_raced', user_id: 'u1', user_group_id: null, billing_type: 1 as const, name: '먼저', created_at: BASE };
      await server.storage.db.insertInto('order_subscriptions').values({ project_id: projectId, ...first }).execute();
      const order = handMadeOrder(projectId, { created_at: BASE + 100, order_subscription_id: 'sub_raced' });
      const entry = {
        at: BASE + 100, action: 'import' as const, from_status: null, to_status: order.status,
        from_receipt_status: null, to_receipt_status: order.receipt_status, actor: null, reason: 'raced.ndjson:1',
        actor_type: 'system' as const, actor_id: null, actor_name: null, channel: 'import' as const, cancellation_request_id: null,
      };
      const planned = { ...first, name: '나중', user_id: 'u2' };
      await insertImportedOrders(server.storage, projectId, [{ order, entry }], [planned]);
      const contracts = await server.storage.db.selectFrom('order_subscriptions').selectAll()
        .where('project_id', '=', projectId).where('order_subscription_id', '=', 'sub_raced').execute();
      assert.deepEqual(contracts.map((c) => [c.name, c.user_id]), [['먼저', 'u1']]);
      const stored = await server.storage.db.selectFrom('orders').select('order_id').where('order_id', '=', order.order_id).execute();
      assert.equal(stored.length, 1);
    });
  });
}
