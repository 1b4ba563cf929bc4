import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { sql } from 'kysely';
import { importRecordOf } from '../bench/import-records.js';
import { demoOrders, demoReferenceData } from '../src/demo/generate.js';
import type { OrderWithProducts } from '../src/domain/order.js';
import { loadDemoProjects } from '../src/services/demo-data.js';
import { importFile } from '../src/services/import-file.js';
import { ensureProject } from '../src/services/projects.js';
import { hasDeferredIndexes, withIndexesDeferred } from '../src/storage/deferred-indexes.js';
import { insertOrders } from '../src/storage/order-repository.js';
import { migrate, openStorage, type Storage } from '../src/storage/storage.js';
import { FIXTURE_NOW, handMadeOrder } from './support/fixtures.js';
import { createTestDatabase, TEST_DIALECTS, type TestDatabase } from './support/test-database.js';

const TIME_ZONE = 'Asia/Seoul';

/** Every order of a project as stored, with its products, in order_id order: read with plain SQL. */
async function storedOrders(storage: Storage, projectId: string): Promise<OrderWithProducts[]> {
  const orders = await storage.db.selectFrom('orders').selectAll().where('project_id', '=', projectId).orderBy('order_id').execute();
  const products = await storage.db
    .selectFrom('order_products')
    .innerJoin('orders', 'orders.order_id', 'order_products.order_id')
    .select(['order_products.order_id', 'order_products.line_no', 'order_products.product_id', 'order_products.name', 'order_products.quantity', 'order_products.price'])
    .where('orders.project_id', '=', projectId)
    .orderBy('order_products.order_id')
    .orderBy('order_products.line_no')
    .execute();
  const byOrder = new Map<string, OrderWithProducts['products']>();
  for (const { order_id, line_no: _line, ...product } of products) {
    const list = byOrder.get(order_id) ?? [];
    list.push(product);
    byOrder.set(order_id, list);
  }
  return orders.map((row) => ({
    ...row,
    payment: row.payment === null ? null : JSON.parse(row.payment),
    products: byOrder.get(row.order_id) ?? [],
  })) as OrderWithProducts[];
}

/** The generator's orders for a project, alone and in one piece: the oracle of a load. */
function generated(projectId: string, orders: number, seed: number): OrderWithProducts[] {
  const options = { projectId, orders, seed, now: FIXTURE_NOW, timeZone: TIME_ZONE };
  return [...demoOrders(options, demoReferenceData(options), 1_000)].flat().sort((a, b) => (a.order_id < b.order_id ? -1 : 1));
}

async function count(storage: Storage, table: 'orders' | 'order_products' | 'order_status_history'): Promise<number> {
  const { rows } = await sql<{ n: number }>`select count(*) as n from ${sql.table(table)}`.execute(storage.db);
  return Number(rows[0]!.n);
}

async function plainIndexNames(storage: Storage): Promise<string[]> {
  const names: string[] = [];
  for (const table of ['orders', 'order_status_history']) {
    names.push(...(await storage.dialect.plainIndexes(table).execute(storage.db)).rows.map((r) => r.name));
  }
  return names.sort();
}

