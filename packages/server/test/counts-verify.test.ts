import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { after, before, describe, it } from 'node:test';
import { seedDemoOrders } from './support/fixtures.js';
import { TEST_DIALECTS } from './support/test-database.js';
import { basicAuth, requestJson, startTestServer, type TestServer } from './support/test-server.js';

const JUMUN = new URL('../../bin/jumun.js', import.meta.url).pathname;

function jumun(args: string[]): Promise<{ code: number | null; output: string }> {
  const child = spawn(process.execPath, [JUMUN, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  return new Promise((resolve) => child.once('exit', (code) => resolve({ code, output })));
}

for (const dialect of TEST_DIALECTS) {
  describe(`jumun counts verify on ${dialect}`, () => {
    let server: TestServer;
    let url: string;
    let projectA: string;
    let projectB: string;
    let authA: string;

    before(async () => {
      server = await startTestServer(dialect);
      url = server.storage.description;
      const keysA = await server.createKeys('shop-a');
      projectA = keysA.project_id;
      authA = basicAuth(keysA);
      projectB = (await server.createKeys('shop-b')).project_id;
      await seedDemoOrders(server.storage, projectA, 400);
      await seedDemoOrders(server.storage, projectB, 200, 9);
    });
    after(() => server.close());

    const counters = (projectId: string) =>
      server.storage.db.selectFrom('order_counters').selectAll().where('project_id', '=', projectId).orderBy('day').orderBy('status');

    it('says the counters match after loading and exits 0', async () => {
      const { code, output } = await jumun(['counts', 'verify', '--db', url]);
      assert.equal(code, 0, output);
      assert.match(output, /order counters of every project match the orders \(\d+ rows, days in Asia\/Seoul\)/);
    });

    it('names every row that differs (project, key, expected vs stored), exits 1, and --repair fixes them', async () => {
      const [changed, removed] = await counters(projectA).where('date_field', '=', 'created_at').limit(2).execute();
      await server.storage.db.updateTable('order_counters').set({ orders: changed!.orders + 5, amount: changed!.amount + 7 })
        .where('project_id', '=', projectA).where('date_field', '=', 'created_at').where('day', '=', changed!.day)
        .where('status', '=', changed!.status).where('receipt_status', '=', changed!.receipt_status)
        .where('order_type', '=', changed!.order_type).where('billing_type', '=', changed!.billing_type).execute();
      await server.storage.db.deleteFrom('order_counters')
        .where('project_id', '=', projectA).where('date_field', '=', 'created_at').where('day', '=', removed!.day)
        .where('status', '=', removed!.status).where('receipt_status', '=', removed!.receipt_status)
        .where('order_type', '=', removed!.order_type).where('billing_type', '=', removed!.billing_type).execute();
      await server.storage.db.insertInto('order_counters').values({
        project_id: projectB, date_field: 'purchased_at', day: 10_000, status: 2, receipt_status: 1, order_type: 'link', billing_type: 0, orders: 3, amount: 300,
      }).execute();

      // The API's counts are the counters' (list, deep page, summary): the stored +5 and the removed row show.
      const expected = 400 + 5 - removed!.orders;
      for (const path of ['/v1/orders', '/v1/orders?page=3&limit=10', '/v1/orders/summary']) {
        const response = await requestJson(server.baseUrl, path, { authorization: authA });
        assert.equal(response.body.count, expected, path);
      }

      const all = await jumun(['counts', 'verify', '--db', url]);
      assert.equal(all.code, 1, all.output);
      assert.match(all.output, /3 rows differ/);
      const day = (n: number) => new Date(n * 86_400_000).toISOString().slice(0, 10);
      const key = (row: typeof changed) => `${day(row!.day)} status=${row!.status} payment_status=${row!.receipt_status} order_type=${row!.order_type} billing_type=${row!.billing_type}`;
      assert.ok(all.output.includes(`shop-a created_at ${key(changed)}: expected ${changed!.orders} orders / ${changed!.amount}, stored ${changed!.orders + 5} / ${changed!.amount + 7}`), all.output);
      assert.ok(all.output.includes(`shop-a created_at ${key(removed)}: expected ${removed!.orders} orders / ${removed!.amount}, stored 0 / 0`), all.output);
      assert.ok(all.output.includes('shop-b purchased_at 1997-05-19 status=2 payment_status=1 order_type=link billing_type=0: expected 0 orders / 0, stored 3 / 300'), all.output);
      assert.match(all.output, /--repair/);

      const onlyB = await jumun(['counts', 'verify', '--project', 'shop-b', '--db', url]);
      assert.equal(onlyB.code, 1, onlyB.output);
      assert.match(onlyB.output, /project shop-b: 1 row differs/);
      assert.doesNotMatch(onlyB.output, /shop-a/);

      const repairA = await jumun(['counts', 'verify', '--repair', '--project', 'shop-a', '--db', url]);
      assert.equal(repairA.code, 0, repairA.output);
      assert.match(repairA.output, /2 rows differ[\s\S]*repaired/);
      assert.equal((await jumun(['counts', 'verify', '--project', 'shop-a', '--db', url])).code, 0);
      assert.equal((await jumun(['counts', 'verify', '--db', url])).code, 1, 'shop-b still differs');

      const repairAll = await jumun(['counts', 'verify', '--repair', '--db', url]);
      assert.equal(repairAll.code, 0, repairAll.output);
      const clean = await jumun(['counts', 'verify', '--db', url]);
      assert.equal(clean.code, 0, clean.output);
      // The repaired counters answer the API's counts again: the tampered row is gone.
      const stored = await counters(projectB).where('day', '=', 10_000).execute();
      assert.deepEqual(stored, []);
    });

    it('refuses an unknown project and a wrong call', async () => {
      const unknown = await jumun(['counts', 'verify', '--project', 'nope', '--db', url]);
      assert.equal(unknown.code, 1);
      assert.match(unknown.output, /no project named 'nope'/);
      const wrong = await jumun(['counts', 'check', '--db', url]);
      assert.equal(wrong.code, 2);
      assert.match(wrong.output, /usage: jumun counts verify/);
    });
  });
}
