import assert from 'node:assert/strict';
import { execFile, type ChildProcess } from 'node:child_process';
import { describe, it } from 'node:test';
import { promisify } from 'node:util';
import { JUMUN_BIN, spawnServe } from './support/jumun-serve.js';
import { ACTION_BODIES, OrdersApi, type Action } from './support/order-writes.js';
import { createTestDatabase, TEST_DIALECTS } from './support/test-database.js';
import { basicAuth, requestJson } from './support/test-server.js';
import { documentedVerifier, EVENT_OF, WebhookReceiver } from './support/webhook-receiver.js';

const run = promisify(execFile);
const ENV = {
  ...process.env,
  LOG_LEVEL: 'silent',
  JUMUN_WEBHOOK_TARGETS: 'any',
  JUMUN_WEBHOOK_POLL_MS: '50',
  JUMUN_WEBHOOK_RETRY_BASE_MS: '100',
  JUMUN_WEBHOOK_RETRY_MAX_MS: '300',
};

const PATHS: Action[][] = [['payment.start', 'payment.complete'], ['payment.complete', 'cancel.request', 'cancel.reject'], ['payment.complete', 'cancel']];

function exited(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => (child.exitCode !== null || child.signalCode !== null ? resolve() : child.once('exit', () => resolve())));
}

/** A project, its keys and an endpoint made with the CLI, as an operator would. */
async function setUp(url: string, receiverUrl: string) {
  const keys = JSON.parse((await run(process.execPath, [JUMUN_BIN, 'keys', 'create', '--project', 'p', '--db', url, '--json'], { env: ENV })).stdout);
  const endpoint = JSON.parse(
    (await run(process.execPath, [JUMUN_BIN, 'webhooks', 'add', '--project', 'p', '--url', receiverUrl, '--db', url, '--json'], { env: ENV })).stdout,
  );
  assert.match(endpoint.secret, /^whsec_/);
  return { authorization: basicAuth(keys), endpoint: endpoint as { webhook_id: string; secret: string } };
}

/** Orders moved along PATHS through the given APIs in turn; per order, the event types the changes send. */
async function makeChanges(apis: OrdersApi[], orders: number): Promise<Map<string, string[]>> {
  const changes = new Map<string, string[]>();
  for (let i = 0; i < orders; i++) {
    const api = apis[i % apis.length]!;
    const created = await api.create();
    assert.equal(created.status, 201);
    const types = [EVENT_OF.create];
    for (const action of PATHS[i % PATHS.length]!) {
      assert.equal((await api.act(created.body.order_id, action, ACTION_BODIES[action])).status, 200);
      types.push(EVENT_OF[action]);
    }
    changes.set(created.body.order_id, types);
  }
  return changes;
}

/** Per order, the event types in the order the receiver first accepted each event. */
function firstAcceptances(receiver: WebhookReceiver): Map<string, string[]> {
  const seen = new Set<string>();
  const perOrder = new Map<string, string[]>();
  for (const hit of receiver.accepted) {
    if (seen.has(hit.json.event_id)) continue;
    seen.add(hit.json.event_id);
    const id = hit.json.order.order_id as string;
    perOrder.set(id, [...(perOrder.get(id) ?? []), hit.json.event_type]);
  }
  return perOrder;
}

const sorted = (map: Map<string, string[]>) => [...map.entries()].sort(([a], [b]) => a.localeCompare(b));
const total = (changes: Map<string, string[]>) => [...changes.values()].reduce((n, types) => n + types.length, 0);