for (const dialect of TEST_DIALECTS) {
  describe(`bulk loads on ${dialect}`, () => {
    let database: TestDatabase;
    let storage: Storage;
    let indexesOfSchema: string[];

    before(async () => {
      database = await createTestDatabase(dialect);
      storage = openStorage(database.url);
      await migrate(storage);
      indexesOfSchema = await plainIndexNames(storage);
      assert.ok(indexesOfSchema.length >= 9, indexesOfSchema.join(', '));
    });
    after(async () => {
      await storage.close();
      await database.drop();
    });

    it('loads several projects interleaved, each exactly as the generator makes it alone, and builds every index again', async () => {
      const sizes = [{ name: 'shop-a', orders: 3_000, seed: 3 }, { name: 'shop-b', orders: 1_100, seed: 4 }];
      const loaded = await loadDemoProjects(storage, sizes.map((s) => ({ projectName: s.name, orders: s.orders, seed: s.seed, now: FIXTURE_NOW, timeZone: TIME_ZONE })));
      assert.equal(loaded, 4_100);
      for (const size of sizes) {
        const project = await ensureProject(storage, size.name);
        const expected = generated(project.project_id, size.orders, size.seed);
        assert.deepEqual(await storedOrders(storage, project.project_id), expected, size.name);
      }
      assert.equal(await count(storage, 'orders'), 4_100);
      // The status history came along: a cancelled or requested order's last entry is its status
      // at its updated_at; some payments failed (plain SQL over the stored rows).
      const { rows: [unexplained] } = await sql<{ n: number }>`
        select count(*) as n from orders o where o.status in (3, 4) and not exists (
          select 1 from order_status_history h where h.order_id = o.order_id and h.to_status = o.status and h.at = o.updated_at
            and h.seq = (select max(seq) from order_status_history l where l.order_id = o.order_id))`.execute(storage.db);
      assert.equal(Number(unexplained!.n), 0);
      const { rows: [failed] } = await sql<{ n: number }>`
        select count(distinct order_id) as n from order_status_history where action = 'payment.fail'`.execute(storage.db);
      assert.ok(Number(failed!.n) > 100, `${failed!.n} orders with a failed payment`);
      assert.deepEqual(await plainIndexNames(storage), indexesOfSchema);
      assert.equal(await hasDeferredIndexes(storage), false);
    });

    it('keeps its indexes when loading into a table that already holds orders', async () => {
      let during: string[] = [];
      await withIndexesDeferred(storage, async () => {
        during = await plainIndexNames(storage);
      });
      assert.deepEqual(during, indexesOfSchema);
    });

    it('rolls back a whole batch when one of its rows fails, keeping the batches before it', async () => {
      const project = await ensureProject(storage, 'atomic');
      const ordersBefore = await count(storage, 'orders');
      const productsBefore = await count(storage, 'order_products');
      const make = (i: number) => handMadeOrder(project.project_id, { created_at: FIXTURE_NOW - 1_000 + i });
      const good = [make(1), make(2)];
      await insertOrders(storage, good);

      // A duplicate order id as the batch's last row.
      const batch = Array.from({ length: 150 }, (_, i) => make(10 + i));
      await assert.rejects(insertOrders(storage, [...batch, { ...batch[0]!, order_number: '25010199999999999999' }]));
      // A product line without a name: the orders table went fine, the products table fails.
      const unnamed = make(300);
      await assert.rejects(insertOrders(storage, [...batch, { ...unnamed, products: [{ ...unnamed.products[0]!, name: null as unknown as string }] }]));
      // A failure in statements added to the same transaction undoes those statements too.
      const orderRows = batch.map(({ products: _p, ...o }) => ({ ...o, payment: null }));
      await assert.rejects(
        storage.bulkInsert([{ table: 'orders', rows: orderRows }], async (trx) => {
          await trx.insertInto('settings').values({ name: 'bulk-test', value: 'written' }).execute();
          throw new Error('maintained table failed');
        }),
        /maintained table failed/,
      );
      const setting = () => storage.db.selectFrom('settings').select('value').where('name', '=', 'bulk-test').executeTakeFirst();
      assert.equal(await setting(), undefined);

      assert.equal(await count(storage, 'orders'), ordersBefore + good.length);
      assert.equal(await count(storage, 'order_products'), productsBefore + good.length);

      // And commit with them when nothing fails.
      const more = make(400);
      const { products: _products, ...moreRow } = more;
      await storage.bulkInsert([{ table: 'orders', rows: [{ ...moreRow, payment: null }] }], async (trx) => {
        await trx.insertInto('settings').values({ name: 'bulk-test', value: 'written' }).execute();
      });
      assert.deepEqual(await setting(), { value: 'written' });
      good.push(more);
      assert.equal(await count(storage, 'orders'), ordersBefore + good.length);
      const ids = (await storedOrders(storage, project.project_id)).map((o) => o.order_id);
      assert.deepEqual(ids, good.map((o) => o.order_id).sort());
    });

    it('stores text with tabs, line breaks, backslashes and quotes, and NULLs, exactly', async () => {
      const project = await ensureProject(storage, 'escapes');
      const names = ['탭\t하나', '줄\n바꿈\r\n', 'back\\slash \\N \\t', `따옴표 "double" 'single'`, '\\', '', '🙂 emoji'];
      const orders = names.map((order_name, i) =>
        handMadeOrder(project.project_id, {
          created_at: FIXTURE_NOW - 500 + i,
          order_name,
          user_email: i % 2 === 0 ? null : `e${i}@example.com`,
          username: i === 3 ? null : order_name,
          products: [{ product_id: `p\t${i}`, name: order_name || 'x', quantity: 1, price: 1000 }],
        }),
      );
      await insertOrders(storage, orders);
      assert.deepEqual(await storedOrders(storage, project.project_id), [...orders].sort((a, b) => (a.order_id < b.order_id ? -1 : 1)));
    });
  });

  describe(`deferred indexes on ${dialect}`, () => {
    let database: TestDatabase;
    let storage: Storage;
    let indexesOfSchema: string[];

    before(async () => {
      database = await createTestDatabase(dialect);
      storage = openStorage(database.url);
      await migrate(storage);
      indexesOfSchema = await plainIndexNames(storage);
    });
    after(async () => {
      await storage.close();
      await database.drop();
    });

    it('drops the plain indexes while loading into an empty table and builds them again when the load fails', async () => {
      const project = await ensureProject(storage, 'failing');
      let during: string[] = [];
      await assert.rejects(
        withIndexesDeferred(storage, async () => {
          await insertOrders(storage, [handMadeOrder(project.project_id, { created_at: FIXTURE_NOW - 100 })]);
          during = await plainIndexNames(storage);
          throw new Error('the file broke off');
        }),
        /the file broke off/,
      );
      assert.deepEqual(during, []);
      assert.deepEqual(await plainIndexNames(storage), indexesOfSchema);
      assert.equal(await hasDeferredIndexes(storage), false);
      await storage.db.deleteFrom('order_products').execute();
      await storage.db.deleteFrom('orders').execute();
    });

    it('builds them at the next migrate when the loading process died before it could', async () => {
      // What a load leaves when killed mid-way: the note, the indexes dropped, some orders.
      const project = await ensureProject(storage, 'died');
      const definitions = [];
      for (const table of ['orders', 'order_status_history']) definitions.push(...(await storage.dialect.plainIndexes(table).execute(storage.db)).rows);
      await storage.db.insertInto('settings').values({ name: 'deferred_indexes', value: JSON.stringify(definitions) }).execute();
      for (const { name } of definitions) await sql`drop index ${sql.ref(name)}`.execute(storage.db);
      await insertOrders(storage, [handMadeOrder(project.project_id, { created_at: FIXTURE_NOW - 50 })]);
      assert.deepEqual(await plainIndexNames(storage), []);

      const reopened = openStorage(database.url);
      try {
        await migrate(reopened);
        assert.deepEqual(await plainIndexNames(reopened), indexesOfSchema);
        assert.equal(await hasDeferredIndexes(reopened), false);
      } finally {
        await reopened.close();
      }
    });
  });

  describe(`import into an empty database on ${dialect}`, () => {
    let database: TestDatabase;
    let storage: Storage;
    let dir: string;

    before(async () => {
      dir = mkdtempSync(join(tmpdir(), 'jumun-bulk-import-'));
      database = await createTestDatabase(dialect);
      storage = openStorage(database.url);
      await migrate(storage);
    });
    after(async () => {
      await storage.close();
      await database.drop();
      rmSync(dir, { recursive: true, force: true });
    });

    it('imports every record once, equal to what was generated, and adds nothing when run again', async () => {
      const project = await ensureProject(storage, 'moving-in');
      const options = { projectId: 'elsewhere', orders: 1_200, seed: 9, now: FIXTURE_NOW, timeZone: TIME_ZONE };
      const source = [...demoOrders(options, demoReferenceData(options), 1_000)].flat();
      const file = join(dir, 'history.ndjson');
      writeFileSync(file, source.map((order) => JSON.stringify(importRecordOf(order))).join('\n') + '\n');
      const importing = () =>
        importFile(storage, {
          path: file,
          projectName: 'moving-in',
          timeZone: TIME_ZONE,
          batchSize: 250,
          onBadRecord: (line, reason) => assert.fail(`line ${line}: ${reason}`),
        });

      assert.deepEqual(await importing(), { records: 1_200, imported: 1_200, existing: 0, bad: 0 });
      assert.deepEqual(await importing(), { records: 1_200, imported: 0, existing: 1_200, bad: 0 });
      assert.equal(await count(storage, 'orders'), 1_200);
      assert.equal(await count(storage, 'order_status_history'), 1_200);
      // An import sets updated_at to the latest of its times (docs/writes.md); the generator's is the
      // last history entry, later for a cancellation request.
      const expected = source
        .map((o) => ({ ...o, project_id: project.project_id, updated_at: Math.max(o.created_at, o.purchased_at ?? 0, o.cancelled_at ?? 0) }))
        .sort((a, b) => (a.order_id < b.order_id ? -1 : 1));
      assert.deepEqual(await storedOrders(storage, project.project_id), expected);
      assert.equal(await hasDeferredIndexes(storage), false);
    });
  });
}
