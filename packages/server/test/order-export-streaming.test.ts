import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { after, before, describe, test } from 'node:test';
import type { Kysely, KyselyPlugin } from 'kysely';
import { orderCsvChunks } from '../src/services/order-export.js';
import type { Database } from '../src/storage/schema.js';
import { basicAuth, startTestServer, type TestServer } from './support/test-server.js';
import { seedOrders } from './support/summary-export-oracle.js';

const ORDERS = 50_000;
const PAGES = ORDERS / 1_000;
const NOW = Date.parse('2025-08-01T03:00:00Z') / 1000;

/** A Kysely plugin counting the SELECTs that read the orders table. */
function orderSelectCounter(): { plugin: KyselyPlugin; count: () => number } {
  let count = 0;
  const plugin: KyselyPlugin = {
    transformQuery: ({ node }) => {
      if (node.kind === 'SelectQueryNode' && JSON.stringify(node.from).includes('"name":"orders"')) count += 1;
      return node;
    },
    transformResult: async ({ result }) => result,
  };
  return { plugin, count: () => count };
}

/** Waits until `read()` has stayed the same for a while; returns it. */
async function settled(read: () => number): Promise<number> {
  let last = read();
  for (let quiet = 0; quiet < 3; ) {
    await sleep(100);
    const now = read();
    quiet = now === last ? quiet + 1 : 0;
    last = now;
  }
  return last;
}

// One big export on SQLite (the streaming code is the same on every dialect).
describe(`a ${ORDERS.toLocaleString('en-US')}-order export`, () => {
  let server: TestServer;
  let auth: string;
  let projectId: string;

  before(async () => {
    server = await startTestServer('sqlite');
    const keys = await server.createKeys('big-export');
    auth = basicAuth(keys);
    projectId = keys.project_id;
    await seedOrders(server.storage, projectId, ORDERS, NOW);
  });
  after(() => server.close());

  test('the CSV generator reads one page per chunk its consumer pulls', async () => {
    const counter = orderSelectCounter();
    const storage = { ...server.storage, reads: server.storage.reads.withPlugin(counter.plugin) };
    const chunks = orderCsvChunks(storage, projectId, { dateField: 'created_at' }, 'Asia/Seoul', 1_000);
    await chunks.next();
    assert.equal(counter.count(), 1);
    await chunks.next();
    await chunks.next();
    assert.equal(counter.count(), 3);
    let rest = 0;
    for await (const _chunk of chunks) rest += 1;
    assert.equal(rest, PAGES - 3);
    assert.equal(counter.count(), PAGES + 1, 'every page, plus the empty one that ends it');
  });

  test('over HTTP the server stops reading the database while the client does not read', { timeout: 120_000 }, async () => {
    const counter = orderSelectCounter();
    const served = server.storage as { reads: Kysely<Database> };
    const original = served.reads;
    served.reads = original.withPlugin(counter.plugin);
    // Uncompressed: gzip shrinks these 50,000 rows (~12 MB) to what socket buffers alone can hold.
    const response = await fetch(`${server.baseUrl}/v1/orders/export`, { headers: { authorization: auth, 'accept-encoding': 'identity' } });
    const reader = response.body!.getReader();
    try {
      const first = await reader.read();
      assert.ok(!first.done && first.value.length > 0);
      // The client holds off; only what socket buffers take gets read, then the server waits.
      const whilePaused = await settled(counter.count);
      assert.ok(whilePaused < PAGES, `read ${whilePaused} of ${PAGES} pages while the client was not reading`);
      let lines = 0;
      for (let read: Awaited<ReturnType<typeof reader.read>> = first; !read.done; read = await reader.read()) {
        for (const byte of read.value) if (byte === 0x0a) lines += 1;
      }
      assert.equal(lines, ORDERS + 1, 'a header and every order');
      assert.equal(counter.count(), PAGES + 1);
    } finally {
      await reader.cancel().catch(() => {});
      served.reads = original;
    }
  });
});
