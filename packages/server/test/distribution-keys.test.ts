import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { promisify } from 'node:util';
import pg from 'pg';
import { importFile } from '../src/services/import-file.js';
import { partitionOrdersMonthly } from '../src/services/order-partitions.js';
import { ensureProject } from '../src/services/projects.js';
import { verifyOrderCounters } from '../src/services/order-counters.js';
import { citusStatements, TABLE_PLACEMENTS, placementOf, tablesPlaced } from '../src/storage/distribution.js';
import { purgeExpiredIdempotencyKeys } from '../src/storage/idempotency-repository.js';
import { Migrator, sql } from 'kysely';
import { MIGRATIONS } from '../src/storage/migrations/index.js';
import { orderToRow } from '../src/storage/order-repository.js';
import { migrate, openStorage } from '../src/storage/storage.js';
import { purgeFinishedDeliveries } from '../src/storage/webhook-repository.js';
import { FIXTURE_NOW, handMadeOrder, seedDemoOrders } from './support/fixtures.js';
import { addOperator, consoleRequest, signIn, signInRequest } from './support/operators.js';
import { OrdersApi, newOrderBody } from './support/order-writes.js';
import { findPostgresBinDir, startPrivatePostgres, type PrivatePostgres } from './support/private-postgres.js';
import { loggedStatements, tenantProblems } from './support/tenant-statements.js';
import { createTestDatabase, TEST_DIALECTS, type TestDatabase } from './support/test-database.js';
import { basicAuth, requestJson, startServerOn, type JsonResponse, type TestServer } from './support/test-server.js';
import { WebhookReceiver } from './support/webhook-receiver.js';

const DISTRIBUTED = new Set(tablesPlaced('distributed'));

describe('the statement checker', () => {
  const fine = [
    'select * from "orders" where "project_id" = $1 and "order_id" = $2',
    'select * from "orders" where +"project_id" = ? and "order_id" in (select "order_id" from "orders" where "project_id" = ? limit ?)',
    'insert into "order_products" ("project_id", "order_id", "line_no") values ($1, $2, $3)',
    'copy "order_products" ("project_id", "order_id", "line_no") from stdin',
    'select "r".* from "order_cancellation_requests" as "r" inner join "orders" as "o" on "o"."project_id" = "r"."project_id" and "o"."order_id" = "r"."order_id" where "r"."project_id" = $1',
    'delete from "idempotency_keys" where "created_at" < $1 /* all projects: expiry of idempotency keys */',
    'select "client_key" from "api_keys" where "client_key" = $1',
    "update orders set status = 2 where project_id = $1 and order_id = $2",
  ];
  const wrong: Array<[string, RegExp]> = [
    ['select * from "orders" where "order_id" = $1', /select|from orders without a project_id/],
    ['select "project_id" from "orders" where "order_id" = $1', /from orders without a project_id/],
    ['insert into "order_products" ("order_id", "line_no") values ($1, $2)', /into order_products without project_id/],
    ['copy "webhook_attempts" ("delivery_id", "attempt") from stdin', /copy webhook_attempts without project_id/],
    ['select * from "order_cancellation_requests" as "r" inner join "orders" as "o" on "o"."order_id" = "r"."order_id" where "r"."project_id" = $1', /join of orders not on project_id/],
    ['insert into order_status_history (project_id, order_id, seq) values ($1, $2, (select max(seq) from order_status_history where order_id = $2))', /from order_status_history without/],
    ['select * from "orders" where "order_id" in (select "order_id" from "orders" where "project_id" = $1)', /from orders without/],
    ['update "webhook_endpoints" set "status" = $1 where "webhook_id" = $2', /update webhook_endpoints without/],
    ['select 1 from orders where project_id = $1 union all select 1 from orders where order_id = $2', /from orders without/],
    ['select "project_id", sum("orders") from "order_counters" group by "project_id"', /from order_counters without/],
  ];
  test('passes statements that name the project, or say they read all projects', () => {
    for (const statement of fine) assert.deepEqual(tenantProblems(statement), [], statement);
  });
  test('fails a read, write, copy, join or subquery of a distributed table without project_id', () => {
    for (const [statement, problem] of wrong) {
      const problems = tenantProblems(statement);
      assert.ok(problems.some((p) => problem.test(p)), `${statement}: ${JSON.stringify(problems)}`);
    }
  });
});

