import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { CompiledQuery, sql } from 'kysely';
import { importRecordOf } from '../bench/import-records.js';
import { CANCELLATION_STATUS } from '../src/contract/constants.js';
import { monthsAhead, parsePartitionMonth } from '../src/domain/order-partitions.js';
import { nowSeconds } from '../src/domain/timestamps.js';
import { DEFAULT_MONTHS_AHEAD } from '../src/services/order-partitions.js';
import { hasDeferredIndexes } from '../src/storage/deferred-indexes.js';
import type { OrderFilter } from '../src/domain/order-query.js';
import { orderCountQuery, orderPageQuery, insertOrders } from '../src/storage/order-repository.js';
import { migrate, openStorage, type Storage } from '../src/storage/storage.js';
import { isUniqueViolation } from '../src/storage/write-conflicts.js';
import { FIXTURE_NOW, handMadeOrder, seedDemoOrders } from './support/fixtures.js';
import { spawnServe } from './support/jumun-serve.js';
import { newOrderBody, OrdersApi } from './support/order-writes.js';
import { createTestDatabase, type TestDatabase } from './support/test-database.js';
import { basicAuth, requestJson, startServerOn, type TestServer } from './support/test-server.js';

const JUMUN = new URL('../src/cli/main.js', import.meta.url).pathname;
const ZONE = 'Asia/Seoul';

function jumun(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [JUMUN, ...args], { env: { ...process.env, JUMUN_TIME_ZONE: ZONE } }, (error, stdout, stderr) => {
      resolve({ code: error ? Number((error as { code?: number }).code ?? 1) : 0, stdout, stderr });
    });
  });
}

/** The requests whose answers must not change when the tables become partitioned. */
const READS = [
  '/v1/orders?limit=50',
  '/v1/orders?limit=20&page=7',
  '/v1/orders?limit=100&css_at=2025-01-01&cse_at=2025-03-31',
  '/v1/orders?limit=100&cs_type=p_at&css_at=2024-11-15&cse_at=2025-02-10',
  '/v1/orders?limit=100&status=2,4&css_at=2025-05-01',
  '/v1/orders?limit=100&keyword=%EC%9B%90%EB%91%90&cse_at=2024-12-31',
  '/v1/orders?limit=100&created_before=2024-10-27T03:33:20Z',
  '/v1/orders/summary?css_at=2024-12-01&cse_at=2025-01-31',
  '/v1/orders/summary',
];

async function plainCount(storage: Storage, projectId: string, from?: number, to?: number): Promise<number> {
  let query = storage.db.selectFrom('orders').select((eb) => eb.fn.countAll<string>().as('n')).where('project_id', '=', projectId);
  if (from !== undefined) query = query.where('created_at', '>=', from);
  if (to !== undefined) query = query.where('created_at', '<', to);
  return Number((await query.executeTakeFirstOrThrow()).n);
}

/** The partitions of the order tables a statement's plan reads. */
async function scannedPartitions(storage: Storage, compiled: CompiledQuery): Promise<string[]> {
  const { rows } = await storage.db.executeQuery<{ 'QUERY PLAN': string }>(
    CompiledQuery.raw(`explain ${compiled.sql}`, [...compiled.parameters]),
  );
  const plan = rows.map((row) => row['QUERY PLAN']).join('\n');
  return [...new Set([...plan.matchAll(/ on (orders_(?:p\d{4}_\d{2}|default))\b/g)].map((m) => m[1]!))].sort();
}

async function partitionOf(storage: Storage, orderId: string): Promise<string> {
  const row = await sql<{ partition: string }>`select tableoid::regclass::text as partition from orders where order_id = ${orderId}`
    .execute(storage.db);
  return row.rows[0]?.partition ?? 'none';
}

