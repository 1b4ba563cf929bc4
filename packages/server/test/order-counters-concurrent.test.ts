import assert from 'node:assert/strict';
import { spawnServe } from './support/jumun-serve.js';
import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { writeImportFile } from '../bench/import-records.js';
import { parseOrderFilter } from '../src/domain/order-query.js';
import { nowSeconds } from '../src/domain/timestamps.js';
import { formatCalendarDate, localDate } from '../src/domain/time-zone.js';
import { loadHashKey } from '../src/services/hash-key.js';
import { verifyOrderCounters } from '../src/services/order-counters.js';
import { createKeyPair } from '../src/services/projects.js';
import { countFromCounters, groupCountersByStatus } from '../src/storage/order-counter-repository.js';
import { countOrdersByScan } from '../src/storage/order-repository.js';
import { migrate, openStorage, type Storage } from '../src/storage/storage.js';
import { ACTION_BODIES, ACTION_PATHS, newOrderBody, type Action } from './support/order-writes.js';
import { createTestDatabase, TEST_DIALECTS, type TestDatabase } from './support/test-database.js';
import { basicAuth, requestJson } from './support/test-server.js';

const JUMUN = new URL('../../bin/jumun.js', import.meta.url).pathname;
const SERVERS = 3;
const CLIENTS_PER_SERVER = 3;
const OPERATIONS_PER_CLIENT = 40;

