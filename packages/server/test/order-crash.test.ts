import assert from 'node:assert/strict';
import { execFile, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { describe, it } from 'node:test';
import { promisify } from 'node:util';
import { JUMUN_BIN, spawnServe } from './support/jumun-serve.js';
import { newOrderBody, OrdersApi } from './support/order-writes.js';
import { createTestDatabase, TEST_DIALECTS } from './support/test-database.js';
import { basicAuth } from './support/test-server.js';

const run = promisify(execFile);
const ENV = { ...process.env, LOG_LEVEL: 'silent' };

function exited(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => (child.exitCode !== null || child.signalCode !== null ? resolve() : child.once('exit', () => resolve())));
}

for (const dialect of TEST_DIALECTS) {
  describe(`a server killed during creates on ${dialect}`, () => {
    it('keeps every acknowledged order, and a retry with the same key creates each unanswered one exactly once', async (t) => {
      const database = await createTestDatabase(dialect);
      const { stdout } = await run(process.execPath, [JUMUN_BIN, 'keys', 'create', '--project', 'p', '--db', database.url, '--json'], { env: ENV });
      const authorization = basicAuth(JSON.parse(stdout));
      let server = await spawnServe(database.url, ENV);
      try {
        const acknowledged = new Map<string, any>();
        const unanswered = new Map<string, Record<string, unknown>>();
        let killed = false;
        // Each worker writes until a request of its own goes unanswered: once the process is dead
        // every request fails, so each ends with one (a request whose answer was already on its
        // way when the signal landed is acknowledged, and the worker goes on).
        const worker = async (w: number) => {
          const api = new OrdersApi(server.baseUrl, authorization);
          for (let i = 0; ; i++) {
            const key = randomUUID();
            const body = newOrderBody({ order_name: `주문 ${w}-${i}` });
            try {
              const response = await api.create(body, key);
              assert.equal(response.status, 201, JSON.stringify(response.body));
              acknowledged.set(key, response.body);
            } catch (error) {
              if (!killed) throw error;
              unanswered.set(key, body);
              return;
            }
          }
        };
        const workers = Array.from({ length: 4 }, (_, w) => worker(w));
        while (acknowledged.size < 60) await new Promise((resolve) => setTimeout(resolve, 10));
        killed = true;
        server.child.kill('SIGKILL');
        await Promise.all(workers);
        await exited(server.child);
        assert.ok(unanswered.size > 0, 'requests were in flight when the server died');

        server = await spawnServe(database.url, ENV);
        const api = new OrdersApi(server.baseUrl, authorization);
        for (const order of acknowledged.values()) {
          const found = await api.detail(order.order_id);
          assert.equal(found.status, 200, `acknowledged order ${order.order_id} survived`);
          assert.deepEqual(found.body, order);
        }
        const countAfterRestart = await api.count();
        assert.ok(countAfterRestart >= acknowledged.size && countAfterRestart <= acknowledged.size + unanswered.size);
        t.diagnostic(`${acknowledged.size} acknowledged, ${unanswered.size} unanswered of which ${countAfterRestart - acknowledged.size} had committed`);

        for (const [key, body] of unanswered) {
          const retried = await api.create(body, key);
          assert.equal(retried.status, 201, JSON.stringify(retried.body));
          assert.equal(retried.body.order_name, body.order_name);
        }
        assert.equal(await api.count(), acknowledged.size + unanswered.size, 'nothing lost, nothing doubled');
      } finally {
        server.child.kill('SIGTERM');
        await exited(server.child);
        await database.drop();
      }
    });
  });
}