describe('the Citus statements', () => {
  test('every table placed once, reference tables before distributed ones, orders first of those', () => {
    const tables = TABLE_PLACEMENTS.map((t) => t.table);
    assert.equal(new Set(tables).size, tables.length);
    const statements = citusStatements();
    const reference = statements.filter((s) => s.includes('create_reference_table'));
    const distributed = statements.filter((s) => s.includes('create_distributed_table'));
    assert.equal(reference.length, tablesPlaced('reference').length);
    assert.equal(distributed.length, DISTRIBUTED.size - 1, 'order_numbers only with --partitioned');
    assert.equal(citusStatements({ partitioned: true }).filter((s) => s.includes("create_distributed_table('order_numbers'")).length, 1);
    assert.ok(statements.indexOf(reference.at(-1)!) < statements.indexOf(distributed[0]!));
    assert.match(distributed[0]!, /create_distributed_table\('orders', 'project_id', colocate_with => 'none'\)/);
    for (const statement of distributed.slice(1)) assert.match(statement, /'project_id', colocate_with => 'orders'\)/);
  });

  test('`jumun distribution` prints them, one a line; a stray argument is a usage error', async () => {
    const jumun = (...args: string[]) => promisify(execFile)(process.execPath, [new URL('../../bin/jumun.js', import.meta.url).pathname, ...args]);
    const { stdout } = await jumun('distribution');
    const lines = stdout.trim().split('\n');
    assert.deepEqual(lines, citusStatements());
    const partitioned = (await jumun('distribution', '--partitioned')).stdout.trim().split('\n');
    assert.deepEqual(partitioned, citusStatements({ partitioned: true }));
    assert.equal(partitioned.length, lines.length + 1);
    for (const line of lines) assert.match(line, /^select create_(reference_table\('\w+'\)|distributed_table\('\w+', 'project_id', colocate_with => '\w+'\)); -- /);
    for (const stray of [['now'], ['--db', 'sqlite:x']]) {
      const failed = await jumun('distribution', ...stray).then(() => null, (error: { code: number; stderr: string }) => error);
      assert.equal(failed?.code, 2, stray.join(' '));
      assert.match(failed!.stderr, new RegExp(stray[0]!), stray.join(' '));
    }
  });
});