function run(args: string[]): { child: ChildProcess; done: Promise<{ code: number | null; output: string }> } {
  const child = spawn(process.execPath, [JUMUN, ...args], { env: { ...process.env, LOG_LEVEL: 'silent' }, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const done = new Promise<{ code: number | null; output: string }>((resolve) => child.once('exit', (code) => resolve({ code, output })));
  return { child, done };
}

const ORDER_TYPES = [
  { order_type: 'direct' },
  { order_type: 'link' },
  { order_type: 'subscription', order_subscription_id: 'sub_1', subscription_billing_type: 1 },
  { order_type: 'subscription', order_subscription_id: 'sub_2', subscription_billing_type: 2 },
];
/** Every action from every status: the illegal ones are answered 409 and must change nothing. */
const ACTIONS = Object.keys(ACTION_PATHS) as Action[];

for (const dialect of TEST_DIALECTS) {
  describe(`order counters under concurrent writers on ${dialect}`, () => {
    let database: TestDatabase;
    let storage: Storage;
    let projectId: string;
    let dir: string;
    const today = formatCalendarDate(localDate(nowSeconds(), 'Asia/Seoul'));

    before(async () => {
      database = await createTestDatabase(dialect);
      storage = openStorage(database.url);
      await migrate(storage);
      const keys = await createKeyPair(storage, await loadHashKey(storage), 'shop');
      projectId = keys.project_id;
      const auth = basicAuth(keys);
      dir = mkdtempSync(join(tmpdir(), 'jumun-counters-'));
      const fileA = join(dir, 'a.ndjson');
      const fileB = join(dir, 'b.ndjson');
      await writeImportFile(fileA, 1_000, nowSeconds(), 3);
      await writeImportFile(fileB, 600, nowSeconds(), 4);

      const servers = await Promise.all(Array.from({ length: SERVERS }, () => spawnServe(database.url)));
      const importing = (file: string) => run(['import', '--project', 'shop', '--db', database.url, '--batch', '150', file]);
      const imports = [importing(fileA), importing(fileB)];
      const pool: string[] = [];
      const unexpected: string[] = [];
      let applied = 0;
      let seed = dialect === 'sqlite' ? 1 : 2;
      const pick = (n: number) => {
        seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31;
        return seed % n;
      };
      const client = async (baseUrl: string) => {
        for (let i = 0; i < OPERATIONS_PER_CLIENT; i++) {
          const roll = pick(10);
          if (roll < 3 || pool.length === 0) {
            const price = 1_000 + pick(50) * 100;
            const body = newOrderBody({
              ...ORDER_TYPES[pick(ORDER_TYPES.length)], price, tax_free_price: 0,
              products: [{ product_id: 'p1', name: '상품', quantity: 1, price }],
            });
            const response = await requestJson(baseUrl, '/v1/orders', { method: 'POST', authorization: auth, body, headers: { 'idempotency-key': randomUUID() } });
            if (response.status === 201) pool.push(response.body.order_id);
            else unexpected.push(`create ${response.status} ${JSON.stringify(response.body)}`);
          } else if (roll === 3) {
            // Imported orders join the pool, so status changes race with the imports' batches too.
            const response = await requestJson(baseUrl, `/v1/orders?limit=20&page=${1 + pick(20)}&status=0,1,2,3`, { authorization: auth });
            if (response.status === 200) pool.push(...response.body.list.map((o: { order_id: string }) => o.order_id));
            else unexpected.push(`list ${response.status}`);
          } else {
            const action = ACTIONS[pick(ACTIONS.length)]!;
            const body = action === 'payment.complete' ? { receipt_id: `r_${randomUUID()}` } : ACTION_BODIES[action];
            const orderId = pool[pick(pool.length)]!;
            const response = await requestJson(baseUrl, `/v1/orders/${orderId}/${ACTION_PATHS[action]}`, { method: 'POST', authorization: auth, body });
            if (response.status === 200) applied++;
            else if (response.status !== 409) unexpected.push(`${action} ${response.status} ${JSON.stringify(response.body)}`);
          }
        }
      };
      try {
        await Promise.all(servers.flatMap(({ baseUrl }) => Array.from({ length: CLIENTS_PER_SERVER }, () => client(baseUrl))));
        const results = await Promise.all(imports.map((i) => i.done));
        for (const result of results) assert.equal(result.code, 0, result.output);
        // Importing a file again adds nothing, to the orders or to the counters.
        const again = await importing(fileA).done;
        assert.equal(again.code, 0, again.output);
        assert.match(again.output, /imported 0 orders/);
      } finally {
        for (const { child } of servers) child.kill('SIGTERM');
      }
      assert.deepEqual(unexpected, []);
      assert.ok(applied >= 30, `${applied} status changes applied`);
    });
    after(async () => {
      await storage?.close();
      await database?.drop();
      if (dir) rmSync(dir, { recursive: true, force: true });
    });

    it('counts exactly what COUNT(*) counts, for every kind of counted filter', async () => {
      const total = await countOrdersByScan(storage, projectId, { dateField: 'created_at' });
      assert.equal(total, 1_600 + (await storage.db.selectFrom('orders').select((eb) => eb.fn.countAll<number>().as('n'))
        .where('project_id', '=', projectId).where('order_name', '=', String(newOrderBody().order_name)).executeTakeFirstOrThrow()).n);
      const month = { css_at: `${today.slice(0, 7)}-01`, cse_at: today };
      const queries: Array<Record<string, string>> = [
        {}, { css_at: today }, { cse_at: today }, month, { cs_type: 'p_at' }, { cs_type: 'p_at', ...month }, { cs_type: 'p_at', css_at: today },
        { css_at: '2020-01-01', cse_at: today },
        ...[0, 1, 2, 3, 4].flatMap((s): Array<Record<string, string>> => [{ status: String(s) }, { status: String(s), css_at: today }, { cs_type: 'p_at', status: String(s), css_at: today }]),
        ...[0, 1, 20].map((s) => ({ payment_status: String(s) })),
        { order_type: 'subscription' }, { order_type: 'direct,link', status: '2,3' }, { subscription_billing_type: '2', css_at: today },
      ];
      for (const query of queries) {
        const filter = parseOrderFilter(Object.fromEntries(Object.entries(query).map(([k, v]) => [k, [v]])), 'Asia/Seoul');
        const counted = await countFromCounters(storage, projectId, filter);
        assert.notEqual(counted, null);
        assert.equal(counted, await countOrdersByScan(storage, projectId, filter), new URLSearchParams(query).toString());
      }
    });

    it('gives the summary totals of a plain GROUP BY with SUM over the orders', async () => {
      for (const query of [{}, { css_at: today }, { cs_type: 'p_at', css_at: '2020-01-01' }] as Array<Record<string, string>>) {
        const filter = parseOrderFilter(Object.fromEntries(Object.entries(query).map(([k, v]) => [k, [v]])), 'Asia/Seoul');
        const counted = await groupCountersByStatus(storage, projectId, filter, 'Asia/Seoul');
        assert.notEqual(counted, null);
        const date = filter.dateField;
        let sums = storage.db.selectFrom('orders')
          .select((eb) => ['status', 'receipt_status', eb.fn.countAll<number>().as('count'), eb.fn.sum<number>('price').as('amount')])
          .where('project_id', '=', projectId).groupBy(['status', 'receipt_status']).orderBy('status').orderBy('receipt_status');
        if (filter.from !== undefined) sums = sums.where(date, '>=', filter.from);
        const expected = (await sums.execute()).map((r) => [Number(r.status), Number(r.receipt_status), Number(r.count), Number(r.amount)]);
        const actual = counted!.map((g) => [g.status, g.receipt_status, g.count, g.amount]).sort((a, b) => a[0]! - b[0]! || a[1]! - b[1]!);
        assert.deepEqual(actual, expected, new URLSearchParams(query).toString());
      }
    });

    it('has counters that match the orders row by row (counts verify)', async () => {
      const check = await verifyOrderCounters(storage);
      assert.deepEqual(check.differences, []);
      assert.ok(check.rows > 10, `${check.rows} counter rows`);
      const cli = run(['counts', 'verify', '--db', database.url]);
      const { code, output } = await cli.done;
      assert.equal(code, 0, output);
      assert.match(output, /match the orders/);
    });
  });
}