for (const dialect of TEST_DIALECTS) {
  describe(`webhook delivery across processes (${dialect})`, () => {
    it('a server SIGKILLed mid-delivery loses nothing: after a restart every event arrives, in order per order', async (t) => {
      const receiver = new WebhookReceiver();
      await receiver.start();
      receiver.behaviour = () => ({ status: 200, delayMs: 150 });
      const database = await createTestDatabase(dialect);
      const env = { ...ENV, JUMUN_WEBHOOK_LEASE_MS: '1500', JUMUN_WEBHOOK_CONCURRENCY: '2' };
      const { authorization, endpoint } = await setUp(database.url, receiver.url);
      let server = await spawnServe(database.url, env);
      try {
        const changes = await makeChanges([new OrdersApi(server.baseUrl, authorization)], 6);
        await receiver.until(() => receiver.received.length >= 3 && receiver.open > 0, 15_000, 'deliveries under way');
        server.child.kill('SIGKILL');
        await exited(server.child);
        const beforeRestart = receiver.received.length;
        assert.ok(beforeRestart < total(changes), 'the kill came before everything was delivered');

        server = await spawnServe(database.url, env);
        await receiver.until(() => new Set(receiver.accepted.map((hit) => hit.json.event_id)).size >= total(changes), 18_000, 'every event after the restart');
        assert.deepEqual(sorted(firstAcceptances(receiver)), sorted(changes), 'every change arrived, in change order per order');
        const verify = await documentedVerifier();
        for (const hit of receiver.received) assert.ok(verify(endpoint.secret, hit.headers['jumun-signature'] as string, hit.body));
        const repeats = receiver.received.length - total(changes);
        assert.ok(repeats <= 2, `only the deliveries in flight at the kill (at most the concurrency, 2) came twice: ${repeats}`);
        t.diagnostic(`${beforeRestart} received before the kill, ${repeats} repeated after it`);

        // The receiver has answered every event; the server records each answer just after.
        const listDeliveries = async () =>
          (await requestJson(server.baseUrl, `/v1/webhooks/${endpoint.webhook_id}/deliveries?limit=100`, { authorization })).body.list;
        let deliveries = await listDeliveries();
        for (const deadline = Date.now() + 10_000; deliveries.some((d: { status: string }) => d.status === 'pending') && Date.now() < deadline;) {
          await new Promise((resolve) => setTimeout(resolve, 50));
          deliveries = await listDeliveries();
        }
        assert.equal(deliveries.length, total(changes));
        assert.deepEqual([...new Set(deliveries.map((d: { status: string }) => d.status))], ['delivered']);
      } finally {
        server.child.kill('SIGTERM');
        await exited(server.child);
        await receiver.close();
        await database.drop();
      }
    });

    it('two server processes on one database deliver each event once per attempt', async (t) => {
      const receiver = new WebhookReceiver();
      await receiver.start();
      receiver.behaviour = () => ({ status: 200, delayMs: 10 });
      const database = await createTestDatabase(dialect);
      const { authorization, endpoint } = await setUp(database.url, receiver.url);
      let started = Date.now();
      const servers = [await spawnServe(database.url, ENV), await spawnServe(database.url, ENV)];
      t.diagnostic(`started in ${Date.now() - started} ms`);
      try {
        started = Date.now();
        const changes = await makeChanges(servers.map((s) => new OrdersApi(s.baseUrl, authorization)), 12);
        t.diagnostic(`changes in ${Date.now() - started} ms, ${receiver.received.length} received meanwhile`);
        started = Date.now();
        await receiver.until(() => receiver.accepted.length >= total(changes), 18_000, 'every event');
        t.diagnostic(`the rest delivered in ${Date.now() - started} ms`);
        await new Promise((resolve) => setTimeout(resolve, 300));
        const hits = new Map<string, number>();
        for (const hit of receiver.received) hits.set(hit.json.event_id, (hits.get(hit.json.event_id) ?? 0) + 1);
        assert.equal(hits.size, total(changes));
        assert.deepEqual([...hits.entries()].filter(([, n]) => n !== 1), [], 'no event was sent twice');
        assert.deepEqual(sorted(firstAcceptances(receiver)), sorted(changes));
        const deliveries = (await requestJson(servers[0]!.baseUrl, `/v1/webhooks/${endpoint.webhook_id}/deliveries?limit=100`, { authorization })).body.list;
        assert.deepEqual([...new Set(deliveries.map((d: { attempts: number }) => d.attempts))], [1], 'one attempt each');
      } finally {
        for (const server of servers) server.child.kill('SIGTERM');
        await Promise.all(servers.map((server) => exited(server.child)));
        await receiver.close();
        await database.drop();
      }
    });
  });
}