/** What the migrated schema would stop a Citus cluster from taking as it is. */
async function catalogProblems(client: pg.Client): Promise<string[]> {
  const problems: string[] = [];
  const tables = (await client.query(`select c.relname from pg_class c
    where c.relnamespace = current_schema()::regnamespace and c.relkind in ('r', 'p') and not c.relispartition`)).rows.map((r) => r.relname as string);
  for (const table of tables) if (!placementOf(table)) problems.push(`table ${table} has no placement in storage/distribution.ts`);
  const partitioned = tables.includes('order_numbers');
  for (const { table, partitionedOnly } of TABLE_PLACEMENTS) {
    if (!tables.includes(table) && !(partitionedOnly && !partitioned)) problems.push(`storage/distribution.ts places ${table}, which does not exist`);
  }

  const columns = async (relation: number, numbers: number[]) =>
    numbers.length === 0 ? [] : (await client.query('select attnum, attname from pg_attribute where attrelid = $1 and attnum = any($2)', [relation, numbers]))
      .rows.sort((a, b) => numbers.indexOf(a.attnum) - numbers.indexOf(b.attnum)).map((r) => (r.attname as string));
  const indexes = await client.query(`select t.oid as table_oid, t.relname as table_name, i.relname as index_name, x.indisprimary as primary,
      string_to_array(x.indkey::text, ' ')::int[] as keys
    from pg_index x join pg_class t on t.oid = x.indrelid join pg_class i on i.oid = x.indexrelid
    where x.indisunique and t.relnamespace = current_schema()::regnamespace and not t.relispartition`);
  for (const index of indexes.rows) {
    if (!DISTRIBUTED.has(index.table_name)) continue;
    const names = await columns(index.table_oid, index.keys);
    if (!names.includes('project_id')) problems.push(`${index.primary ? 'primary key' : 'unique index'} ${index.index_name} of ${index.table_name} (${names.join(', ')}) lacks project_id`);
  }
  const notNull = await client.query(`select c.relname from pg_attribute a join pg_class c on c.oid = a.attrelid
    where a.attname = 'project_id' and a.attnotnull and c.relnamespace = current_schema()::regnamespace`);
  const keyed = new Set(notNull.rows.map((r) => r.relname as string));
  for (const table of DISTRIBUTED) if (tables.includes(table) && !keyed.has(table)) problems.push(`${table}.project_id is missing or nullable`);

  const order = TABLE_PLACEMENTS.map((t) => t.table);
  const foreignKeys = await client.query(`select c.conname, t.oid as table_oid, t.relname as table_name, p.oid as parent_oid, p.relname as parent_name,
      c.conkey::int[] as keys, c.confkey::int[] as parent_keys
    from pg_constraint c join pg_class t on t.oid = c.conrelid join pg_class p on p.oid = c.confrelid
    where c.contype = 'f' and t.relnamespace = current_schema()::regnamespace and not t.relispartition and c.conparentid = 0`);
  for (const fk of foreignKeys.rows) {
    const from = placementOf(fk.table_name);
    const to = placementOf(fk.parent_name);
    if (order.indexOf(fk.parent_name) > order.indexOf(fk.table_name)) problems.push(`${fk.table_name} is placed before ${fk.parent_name}, which its key ${fk.conname} references`);
    if (to !== 'distributed') continue;
    if (from !== 'distributed') {
      problems.push(`${from} table ${fk.table_name} references distributed ${fk.parent_name} (${fk.conname})`);
      continue;
    }
    const own = await columns(fk.table_oid, fk.keys);
    const theirs = await columns(fk.parent_oid, fk.parent_keys);
    const at = own.indexOf('project_id');
    if (at < 0 || theirs[at] !== 'project_id') problems.push(`foreign key ${fk.conname} ${fk.table_name} (${own.join(', ')}) → ${fk.parent_name} (${theirs.join(', ')}) does not pair project_id`);
  }
  return problems;
}

const pgSkip = process.env.TEST_DATABASE_URL ? false : 'TEST_DATABASE_URL is not set: no Postgres to migrate and read the catalog of';

describe('the catalog of a migrated Postgres database', { skip: pgSkip, timeout: 120_000 }, () => {
  let database: TestDatabase;
  let client: pg.Client;
  before(async () => {
    database = await createTestDatabase('postgres');
    const storage = openStorage(database.url);
    await migrate(storage);
    await storage.close();
    client = new pg.Client({ connectionString: database.url });
    await client.connect();
  });
  after(async () => {
    await client?.end();
    await database?.drop();
  });

  test('every table placed; keys, unique indexes and foreign keys of distributed tables carry project_id', async () => {
    assert.deepEqual(await catalogProblems(client), []);
  });

  test('so does the catalog once orders are partitioned by month (jumun migrate --partition-orders monthly)', async () => {
    const partitioned = await createTestDatabase('postgres');
    const storage = openStorage(partitioned.url);
    try {
      await migrate(storage);
      const project = await ensureProject(storage, 'partitioned');
      await seedDemoOrders(storage, project.project_id, 300);
      await partitionOrdersMonthly(storage, { timeZone: 'Asia/Seoul', ahead: 2, now: FIXTURE_NOW });
      const other = new pg.Client({ connectionString: partitioned.url });
      await other.connect();
      try {
        const kinds = await other.query("select relname from pg_class where relname in ('orders', 'order_numbers') and relkind = 'p' or relname = 'order_numbers'");
        assert.deepEqual(kinds.rows.map((r) => r.relname).sort(), ['order_numbers', 'orders'], 'orders is partitioned and order_numbers exists');
        assert.deepEqual(await catalogProblems(other), []);
      } finally {
        await other.end();
      }
    } finally {
      await storage.close();
      await partitioned.drop();
    }
  });

  test('the check fails on an unplaced table, a unique index without project_id and a reference to a distributed table', async () => {
    await client.query('begin');
    try {
      await client.query('create table stray_notes (note_id text primary key, order_project text, order_id text)');
      await client.query('create unique index ux_orders_number_alone on orders (order_number)');
      await client.query('alter table api_keys add column last_order_id text');
      await client.query('alter table orders add constraint ux_orders_id_alone unique (order_id)');
      await client.query('alter table api_keys add constraint fk_api_keys_order foreign key (last_order_id) references orders (order_id)');
      const problems = await catalogProblems(client);
      for (const expected of [/table stray_notes has no placement/, /unique index ux_orders_number_alone of orders \(order_number\) lacks project_id/,
        /reference table api_keys references distributed orders/, /unique index ux_orders_id_alone/]) {
        assert.ok(problems.some((p) => expected.test(p)), `${expected}: ${JSON.stringify(problems)}`);
      }
    } finally {
      await client.query('rollback');
    }
  });
});