describe('monthly partitions (Postgres)', { skip: process.env.TEST_DATABASE_URL ? false : 'needs TEST_DATABASE_URL' }, () => {
  let database: TestDatabase;
  let server: TestServer;
  let authorization: string;
  let projectId: string;
  let otherProjectId: string;
  let url: string;
  const before_: Record<string, unknown> = {};
  let exportBefore = '';
  let sampleIds: string[] = [];

  const get = async (path: string) => {
    const response = await requestJson(server.baseUrl, path, { authorization });
    assert.equal(response.status, 200, `${path}: ${JSON.stringify(response.body)}`);
    // A summary tells when it was made and which orders count as stuck by then: all else must stay.
    return JSON.parse(JSON.stringify(response.body, (key, value) => (key === 'generated_at' || key === 'created_before' ? undefined : value)));
  };
  const exportCsv = async () => {
    const response = await fetch(`${server.baseUrl}/v1/orders/export?css_at=2024-10-01&cse_at=2025-06-30`, { headers: { authorization } });
    assert.equal(response.status, 200);
    return response.text();
  };

  before(async () => {
    database = await createTestDatabase('postgres');
    url = database.url;
    server = await startServerOn(database, { timeZone: ZONE });
    const keys = await server.createKeys('shop');
    authorization = basicAuth(keys);
    projectId = keys.project_id;
    otherProjectId = (await server.createKeys('other')).project_id;
    const orders = await seedDemoOrders(server.storage, projectId, 1_500);
    await seedDemoOrders(server.storage, otherProjectId, 300, 9);
    sampleIds = [orders[0]!.order_id, orders[700]!.order_id, orders.at(-1)!.order_id];
    const group = orders.find((o) => o.user_group_id !== null)!.user_group_id!;
    READS.push(`/v1/orders/month?user_group_id=${encodeURIComponent(group)}&search_date=2025-02`);
    for (const path of READS) before_[path] = await get(path);
    for (const id of sampleIds) before_[id] = await get(`/v1/orders/${id}`);
    exportBefore = await exportCsv();
  });

  after(async () => {
    await server?.close();
  });

  it('refuses bad arguments and SQLite with a message naming what is expected', async () => {
    const weekly = await jumun(['migrate', '--db', url, '--partition-orders', 'weekly']);
    assert.equal(weekly.code, 2);
    assert.match(weekly.stderr, /--partition-orders takes 'monthly', got 'weekly'/);
    const dir = mkdtempSync(join(tmpdir(), 'jumun-partitions-'));
    try {
      const sqlite = await jumun(['migrate', '--db', `sqlite:${join(dir, 'x.sqlite')}`, '--partition-orders', 'monthly']);
      assert.equal(sqlite.code, 1);
      assert.match(sqlite.stderr, /monthly partitions need a postgres:\/\/ database/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
    const notYet = await jumun(['partitions', 'list', '--db', url]);
    assert.equal(notYet.code, 1);
    assert.match(notYet.stderr, /orders is not partitioned: run jumun migrate --partition-orders monthly first/);
  });

  it('converts, and every read answers as before', async () => {
    const converted = await jumun(['migrate', '--db', url, '--partition-orders', 'monthly', '--months-ahead', '2']);
    assert.equal(converted.code, 0, converted.stderr);
    assert.match(converted.stdout, /copied 1,800 orders/);
    // A server started now reads this from the catalog when it opens its storage.
    await server.storage.refreshCapabilities();
    assert.equal(server.storage.dialect.ordersPartitionedById, true);
    const again = await jumun(['migrate', '--db', url, '--partition-orders', 'monthly']);
    assert.equal(again.code, 1);
    assert.match(again.stderr, /orders is already partitioned/);

    const partitioned = await sql<{ n: string }>`select count(*) as n from pg_partitioned_table p join pg_class c on c.oid = p.partrelid
      where c.relname in ('orders', 'order_products', 'order_status_history')`.execute(server.storage.db);
    assert.equal(Number(partitioned.rows[0]!.n), 3);
    for (const path of READS) assert.deepEqual(await get(path), before_[path], path);
    for (const id of sampleIds) assert.deepEqual(await get(`/v1/orders/${id}`), before_[id], id);
    assert.equal(await exportCsv(), exportBefore);

    const from = Date.parse('2024-12-31T15:00:00Z') / 1000;
    const to = Date.parse('2025-02-28T15:00:00Z') / 1000;
    const listed = await get('/v1/orders?limit=1&css_at=2025-01-01&cse_at=2025-02-28');
    assert.equal(listed.count, await plainCount(server.storage, projectId, from, to));
    assert.equal((await get('/v1/orders?limit=1')).count, await plainCount(server.storage, projectId));
  });

  it('plans a created-bounded list and count over the months in range only', async () => {
    const filter: OrderFilter = {
      dateField: 'created_at',
      from: Date.parse('2025-01-09T15:00:00Z') / 1000,
      to: Date.parse('2025-02-19T15:00:00Z') / 1000,
    };
    const expected = ['orders_p2025_01', 'orders_p2025_02'];
    assert.deepEqual(await scannedPartitions(server.storage, orderPageQuery(server.storage, projectId, filter, { page: 1, limit: 20 }).compile()), expected);
    assert.deepEqual(await scannedPartitions(server.storage, orderCountQuery(server.storage, projectId, filter).compile()), expected);
    const unbounded = await scannedPartitions(server.storage, orderCountQuery(server.storage, projectId, { dateField: 'created_at' }).compile());
    assert.ok(unbounded.length > 12, `an unbounded count reads every month: ${unbounded.join(', ')}`);
  });

  it('keeps order numbers unique per project and idempotency keys working', async () => {
    const existing = await server.storage.db.selectFrom('orders').select(['order_number']).where('project_id', '=', projectId)
      .limit(1).executeTakeFirstOrThrow();
    const twin = handMadeOrder(projectId, { created_at: FIXTURE_NOW - 86_400 * 40, order_number: existing.order_number });
    await assert.rejects(insertOrders(server.storage, [twin]), (error) => isUniqueViolation(error));
    assert.equal(await partitionOf(server.storage, twin.order_id), 'none');
    const elsewhere = handMadeOrder(otherProjectId, { created_at: FIXTURE_NOW - 86_400 * 40, order_number: existing.order_number });
    await insertOrders(server.storage, [elsewhere]);
    assert.equal(await partitionOf(server.storage, elsewhere.order_id), 'orders_p2025_06');

    const dir = mkdtempSync(join(tmpdir(), 'jumun-partitions-'));
    try {
      const file = join(dir, 'orders.ndjson');
      const fresh = handMadeOrder(projectId, { created_at: FIXTURE_NOW - 86_400 * 50 });
      const clash = handMadeOrder(projectId, { created_at: FIXTURE_NOW - 86_400 * 50, order_number: existing.order_number });
      writeFileSync(file, [fresh, clash].map((o) => JSON.stringify(importRecordOf(o))).join('\n'));
      const before = await plainCount(server.storage, projectId);
      const imported = await jumun(['import', '--project', 'shop', '--db', url, file]);
      assert.equal(imported.code, 1, imported.stdout + imported.stderr);
      assert.match(imported.stdout + imported.stderr, new RegExp(`order_number ${existing.order_number}는 이미 다른 주문`));
      assert.equal(await plainCount(server.storage, projectId), before + 1, 'the other record was imported');
      assert.equal(await partitionOf(server.storage, fresh.order_id), 'orders_p2025_06');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }

    const api = new OrdersApi(server.baseUrl, authorization);
    const count = await api.count();
    const key = randomUUID();
    const first = await api.create(newOrderBody(), key);
    assert.equal(first.status, 201);
    const replay = await api.create(newOrderBody(), key);
    assert.equal(replay.headers.get('idempotent-replayed'), 'true');
    assert.deepEqual(replay.body, first.body);
    const changed = await api.create(newOrderBody({ order_name: '다른 주문' }), key);
    assert.equal(changed.status, 409);
    assert.equal(await api.count(), count + 1);
    assert.match(await partitionOf(server.storage, first.body.order_id), /^orders_p\d{4}_\d{2}$/, 'a new order lands in its month');
  });

  it('puts an order of a month without partitions in the default one, and moves it when the month is created', async () => {
    const createdAt = Date.parse('2031-05-14T01:00:00Z') / 1000;
    const future = handMadeOrder(projectId, { created_at: createdAt });
    await insertOrders(server.storage, [future]);
    assert.equal(await partitionOf(server.storage, future.order_id), 'orders_default');
    const created = await jumun(['partitions', 'create', '--month', '2031-05', '--db', url]);
    assert.equal(created.code, 0, created.stderr);
    assert.match(created.stdout, /2031-05: created, 1 orders moved in from the default partition/);
    assert.equal(await partitionOf(server.storage, future.order_id), 'orders_p2031_05');
    const products = await sql<{ partition: string }>`select distinct tableoid::regclass::text as partition from order_products
      where order_id = ${future.order_id}`.execute(server.storage.db);
    assert.deepEqual(products.rows.map((r) => r.partition), ['order_products_p2031_05']);
    assert.deepEqual(await get(`/v1/orders/${future.order_id}`).then((o) => o.order_number), future.order_number);
    const twin = handMadeOrder(projectId, { created_at: createdAt + 60, order_number: future.order_number });
    await assert.rejects(insertOrders(server.storage, [twin]), (error) => isUniqueViolation(error), 'the moved order keeps its number');

    const ahead = await jumun(['partitions', 'create', '--months-ahead', '4', '--db', url]);
    assert.equal(ahead.code, 0, ahead.stderr);
    const [now, ...later] = monthsAhead(nowSeconds(), 4, ZONE).map((m) => m.month);
    assert.match(ahead.stdout, new RegExp(`^${now}: exists$`, 'm'), 'the conversion made the current month');
    assert.match(ahead.stdout, new RegExp(`^${later[3]}: created$`, 'm'), 'the conversion made two months ahead, so the fourth is new');

    const existsAlready = await jumun(['partitions', 'create', '--month', '2031-05', '--db', url]);
    assert.match(existsAlready.stdout, /2031-05: exists/);
    const badMonth = await jumun(['partitions', 'create', '--month', '2031-5', '--db', url]);
    assert.equal(badMonth.code, 2);
    assert.match(badMonth.stderr, /--month takes YYYY-MM/);
  });

  it('detaches a month into the archive schema, refusing while it has an open cancellation request', async () => {
    const month = parsePartitionMonth('2024-10', ZONE)!;
    const inMonth = await server.storage.db.selectFrom('orders').select(['order_id', 'price']).where('project_id', '=', projectId)
      .where('created_at', '>=', month.fromSeconds).where('created_at', '<', month.toSeconds).limit(1).executeTakeFirstOrThrow();
    const requestId = `req_${randomUUID()}`;
    await server.storage.db.insertInto('order_cancellation_requests').values({
      order_cancellation_request_id: requestId, project_id: projectId, order_id: inMonth.order_id, seq: 1,
      status: CANCELLATION_STATUS.REQUESTED, cancel_reason: null, cancel_type: null, requested_price: inMonth.price,
      refund_price: null, cancel_products: '[]', requested_role: 'user', requested_at: FIXTURE_NOW, requested_by: null,
      processed_at: null, processed_by: null, processed_message: null,
    }).execute();
    const september = parsePartitionMonth('2024-09', ZONE)!;
    const septemberOrder = await server.storage.db.selectFrom('orders').select('order_id').where('project_id', '=', projectId)
      .where('created_at', '>=', september.fromSeconds).where('created_at', '<', september.toSeconds).limit(1).executeTakeFirstOrThrow();
    const webhookId = `wh_${randomUUID()}`;
    const eventId = `evt_${randomUUID()}`;
    const deliveryId = `dlv_${randomUUID()}`;
    await server.storage.db.insertInto('webhook_endpoints').values({
      webhook_id: webhookId, project_id: projectId, url: 'https://example.com/hook', description: null, events: null,
      // Disabled, so this server's delivery worker leaves the delivery pending instead of trying it.
      status: 'disabled', disabled_reason: 'manual', disabled_at: FIXTURE_NOW, secret_sealed: 'x', secret_created_at: FIXTURE_NOW, failing_since_ms: null, created_at: FIXTURE_NOW,
    }).execute();
    await server.storage.db.insertInto('webhook_events').values({
      event_id: eventId, project_id: projectId, type: 'order.created', order_id: septemberOrder.order_id, order_seq: 1, payload: '{}', created_ms: FIXTURE_NOW * 1000,
    }).execute();
    await server.storage.db.insertInto('webhook_deliveries').values({
      delivery_id: deliveryId, event_id: eventId, webhook_id: webhookId, project_id: projectId, order_id: septemberOrder.order_id, order_seq: 1,
      status: 'pending', attempts: 0, next_attempt_ms: FIXTURE_NOW * 1000, lease_until_ms: null, created_ms: FIXTURE_NOW * 1000,
      retry_from_ms: FIXTURE_NOW * 1000, finished_ms: null,
    }).execute();
    const pending = await jumun(['partitions', 'detach', '2024-09', '--db', url]);
    assert.equal(pending.code, 1);
    assert.match(pending.stderr, new RegExp(`2024-09 stays attached while it has pending webhook delivery ${deliveryId} \\(order ${septemberOrder.order_id}\\)`));
    assert.match((await jumun(['partitions', 'list', '--db', url])).stdout, /^2024-09\tattached\t/m);

    const refused = await jumun(['partitions', 'detach', '2024-10', '--db', url]);
    assert.equal(refused.code, 1);
    assert.match(refused.stderr, new RegExp(`2024-10 stays attached while it has open cancellation request ${requestId}`));
    await server.storage.db.updateTable('order_cancellation_requests').set({ status: CANCELLATION_STATUS.REJECTED })
      .where('order_cancellation_request_id', '=', requestId).execute();

    const monthOrders = await plainCount(server.storage, projectId, month.fromSeconds, month.toSeconds);
    assert.ok(monthOrders > 0);
    const totalBefore = await plainCount(server.storage, projectId);
    const detached = await jumun(['partitions', 'detach', '2024-10', '--archive-schema', 'old_orders', '--db', url]);
    assert.equal(detached.code, 0, detached.stderr);
    assert.match(detached.stdout, /old_orders\.orders_p2024_10/);
    assert.match(detached.stdout, /1 rows of order_cancellation_requests → old_orders\.order_cancellation_requests_p2024_10/);

    const remaining = await plainCount(server.storage, projectId);
    assert.equal(remaining, totalBefore - monthOrders);
    assert.equal((await get('/v1/orders?limit=1')).count, remaining);
    const octoberToDecember = await get('/v1/orders?limit=1&css_at=2024-10-01&cse_at=2024-12-31');
    assert.equal(octoberToDecember.count, await plainCount(server.storage, projectId, month.fromSeconds, Date.parse('2024-12-31T15:00:00Z') / 1000));
    const summary = await get('/v1/orders/summary');
    assert.equal(summary.count, remaining);
    assert.equal((await requestJson(server.baseUrl, `/v1/orders/${inMonth.order_id}`, { authorization })).status, 404);
    const archived = await sql<{ n: string }>`select count(*) as n from old_orders.orders_p2024_10 where project_id = ${projectId}`.execute(server.storage.db);
    assert.equal(Number(archived.rows[0]!.n), monthOrders);
    const verify = await jumun(['counts', 'verify', '--db', url]);
    assert.equal(verify.code, 0, verify.stdout);

    const listed = await jumun(['partitions', 'list', '--exact', '--db', url]);
    assert.equal(listed.code, 0, listed.stderr);
    assert.match(listed.stdout, /^2024-10\tdetached\t\d+\told_orders\.orders_p2024_10/m);
    assert.match(listed.stdout, /^2024-11\tattached\t\d+\torders_p2024_11\tFOR VALUES FROM \('67239b70'\) TO \('674b2870'\)/m);
    assert.match(listed.stdout, /^default\tdefault\t0\torders_default\tDEFAULT/m);
    const twice = await jumun(['partitions', 'detach', '2024-10', '--db', url]);
    assert.equal(twice.code, 1);
    assert.match(twice.stderr, /2024-10 has no attached partitions/);
  });
});

describe('monthly partitions with bulk loads and jumun serve (Postgres)', { skip: process.env.TEST_DATABASE_URL ? false : 'needs TEST_DATABASE_URL' }, () => {
  let database: TestDatabase;
  before(async () => {
    database = await createTestDatabase('postgres');
  });
  after(async () => {
    await database?.drop();
  });

  const partitionIndexes = async (storage: Storage) => {
    const { rows } = await sql<{ parent: string; partitions: string }>`
      select p.relname as parent, count(i.inhrelid) as partitions from pg_class p
      join pg_index x on x.indexrelid = p.oid join pg_class t on t.oid = x.indrelid and t.relname = 'orders'
      left join pg_inherits i on i.inhparent = p.oid group by p.relname order by p.relname`.execute(storage.db);
    return rows.map((r) => `${r.parent}:${r.partitions}`);
  };

  it('a bulk load into empty partitioned orders drops and builds the plain indexes on every partition', async () => {
    const converted = await jumun(['migrate', '--db', database.url, '--partition-orders', 'monthly', '--months-ahead', '0']);
    assert.equal(converted.code, 0, converted.stderr);
    const storage = openStorage(database.url);
    try {
      await migrate(storage);
      const indexesBefore = await partitionIndexes(storage);
      assert.ok(indexesBefore.includes('ix_orders_project_user:2'), indexesBefore.join(' '));
      const loaded = await jumun(['demo-data', '--project', 'bulk', '--orders', '400', '--db', database.url]);
      assert.equal(loaded.code, 0, loaded.stderr);
      assert.equal(await hasDeferredIndexes(storage), false);
      assert.deepEqual(await partitionIndexes(storage), indexesBefore, 'every index is back, on every partition');
      const { rows } = await sql<{ n: string }>`select count(*) as n from orders`.execute(storage.db);
      assert.equal(Number(rows[0]!.n), 400);
      const numbers = await sql<{ n: string }>`select count(*) as n from order_numbers`.execute(storage.db);
      assert.equal(Number(numbers.rows[0]!.n), 400, 'the trigger kept every number');
    } finally {
      await storage.close();
    }
  });

  it('jumun serve creates the months ahead when it starts', async () => {
    const storage = openStorage(database.url);
    const { child } = await spawnServe(database.url);
    try {
      const expected = monthsAhead(nowSeconds(), DEFAULT_MONTHS_AHEAD, ZONE).map((m) => `orders_${m.suffix}`);
      const { rows } = await sql<{ name: string }>`select c.relname as name from pg_inherits i join pg_class c on c.oid = i.inhrelid
        where i.inhparent = 'orders'::regclass`.execute(storage.db);
      const attached = rows.map((r) => r.name);
      for (const name of expected) assert.ok(attached.includes(name), `${name} in ${attached.join(', ')}`);
    } finally {
      child.kill('SIGTERM');
      await new Promise((resolve) => child.once('exit', resolve));
      await storage.close();
    }
  });
});
