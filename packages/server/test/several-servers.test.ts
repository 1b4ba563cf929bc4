import assert from 'node:assert/strict';
import type { ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { loadHashKey } from '../src/services/hash-key.js';
import { verifyOrderCounters } from '../src/services/order-counters.js';
import { createKeyPair } from '../src/services/projects.js';
import { migrate, openStorage, type Storage } from '../src/storage/storage.js';
import { spawnServe } from './support/jumun-serve.js';
import { newOrderBody, OrdersApi } from './support/order-writes.js';
import { createTestDatabase, TEST_DIALECTS, type TestDatabase } from './support/test-database.js';
import { basicAuth } from './support/test-server.js';

const KEYS = 8;

for (const dialect of TEST_DIALECTS) {
  describe(`two jumun serve processes on one ${dialect} database`, { timeout: 90_000 }, () => {
    let database: TestDatabase;
    let storage: Storage;
    let projectId: string;
    let servers: Array<{ child: ChildProcess; api: OrdersApi }>;

    before(async () => {
      database = await createTestDatabase(dialect);
      storage = openStorage(database.url);
      await migrate(storage);
      const keys = await createKeyPair(storage, await loadHashKey(storage), 'shop');
      projectId = keys.project_id;
      const started = await Promise.all([spawnServe(database.url), spawnServe(database.url)]);
      servers = started.map(({ child, baseUrl }) => ({ child, api: new OrdersApi(baseUrl, basicAuth(keys)) }));
    });
    after(async () => {
      for (const server of servers ?? []) server.child.kill('SIGTERM');
      await storage?.close();
      await database?.drop();
    });

    it('creates one order per idempotency key sent to both servers at once, and both answer with it', async () => {
      const marker = `두 서버 ${randomUUID().slice(0, 8)}`;
      const keys = Array.from({ length: KEYS }, () => randomUUID());
      const answers = await Promise.all(keys.flatMap((key) =>
        [0, 1, 0, 1].map((i) => servers[i]!.api.create(newOrderBody({ order_name: marker }), key))));
      for (const [k, key] of keys.entries()) {
        const mine = answers.slice(k * 4, k * 4 + 4);
        assert.deepEqual(mine.map((a) => a.status), [201, 201, 201, 201], `${key}: ${JSON.stringify(mine.map((a) => a.body))}`);
        assert.equal(new Set(mine.map((a) => a.body.order_id)).size, 1, `${key}: one order for all four answers`);
        assert.equal(mine.filter((a) => a.headers.get('idempotent-replayed') === 'true').length, 3);
      }
      const stored = await storage.db.selectFrom('orders').select('order_id').where('project_id', '=', projectId).where('order_name', '=', marker).execute();
      assert.equal(stored.length, KEYS);
    });

    it('lets exactly one of two conflicting actions sent to different servers win, and records only that one', async () => {
      for (let round = 0; round < 6; round++) {
        const created = await servers[0]!.api.create();
        const orderId = created.body.order_id as string;
        assert.equal((await servers[1]!.api.act(orderId, 'payment.complete')).status, 200);
        assert.equal((await servers[0]!.api.act(orderId, 'cancel.request')).status, 200);
        const [approve, reject] = await Promise.all([
          servers[round % 2]!.api.act(orderId, 'cancel.approve'),
          servers[(round + 1) % 2]!.api.act(orderId, 'cancel.reject'),
        ]);
        assert.deepEqual([approve.status, reject.status].sort(), [200, 409], JSON.stringify([approve.body, reject.body]));
        const winner = approve.status === 200 ? 'cancel.approve' : 'cancel.reject';
        const history = await storage.db.selectFrom('order_status_history').select('action')
          .where('order_id', '=', orderId).orderBy('seq').execute();
        assert.deepEqual(history.map((h) => h.action), ['create', 'payment.complete', 'cancel.request', winner]);
        const order = await storage.db.selectFrom('orders').select('status').where('order_id', '=', orderId).executeTakeFirstOrThrow();
        assert.equal(order.status, winner === 'cancel.approve' ? 4 : 2);
      }
    });

    it('shares a key\'s rate limit among the processes on the database, and gives it back when one stops', async () => {
      const env = {
        ...process.env, LOG_LEVEL: 'silent', JUMUN_RATE_LIMIT_PER_SECOND: '1', JUMUN_RATE_LIMIT_BURST: '20',
        // Presence lasts three intervals: long enough that a busy machine's late announcement does
        // not make a process believe it is alone (and enforce the whole burst) mid-test.
        JUMUN_PRESENCE_INTERVAL_MS: '1000',
      };
      // A database of its own: the two servers above announce themselves too.
      const own = await createTestDatabase(dialect);
      const ownStorage = openStorage(own.url);
      await migrate(ownStorage);
      const hashKey = await loadHashKey(ownStorage);
      const auth = basicAuth(await createKeyPair(ownStorage, hashKey, 'limited'));
      // Measured with a key of its own, whose buckets start full at the shared burst.
      const measured = basicAuth(await createKeyPair(ownStorage, hashKey, 'limited'));
      await ownStorage.close();
      const limited = await Promise.all([spawnServe(own.url, env), spawnServe(own.url, env)]);
      const limitOf = async (baseUrl: string) =>
        (await fetch(`${baseUrl}/v1/orders?limit=1`, { headers: { authorization: auth } })).headers.get('ratelimit-limit');
      const settle = async (baseUrl: string, expected: string) => {
        const deadline = Date.now() + 15_000;
        while ((await limitOf(baseUrl)) !== expected) {
          assert.ok(Date.now() < deadline, `${baseUrl} never enforced a burst of ${expected}`);
          await new Promise((resolve) => setTimeout(resolve, 100));
        }
      };
      try {
        await Promise.all(limited.map(({ baseUrl }) => settle(baseUrl, '10')));
        const started = Date.now();
        const answers = await Promise.all(Array.from({ length: 40 }, (_, i) =>
          fetch(`${limited[i % 2]!.baseUrl}/v1/orders?limit=1`, { headers: { authorization: measured } }).then((r) => r.status)));
        const seconds = (Date.now() - started) / 1000;
        const allowed = answers.filter((status) => status === 200).length;
        assert.deepEqual(new Set(answers), new Set([200, 429]));
        // The burst of 20 in all (10 a process), plus what a rate of 1/s refills meanwhile.
        assert.ok(allowed >= 20 && allowed <= 21 + Math.ceil(seconds), `${allowed} of 40 allowed in ${seconds} s`);
        limited[1]!.child.kill('SIGTERM');
        await settle(limited[0]!.baseUrl, '20');
      } finally {
        for (const { child } of limited) child.kill('SIGTERM');
        await Promise.all(limited.map(({ child }) => new Promise((resolve) => (child.exitCode === null ? child.once('exit', resolve) : resolve(null)))));
        await own.drop();
      }
    });

    it('leaves the counters equal to the orders, row by row', async () => {
      assert.deepEqual((await verifyOrderCounters(storage)).differences, []);
    });
  });
}