for (const dialect of TEST_DIALECTS) {
  describe(`migration 0017 on a ${dialect} database that holds data`, { timeout: 120_000 }, () => {
    test('fills project_id from the order and the delivery, keeps every row, and moves project-less audit entries to \'\'', async () => {
      const database = await createTestDatabase(dialect);
      const storage = openStorage(database.url);
      try {
        const migrator = new Migrator({ db: storage.db, provider: { getMigrations: async () => MIGRATIONS }, allowUnorderedMigrations: true });
        const before = await migrator.migrateTo('0016-server-processes');
        assert.equal(before.error, undefined);
        const projects = ['proj_a', 'proj_b'];
        for (const project of projects) await sql`insert into projects (project_id, name, created_at) values (${project}, ${project}, 1)`.execute(storage.db);
        const orders = [0, 1, 2, 3, 4].map((i) => handMadeOrder(projects[i % 2]!, { created_at: 1_750_000_000 + i, price: 1_000 + i }));
        const lines: Array<{ order_id: string; project_id: string; line_no: number }> = [];
        for (const order of orders) {
          const { products, ...row } = order;
          await storage.db.insertInto('orders').values(orderToRow({ ...row, cancelled_price: 0 })).execute();
          for (const line of [1, 2]) {
            await sql`insert into order_products (order_id, line_no, product_id, name, quantity, price)
              values (${order.order_id}, ${line}, ${'p'}, ${products[0]!.name}, 1, 500)`.execute(storage.db);
            lines.push({ order_id: order.order_id, project_id: order.project_id, line_no: line });
          }
          await sql`insert into order_status_history (order_id, seq, project_id, at, action, to_status, to_receipt_status)
            values (${order.order_id}, 1, ${order.project_id}, 1, 'create', 0, 0)`.execute(storage.db);
        }
        const first = orders[0]!;
        await sql`insert into order_cancellation_requests (order_cancellation_request_id, project_id, order_id, seq, status, requested_price,
            cancel_products, requested_role, requested_at) values ('ocr_1', ${first.project_id}, ${first.order_id}, 1, 1, 100, '[]', 'user', 1)`.execute(storage.db);
        await sql`insert into webhook_endpoints (webhook_id, project_id, url, status, secret_sealed, secret_created_at, created_at)
          values ('wh_1', ${projects[1]!}, 'https://example.com/h', 'active', 'sealed', 1, 1)`.execute(storage.db);
        await sql`insert into webhook_events (event_id, project_id, type, order_id, order_seq, payload, created_ms)
          values ('evt_1', ${projects[1]!}, 'order.created', ${orders[1]!.order_id}, 1, '{}', 1)`.execute(storage.db);
        await sql`insert into webhook_deliveries (delivery_id, event_id, webhook_id, project_id, order_id, order_seq, status, attempts,
            next_attempt_ms, created_ms, retry_from_ms) values ('whd_1', 'evt_1', 'wh_1', ${projects[1]!}, ${orders[1]!.order_id}, 1, 'delivered', 2, 1, 1, 1)`.execute(storage.db);
        for (const attempt of [1, 2]) {
          await sql`insert into webhook_attempts (delivery_id, attempt, started_ms, duration_ms) values ('whd_1', ${attempt}, 1, 1)`.execute(storage.db);
        }
        for (const [id, project] of [['a1', null], ['a2', projects[0]!]] as const) {
          await sql`insert into audit_log (audit_id, project_id, at, action, actor_type) values (${id}, ${project}, 1, 'sign_in_failed', 'system')`.execute(storage.db);
        }

        assert.deepEqual(await migrate(storage), ['0017-tenant-keys']);

        const stored = await storage.db.selectFrom('order_products').select(['project_id', 'order_id', 'line_no']).orderBy('order_id').orderBy('line_no').execute();
        assert.deepEqual(stored, [...lines].sort((a, b) => a.order_id.localeCompare(b.order_id) || a.line_no - b.line_no)
          .map(({ project_id, order_id, line_no }) => ({ project_id, order_id, line_no })));
        const attempts = await storage.db.selectFrom('webhook_attempts').select(['project_id', 'attempt']).orderBy('attempt').execute();
        assert.deepEqual(attempts, [{ project_id: projects[1], attempt: 1 }, { project_id: projects[1], attempt: 2 }]);
        const audit = await storage.db.selectFrom('audit_log').select(['audit_id', 'project_id']).orderBy('audit_id').execute();
        assert.deepEqual(audit, [{ audit_id: 'a1', project_id: '' }, { audit_id: 'a2', project_id: projects[0] }]);
        assert.equal(Number((await storage.db.selectFrom('order_status_history').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n), orders.length);

        // Postgres keys by project now (a sharded database cannot keep an order id unique across
        // projects); SQLite kept its primary key.
        const { products: _products, ...again } = { ...first, project_id: projects[1]! };
        const duplicate = await storage.db.insertInto('orders').values(orderToRow({ ...again, order_number: '25010199999999999999' }))
          .execute().then(() => 'stored', (error: { code?: string }) => error.code);
        assert.equal(duplicate, dialect === 'postgres' ? 'stored' : 'SQLITE_CONSTRAINT_PRIMARYKEY');
        if (dialect === 'postgres') {
          const orphan = await sql`insert into order_products (project_id, order_id, line_no, product_id, name, quantity, price)
            values (${projects[0]!}, ${orders[1]!.order_id}, 9, 'p', 'n', 1, 1)`.execute(storage.db).then(() => 'stored', (error: { code?: string }) => error.code);
          assert.equal(orphan, '23503', 'a product line of an order in another project breaks the (project_id, order_id) key');
          // Down again needs order ids unique across projects, as they were before.
          await storage.db.deleteFrom('orders').where('order_id', '=', first.order_id).where('project_id', '=', projects[1]!).execute();
        }

        // Down and up again: the old keys and columns come back, then the new ones, with every row.
        const down = await migrator.migrateTo('0016-server-processes');
        assert.equal(down.error, undefined, String(down.error));
        const columns = await storage.db.introspection.getTables();
        assert.equal(columns.find((t) => t.name === 'order_products')!.columns.some((c) => c.name === 'project_id'), false);
        assert.deepEqual(await migrate(storage), ['0017-tenant-keys']);
        assert.equal(Number((await storage.db.selectFrom('order_products').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n), lines.length);
      } finally {
        await storage.close();
        await database.drop();
      }
    });
  });
}

const binDir = findPostgresBinDir();
const privateSkip = binDir ? false : 'initdb/pg_ctl not found (PATH, /usr/lib/postgresql/*/bin): no private Postgres to log every statement of';
const FAST_WEBHOOKS = { targets: 'any' as const, pollMs: 50, retryBaseMs: 100, retryMaxMs: 400, leaseMs: 5_000, timeoutMs: 8_000 };
const START = 'distribution scenario starts';
const END = 'distribution scenario ends';

async function until(what: string, check: () => Promise<boolean> | boolean, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting until ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe('every statement the server sends names the project', { skip: privateSkip, timeout: 300_000 }, () => {
  let postgres: PrivatePostgres;
  let server: TestServer;
  let receiver: WebhookReceiver;
  let marker: pg.Client;
  const workDir = mkdtempSync(join(tmpdir(), 'jumun-distribution-'));

  before(async () => {
    postgres = await startPrivatePostgres(binDir!, undefined, {
      logging_collector: 'on', log_destination: 'jsonlog', log_directory: 'log', log_statement: 'all',
    });
    server = await startServerOn({ url: postgres.url, drop: async () => {} }, { limits: { webhooks: FAST_WEBHOOKS } });
    receiver = new WebhookReceiver();
    await receiver.start();
    marker = new pg.Client({ connectionString: postgres.url });
    await marker.connect();
  });
  after(async () => {
    await marker?.end();
    await server?.close();
    await receiver?.close();
    postgres?.destroy();
    rmSync(workDir, { recursive: true, force: true });
  });

  test('a broad scenario over HTTP: every statement on a distributed table filters by or carries project_id, or says it reads all projects', async () => {
    await marker.query(`select '${START}'`);
    const responses: Array<[string, JsonResponse]> = [];
    const ok = async (what: string, response: Promise<JsonResponse>) => {
      const answered = await response;
      responses.push([what, answered]);
      assert.ok(answered.status >= 200 && answered.status < 300, `${what}: ${answered.status} ${JSON.stringify(answered.body)}`);
      return answered.body;
    };

    const keys = await server.createKeys('distribution-a');
    await server.createKeys('distribution-b');
    const authorization = basicAuth(keys);
    const get = (path: string) => ok(`GET ${path}`, requestJson(server.baseUrl, path, { authorization }));
    const post = (path: string, body?: unknown, headers?: Record<string, string>) =>
      ok(`POST ${path}`, requestJson(server.baseUrl, path, { method: 'POST', authorization, body, headers }));
    const put = (path: string, body?: unknown) => ok(`PUT ${path}`, requestJson(server.baseUrl, path, { method: 'PUT', authorization, body }));

    const seeded = await seedDemoOrders(server.storage, keys.project_id, 300);
    const endpoint = await post('/v1/webhooks', { url: receiver.url });

    const orders = new OrdersApi(server.baseUrl, authorization);
    const made: string[] = [];
    const bodies: unknown[] = [];
    for (let i = 0; i < 6; i++) {
      const contract = i % 2 === 0 ? { order_type: 'subscription', order_subscription_id: `sub_dist_${i}`, subscription_billing_type: 1 } : {};
      const body = newOrderBody({ order_name: `분산 점검 주문 ${i}`, ...contract });
      bodies.push(body);
      made.push((await ok('create', orders.create(body, `idem-${i}`))).order_id);
    }
    await ok('create again, replayed', orders.create(bodies[0], 'idem-0'));
    const [paid, failed, cancelled, requested, rejected] = made as [string, string, string, string, string];
    for (const id of [paid, cancelled, requested, rejected]) {
      await ok('payment.start', orders.act(id, 'payment.start'));
      await ok('payment.complete', orders.act(id, 'payment.complete'));
    }
    await ok('payment.start', orders.act(failed, 'payment.start'));
    await ok('payment.fail', orders.act(failed, 'payment.fail'));
    await ok('cancel', orders.act(cancelled, 'cancel'));
    await ok('cancel.request', orders.act(rejected, 'cancel.request'));
    await ok('cancel.reject', orders.act(rejected, 'cancel.reject'));
    await ok('cancel.request', orders.act(paid, 'cancel.request'));
    await ok('cancel.approve', orders.act(paid, 'cancel.approve', { refund_price: 1_000 }));

    const { order_number } = await get(`/v1/orders/${requested}`);
    const request = await post('/v1/order/cancel', { order_number, request_cancel_parameters: { cancel_reason: '분산 점검' } });
    const requestId: string = request.order_cancellation_request_id;
    assert.equal(typeof requestId, 'string');
    await get(`/v1/order/cancel?order_id=${requested}`);
    await get(`/v1/order/cancel?order_number=${order_number}`);
    await get('/v1/order/cancel?page=1&limit=5');
    await put(`/v1/order/cancel/${requestId}/withdraw`, {});

    const sample = seeded.find((o) => o.user_id && o.username && o.user_email && o.user_phone && o.user_group_id)!;
    const month = new Date(sample.created_at * 1000).toISOString().slice(0, 7);
    for (const query of [
      '', 'status=1,2', 'payment_status=1&page=2&limit=10', 'cs_type=p_at', `cs_type=p_at&css_at=${month}-01&cse_at=${month}-28`,
      `user_id=${sample.user_id}`, `user_group_id=${sample.user_group_id}`, 'order_subscription_ids=sub_dist_0,sub_dist_2', 'subscription_billing_type=1',
      'keyword=분산', 'keyword=점', `keyword=${paid.slice(0, 6)}`, `keyword=${sample.order_number}`, `keyword=${sample.order_name.slice(0, 3)}&status=2`,
      `username=${encodeURIComponent(sample.username!.slice(0, 1))}`, `user_email=${encodeURIComponent(sample.user_email!)}`,
      `user_phone=${sample.user_phone!.replace(/\D/g, '').slice(-4)}`, 'payment_failed=true', 'payment_failed=false&page=3', 'order_type=direct',
      `css_at=${month}-01&cse_at=${month}-28&page=2`,
    ]) {
      await get(`/v1/orders?${query}`);
    }
    const cursorPage = await get('/v1/orders?limit=5&cursor=');
    if (cursorPage.next_cursor) await get(`/v1/orders?limit=5&cursor=${encodeURIComponent(cursorPage.next_cursor)}`);
    for (const id of [paid, failed, cancelled, sample.order_id]) await get(`/v1/orders/${id}`);
    await get(`/v1/orders/month?user_group_id=${sample.user_group_id}&search_date=${month}`);
    for (const query of ['', 'status=2', `css_at=${month}-01&cse_at=${month}-28`, 'keyword=분산', `user_id=${sample.user_id}`]) {
      await get(`/v1/orders/summary?${query}`);
    }
    await get('/v1/order_subscriptions');
    await get(`/v1/order_subscriptions?order_id=${made[0]}`);
    await get('/v1/order_subscriptions/sub_dist_0');

    const exported = await fetch(`${server.baseUrl}/v1/orders/export`, { headers: { authorization } });
    assert.equal(exported.status, 200);
    const csv = await exported.text();
    assert.ok(csv.split('\n').length > 300);
    await fetch(`${server.baseUrl}/v1/orders/export?keyword=분산`, { headers: { authorization } }).then((r) => r.text());

    const file = join(workDir, 'orders.csv');
    writeFileSync(file, csv);
    const bad: string[] = [];
    const importInto = (projectName: string) =>
      importFile(server.storage, { path: file, projectName, timeZone: 'Asia/Seoul', onBadRecord: (line, reason) => bad.push(`${line}: ${reason}`) });
    const intoOther = await importInto('distribution-b');
    const again = await importInto('distribution-a');
    assert.ok(intoOther.imported === 0 && intoOther.bad > 0, 'order ids of another project are refused');
    assert.ok(again.existing > 300, `a re-import into the same project adds nothing: ${JSON.stringify(again)}`);
    // One exported order under an id no project has: imported as new.
    const [header] = csv.split('\n');
    const line = csv.split('\n').find((row) => row.includes(sample.order_id))!;
    writeFileSync(file, `${header}\n${line.replaceAll(sample.order_id, `${sample.order_id.slice(0, 8)}${'e'.repeat(16)}`)}\n`);
    bad.length = 0;
    const imported = await importInto('distribution-b');
    assert.ok(imported.imported > 0, `a new order imported: ${JSON.stringify(imported)} ${bad.join('; ')}`);

    await until('the webhook receiver got deliveries', () => receiver.received.length >= 5);
    const deliveries = await get(`/v1/webhooks/${endpoint.webhook_id}/deliveries?limit=5`);
    await get('/v1/webhooks');
    await get(`/v1/webhooks/${endpoint.webhook_id}`);
    await until('every delivery so far was answered', async () => {
      const rows = await server.storage.db.selectFrom('webhook_deliveries').select('status').where('project_id', '=', keys.project_id).execute();
      return rows.every((row) => row.status !== 'pending');
    });
    const received = receiver.received.length;
    await post(`/v1/webhooks/deliveries/${deliveries.list[0].delivery_id}/redeliver`);
    await post(`/v1/webhooks/${endpoint.webhook_id}/rotate-secret`);
    await post('/v1/webhook/test');
    await post(`/v1/webhooks/${endpoint.webhook_id}/disable`);
    await post(`/v1/webhooks/${endpoint.webhook_id}/enable`);
    await until('the redelivery and the test event arrived', () => receiver.received.length >= received + 2);

    const admin = await addOperator(server.storage, keys.project_id, 'admin');
    const session = await signIn(server.baseUrl, admin);
    const consoleOk = (what: string, path: string, init?: { method?: string; body?: unknown }) => ok(what, consoleRequest(server.baseUrl, session, path, init));
    await consoleOk('console list', '/v1/orders?status=2&keyword=분산');
    await consoleOk('console detail', `/v1/orders/${paid}`);
    const view = await consoleOk('save view', '/v1/saved-views', { method: 'POST', body: { name: '결제 완료', query: 'status=2', shared: false } });
    const viewId: string = view.view_id;
    assert.equal(typeof viewId, 'string');
    await consoleOk('list views', '/v1/saved-views');
    await consoleOk('share view', `/v1/saved-views/${viewId}/share`, { method: 'POST', body: { shared: true } });
    await consoleOk('delete view', `/v1/saved-views/${viewId}`, { method: 'DELETE' });
    await consoleOk('operators', '/v1/operators');
    await consoleOk('audit log', '/v1/audit-log');
    assert.equal((await signInRequest(server.baseUrl, 'nobody-at-all@example.com', 'not the password')).status, 401);
    await consoleOk('sign out', '/v1/console/session', { method: 'DELETE' });

    assert.equal((await verifyOrderCounters(server.storage, { repair: false })).differences.length, 0);
    await purgeFinishedDeliveries(server.storage.db, Date.now() + 1_000);
    await purgeExpiredIdempotencyKeys(server.storage, Math.floor(Date.now() / 1000) + 1);

    await marker.query(`select '${END}'`);
    const logDir = join(postgres.dataDir, 'log');
    let statements = loggedStatements(logDir);
    await until('the log has the scenario\'s end', () => {
      statements = loggedStatements(logDir);
      return statements.some((s) => s.sql.includes(END));
    });
    const from = statements.findIndex((s) => s.sql.includes(START));
    const to = statements.findIndex((s) => s.sql.includes(END));
    const scenario = statements.slice(from + 1, to);
    const touched = new Set<string>();
    const problems: string[] = [];
    for (const statement of scenario) {
      const text = statement.sql.replace(/"/g, '').toLowerCase();
      for (const table of DISTRIBUTED) if (new RegExp(`\\b(from|join|into|update|copy)\\s+${table}\\b`).test(text)) touched.add(table);
      for (const problem of tenantProblems(statement.sql)) problems.push(`${problem}\n    ${statement.sql.replace(/\s+/g, ' ').slice(0, 400)}`);
    }
    assert.ok(scenario.length > 500, `the scenario ran ${scenario.length} statements`);
    assert.ok(scenario.some((s) => /^copy "order_products"/i.test(s.sql)), 'bulk loads COPY');
    assert.ok(scenario.some((s) => /all projects: the delivery worker/.test(s.sql)), 'the delivery worker claimed');
    const present = TABLE_PLACEMENTS.filter((t) => t.placement === 'distributed' && !t.partitionedOnly).map((t) => t.table);
    assert.deepEqual(present.filter((table) => !touched.has(table)), [], 'the scenario touches every distributed table (of an unpartitioned database)');
    assert.deepEqual([...new Set(problems)], []);
  });
});
