import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import pg from 'pg';
import { insertOrders } from '../src/storage/order-repository.js';
import type { OrderWithProducts } from '../src/domain/order.js';
import { handMadeOrder } from './support/fixtures.js';
import { findPostgresBinDir, startPrivatePostgres, type PrivatePostgres } from './support/private-postgres.js';
import { parseCsv } from './support/summary-export-oracle.js';
import { basicAuth, requestJson, startServerOn, type TestServer } from './support/test-server.js';
import { newOrderBody } from './support/order-writes.js';

const binDir = findPostgresBinDir();
const skip = binDir ? false : 'initdb/pg_ctl/pg_basebackup not found (PATH, /usr/lib/postgresql/*/bin): no private primary and replica';

const BASE = Date.parse('2025-05-01T00:00:00Z') / 1000;
const STATUSES = [0, 1, 2, 2, 3, 4] as const;

async function until(what: string, check: () => Promise<boolean> | boolean, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting until ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe('Postgres read replicas on real streaming replication', { skip, timeout: 120_000 }, () => {
  let primary: PrivatePostgres;
  let replica: PrivatePostgres;
  let onReplica: pg.Client;
  /** A tight lag bound, for the down and lagging checks. */
  let server: TestServer;
  /** A loose one, so a paused replica stays in use while read-after-write is checked. */
  let patient: TestServer;
  let reader: string;
  let writer: string;
  let orders: OrderWithProducts[];

  const routing = (of: TestServer) => of.storage.readRouting()!;
  const replicaReads = (of: TestServer) => routing(of).reads.replica;
  const primaryReads = (of: TestServer) => routing(of).reads.primary;
  const replicaCount = async (table = 'orders') => Number((await onReplica.query(`select count(*) as n from ${table}`)).rows[0].n);

  /** A direct connection to the replica; its socket drops when the replica stops, which is expected here. */
  const replicaClient = () => {
    const client = new pg.Client({ connectionString: replica.url });
    client.on('error', () => {});
    return client;
  };

  before(async () => {
    primary = await startPrivatePostgres(binDir!);
    replica = await startPrivatePostgres(binDir!, primary);
    const replicas = (maxLagMs: number) => ({ replicas: { urls: [replica.url], maxLagMs, probeIntervalMs: 100 } });
    server = await startServerOn({ url: primary.url, drop: async () => {} }, { storageOptions: replicas(1_000) });
    patient = await startServerOn({ url: primary.url, drop: async () => {} }, { storageOptions: replicas(60_000) });
    const keys = await server.createKeys('replicated');
    reader = basicAuth(await server.createKeys('replicated', 'read'));
    writer = basicAuth(keys);
    orders = Array.from({ length: 60 }, (_, i) => handMadeOrder(keys.project_id, {
      created_at: BASE + i * 3_600,
      status: STATUSES[i % STATUSES.length]!,
      receipt_status: ([0, 0, 1, 1, 1, 20] as const)[i % STATUSES.length]!,
      price: 1_000 + i * 10,
      user_id: `buyer_${i % 4}`,
      user_group_id: i % 3 === 0 ? 'group_r' : null,
    }));
    await insertOrders(server.storage, orders);
    onReplica = replicaClient();
    await onReplica.connect();
    await until('the replica has the orders', async () => (await replicaCount()) === orders.length);
    await until('both servers read from the replica', () => routing(server).replicas[0]!.inUse && routing(patient).replicas[0]!.inUse);
  });
  after(async () => {
    await onReplica?.end().catch(() => {});
    await server?.close();
    await patient?.close();
    replica?.destroy();
    primary?.destroy();
  });

  it('serves list, count, summary, export, month and detail from the replica, as a plain filter over the orders says', async () => {
    const before = { replica: replicaReads(server), primary: primaryReads(server) };
    const paid = orders.filter((o) => o.status === 2);
    const list = await requestJson(server.baseUrl, '/v1/orders?status=2&limit=50', { authorization: reader });
    assert.equal(list.status, 200);
    assert.equal(list.body.count, paid.length);
    assert.deepEqual(new Set(list.body.list.map((o: { order_id: string }) => o.order_id)), new Set(paid.map((o) => o.order_id)));

    const all = await requestJson(server.baseUrl, '/v1/orders?limit=1&page=7', { authorization: reader });
    assert.equal(all.body.count, orders.length);

    const buyer = orders.filter((o) => o.user_id === 'buyer_1');
    const byBuyer = await requestJson(server.baseUrl, '/v1/orders?user_id=buyer_1&limit=50', { authorization: reader });
    assert.equal(byBuyer.body.count, buyer.length);

    const summary = await requestJson(server.baseUrl, '/v1/orders/summary', { authorization: reader });
    assert.equal(summary.status, 200);
    assert.equal(summary.body.count, orders.length);
    assert.equal(summary.body.amount, orders.reduce((sum, o) => sum + o.price, 0));

    const exported = await fetch(`${server.baseUrl}/v1/orders/export?status=2`, { headers: { authorization: reader } });
    assert.equal(exported.status, 200);
    const rows = parseCsv(await exported.text());
    assert.equal(rows.length - 1, paid.length);

    const one = orders[5]!;
    const detail = await requestJson(server.baseUrl, `/v1/orders/${one.order_id}`, { authorization: reader });
    assert.equal(detail.status, 200);
    assert.equal(detail.body.order_number, one.order_number);

    const month = await requestJson(server.baseUrl, '/v1/orders/month?user_group_id=group_r&search_date=2025-05&limit=50', { authorization: reader });
    assert.equal(month.status, 200, JSON.stringify(month.body));
    assert.equal(month.body.count, orders.filter((o) => o.user_group_id === 'group_r').length);

    const after = { replica: replicaReads(server), primary: primaryReads(server) };
    assert.ok(after.replica - before.replica >= 7, `${after.replica - before.replica} reads went to the replica`);
    assert.equal(after.primary - before.primary, 0, 'no read went to the primary');
  });

  it('keeps answering from the primary while the replica is down, and goes back to it once it is up', async () => {
    replica.stop();
    try {
      for (let i = 0; i < 3; i++) {
        const list = await requestJson(server.baseUrl, '/v1/orders?status=2&limit=50', { authorization: reader });
        assert.equal(list.status, 200, JSON.stringify(list.body));
        assert.equal(list.body.count, orders.filter((o) => o.status === 2).length);
      }
      const state = routing(server).replicas[0]!;
      assert.equal(state.inUse, false);
      assert.match(state.reason ?? '', /failed a read|unreachable/);
    } finally {
      replica.start();
    }
    await onReplica.end().catch(() => {});
    onReplica = replicaClient();
    await onReplica.connect();
    await until('the replica is back in use', () => routing(server).replicas[0]!.inUse);
    const before = { replica: replicaReads(server), primary: primaryReads(server) };
    const detail = await requestJson(server.baseUrl, `/v1/orders/${orders[0]!.order_id}`, { authorization: reader });
    assert.equal(detail.status, 200);
    assert.ok(replicaReads(server) > before.replica);
    assert.equal(primaryReads(server), before.primary);
  });

  it('skips a replica whose replay lags beyond the bound, and uses it again once it has caught up', async () => {
    await onReplica.query('select pg_wal_replay_pause()');
    const late = handMadeOrder(orders[0]!.project_id, { created_at: BASE + 90 * 86_400, status: 2, receipt_status: 1 });
    try {
      await insertOrders(server.storage, [late]);
      await until('the lagging replica is skipped', () => !routing(server).replicas[0]!.inUse);
      assert.match(routing(server).replicas[0]!.reason ?? '', /lags \d+ ms behind/);
      assert.equal(await replicaCount(), orders.length, 'the paused replica has not replayed the new order');
      // Served by the primary: the replica does not have it yet.
      const detail = await requestJson(server.baseUrl, `/v1/orders/${late.order_id}`, { authorization: reader });
      assert.equal(detail.status, 200);
    } finally {
      await onReplica.query('select pg_wal_replay_resume()');
    }
    await until('the replica has caught up and is in use again', () => routing(server).replicas[0]!.inUse);
    assert.equal(await replicaCount(), orders.length + 1);
    orders.push(late);
  });

  it('lets a key read its own writes from the primary, and any request ask for the primary with a header', async () => {
    await until('the patient server reads from the replica', () => routing(patient).replicas[0]!.inUse);
    await onReplica.query('select pg_wal_replay_pause()');
    try {
      const created = await requestJson(patient.baseUrl, '/v1/orders', {
        method: 'POST', authorization: writer, body: newOrderBody(), headers: { 'idempotency-key': `raw-${Date.now()}` },
      });
      assert.equal(created.status, 201, JSON.stringify(created.body));
      const path = `/v1/orders/${created.body.order_id}`;
      assert.ok(routing(patient).replicas[0]!.inUse, 'the paused replica is still within the loose bound');
      // The writer sees its order at once; another key reads the replica, which has not replayed it.
      assert.equal((await requestJson(patient.baseUrl, path, { authorization: writer })).status, 200);
      assert.equal((await requestJson(patient.baseUrl, path, { authorization: reader })).status, 404);
      const asked = await requestJson(patient.baseUrl, path, { authorization: reader, headers: { 'jumun-read-primary': 'true' } });
      assert.equal(asked.status, 200);
    } finally {
      await onReplica.query('select pg_wal_replay_resume()');
    }
  });

  it('shows each replica\'s lag and state, and where reads went, in /metrics', async () => {
    const metrics = await startServerOn({ url: primary.url, drop: async () => {} }, {
      storageOptions: { replicas: { urls: [replica.url], maxLagMs: 1_000, probeIntervalMs: 100 } },
      config: { metricsToken: 'replica-metrics-token' },
    });
    try {
      await until('the replica is in use', () => routing(metrics).replicas[0]!.inUse);
      await requestJson(metrics.baseUrl, '/v1/orders?limit=1', { authorization: reader });
      const text = await (await fetch(`${metrics.baseUrl}/metrics`, { headers: { authorization: 'Bearer replica-metrics-token' } })).text();
      const host = new URL(replica.url).host;
      assert.match(text, new RegExp(`jumun_db_replica_in_use\\{replica="postgres://postgres@${host}/postgres"\\} 1`));
      assert.match(text, /jumun_db_replica_lag_milliseconds\{replica="[^"]+"\} \d+/);
      assert.match(text, /jumun_db_reads_total\{target="replica"\} [1-9]/);
    } finally {
      await metrics.close();
    }
  });
});
