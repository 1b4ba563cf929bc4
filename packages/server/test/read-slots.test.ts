import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { sql } from 'kysely';
import { onBehalfOf } from '../src/storage/read-tenant.js';
import { countOrders } from '../src/storage/order-repository.js';
import { migrate, openStorage, sqliteReaderOptions, type Storage } from '../src/storage/storage.js';
import { ensureProject } from '../src/services/projects.js';
import { seedDemoOrders } from './support/fixtures.js';
import { oracleList } from './support/oracle.js';
import { createTestDatabase, TEST_DIALECTS, type TestDialect } from './support/test-database.js';
import { basicAuth, requestJson, startServerOn, type TestServer } from './support/test-server.js';

/**
 * A read that takes seconds of CPU (counting in a recursive CTE: about 1 s per million on this
 * machine), next to a light request's milliseconds.
 */
function slowRead(storage: Storage, projectId: string) {
  const read = onBehalfOf(projectId, () =>
    sql<{ n: number }>`with recursive c(x) as (select 1 union all select x + 1 from c where x < 4000000)
      select count(*) as n from c`.execute(storage.reads),
  );
  const state = { settled: false };
  const settled = read.then(
    () => (state.settled = true),
    () => (state.settled = true),
  );
  return { state, settled };
}

async function until(condition: () => boolean, what: string, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

interface LightProject {
  server: TestServer;
  /** Project C's `user_id` list over HTTP, checked against the oracle. */
  lightList(): Promise<void>;
}

/** A server with two read slots (one project may hold one) and a small project C. */
async function twoSlotServer(dialect: TestDialect): Promise<LightProject> {
  const server = await startServerOn(await createTestDatabase(dialect), {
    storageOptions: {
      sqliteReaders: { size: 2, perProjectCap: 1 },
      postgres: { max: 2, perProjectCap: 1, statementTimeoutMs: 8_000, queryTimeoutMs: 10_000 },
    },
  });
  const keys = await server.createKeys('light');
  const orders = await seedDemoOrders(server.storage, keys.project_id, 300);
  const userId = orders[orders.length - 1]!.user_id!;
  return {
    server,
    lightList: async () => {
      const response = await requestJson(server.baseUrl, `/v1/orders?user_id=${userId}`, { authorization: basicAuth(keys) });
      assert.equal(response.status, 200, JSON.stringify(response.body));
      const expected = oracleList(orders, { user_id: userId });
      assert.equal(response.body.count, expected.count);
      assert.deepEqual(response.body.list.map((o: { order_id: string }) => o.order_id), expected.ids);
    },
  };
}

for (const dialect of TEST_DIALECTS) {
  describe(`read slots on ${dialect}`, { timeout: 120_000 }, () => {
    let light: LightProject;
    before(async () => (light = await twoSlotServer(dialect)));
    after(() => light.server.close());

    it('answers a light request while another project reads for much longer', async () => {
      const { server } = light;
      const slow = slowRead(server.storage, 'project-a');
      await until(() => server.storage.poolStats().busy === 1, 'the slow read to start');
      await light.lightList();
      assert.equal((await requestJson(server.baseUrl, '/healthz')).status, 200);
      assert.equal(slow.state.settled, false, 'the light request waited for the slow read');
    });

  });

  describe(`fair slots on ${dialect}`, { timeout: 120_000 }, () => {
    let light: LightProject;
    before(async () => (light = await twoSlotServer(dialect)));
    after(() => light.server.close());

    it("keeps a slot free for other projects while one project's reads queue up", async () => {
      const { server } = light;
      const slow = Array.from({ length: 4 }, () => slowRead(server.storage, 'project-a'));
      // FIFO would have given project A both slots; its cap leaves one for project C.
      await until(() => server.storage.poolStats().waiting === 3, "project A's reads to queue");
      assert.deepEqual(server.storage.poolStats(), { size: 2, busy: 1, waiting: 3 });
      await light.lightList();
      assert.ok(slow.every((s) => !s.state.settled), "a read of project A finished before project C's request");
      assert.equal(server.storage.poolStats().waiting, 3);
    });
  });
}

describe('a read worker that dies', { timeout: 120_000 }, () => {
  let server: TestServer;
  let auth: string;
  let orders: Awaited<ReturnType<typeof seedDemoOrders>>;

  before(async () => {
    server = await startServerOn(await createTestDatabase('sqlite'), {
      storageOptions: { sqliteReaders: { size: 2, workerUrl: new URL('./support/crashing-read-worker.js', import.meta.url) } },
    });
    const keys = await server.createKeys('crash');
    auth = basicAuth(keys);
    orders = await seedDemoOrders(server.storage, keys.project_id, 200);
  });
  after(() => server.close());

  async function assertListed() {
    const userId = orders[0]!.user_id!;
    const response = await requestJson(server.baseUrl, `/v1/orders?user_id=${userId}`, { authorization: auth });
    assert.equal(response.status, 200, JSON.stringify(response.body));
    assert.deepEqual(
      response.body.list.map((o: { order_id: string }) => o.order_id),
      oracleList(orders, { user_id: userId }).ids,
    );
  }

  it('fails only its own query and is replaced for the next read', async () => {
    await assertListed();
    // Both workers crash, one after the other; each read after finds a fresh one.
    for (let i = 0; i < 2; i++) {
      await assert.rejects(sql`select 'crash'`.execute(server.storage.reads), /read worker stopped \(exit code 70\)/);
      assert.deepEqual(server.storage.poolStats(), { size: 2, busy: 0, waiting: 0 });
    }
    await Promise.all([assertListed(), assertListed(), assertListed()]);
  });
});

describe('a busy Postgres pool', { skip: TEST_DIALECTS.includes('postgres') ? false : 'TEST_DATABASE_URL is not set', timeout: 120_000 }, () => {
  let server: TestServer;
  let auth: string;
  let orders: Awaited<ReturnType<typeof seedDemoOrders>>;

  before(async () => {
    server = await startServerOn(await createTestDatabase('postgres'), {
      // Waiting for a connection lasts far longer than the connect timeout.
      storageOptions: { postgres: { max: 2, perProjectCap: 2, connectTimeoutMs: 300, statementTimeoutMs: 5_000, queryTimeoutMs: 7_000 } },
    });
    const keys = await server.createKeys('busy');
    auth = basicAuth(keys);
    orders = await seedDemoOrders(server.storage, keys.project_id, 200);
  });
  after(() => server.close());

  it('makes requests wait for a connection instead of answering 503, and /healthz stays 200', async () => {
    const holders = [1, 2].map(() => onBehalfOf('project-a', () => sql`select pg_sleep(1.5)`.execute(server.storage.reads)));
    await until(() => server.storage.poolStats().busy === 2, 'the pool to be taken');
    const health = await requestJson(server.baseUrl, '/healthz');
    assert.equal(health.status, 200, JSON.stringify(health.body));
    const userId = orders[0]!.user_id!;
    const responses = await Promise.all(
      Array.from({ length: 8 }, () => requestJson(server.baseUrl, `/v1/orders?user_id=${userId}`, { authorization: auth })),
    );
    assert.deepEqual(responses.map((r) => r.status), Array(8).fill(200), JSON.stringify(responses.map((r) => r.body)));
    for (const response of responses) assert.equal(response.body.count, oracleList(orders, { user_id: userId }).count);
    await Promise.all(holders);
  });
});

describe('read worker settings', () => {
  it('has one worker more than CPUs and lets a project keep all CPUs but one busy', () => {
    assert.deepEqual(sqliteReaderOptions({}, 2), { size: 3, perProjectCap: 1 });
    assert.deepEqual(sqliteReaderOptions({}, 1), { size: 2, perProjectCap: 1 });
    assert.deepEqual(sqliteReaderOptions({}, 8), { size: 9, perProjectCap: 7 });
    assert.deepEqual(sqliteReaderOptions({ JUMUN_SQLITE_READERS: '4', JUMUN_SLOTS_PER_PROJECT: '3' }, 2), { size: 4, perProjectCap: 3 });
    assert.deepEqual(sqliteReaderOptions({ JUMUN_SQLITE_READERS: '2', JUMUN_SLOTS_PER_PROJECT: '5' }, 2), { size: 2, perProjectCap: 2 });
    assert.throws(() => sqliteReaderOptions({ JUMUN_SQLITE_READERS: '0' }), /JUMUN_SQLITE_READERS must be a positive integer, got '0'/);
  });
});

describe('an in-memory SQLite database', () => {
  it('reads on its one connection, which no worker could open', async () => {
    const storage = openStorage('sqlite::memory:');
    try {
      await migrate(storage);
      const project = await ensureProject(storage, 'memory');
      const orders = await seedDemoOrders(storage, project.project_id, 50);
      assert.equal(await countOrders(storage, project.project_id, { dateField: 'created_at' }), orders.length);
      assert.deepEqual(storage.poolStats(), { size: 0, busy: 0, waiting: 0 });
    } finally {
      await storage.close();
    }
  });
});
