import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import pg from 'pg';
import { insertOrders } from '../src/storage/order-repository.js';
import { handMadeOrder } from './support/fixtures.js';
import { createTestDatabase } from './support/test-database.js';
import { basicAuth, requestJson, startServerOn, type TestServer } from './support/test-server.js';

/** True when the server can create a database that sorts text by an ICU locale (Postgres 15+ with ICU). */
async function serverHasIcu(adminUrl: string): Promise<boolean> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    const { rows } = await client.query(`select current_setting('server_version_num')::int >= 150000
      and exists (select 1 from pg_collation where collprovider = 'i') as ok`);
    return rows[0].ok === true;
  } finally {
    await client.end();
  }
}

const adminUrl = process.env.TEST_DATABASE_URL;
const skip = !adminUrl
  ? 'TEST_DATABASE_URL is not set'
  : !(await serverHasIcu(adminUrl))
    ? 'the Postgres server cannot create ICU-collated databases (needs 15+ with ICU)'
    : false;

// In en-US, 'RCPTabc1' sorts between 'RCPTAB' and 'RCPTAC', so a prefix written as a range would
// match it for keyword 'RCPTAB' unless ids compare byte-wise, as they do on SQLite. (Prefixes
// count from 4 characters; shorter keywords match only a full id.)
describe('keyword id prefixes on a Postgres database that sorts text by en-US', { skip }, () => {
  let server: TestServer;
  let auth: string;
  const receiptIds = ['RCPTABD999', 'RCPTabc123', 'RCPTAbz000', 'RCPTAB-0001', 'RCPTAC0001'];

  before(async () => {
    server = await startServerOn(await createTestDatabase('postgres', { icuLocale: 'en-US' }));
    const keys = await server.createKeys('collation');
    auth = basicAuth(keys);
    const base = Date.parse('2025-05-05T05:05:05Z') / 1000;
    await insertOrders(
      server.storage,
      receiptIds.map((receipt_id, i) =>
        handMadeOrder(keys.project_id, { created_at: base + i, receipt_id, status: 2, receipt_status: 1 }),
      ),
    );
  });
  after(() => server?.close());

  it('matches receipt ids that start with the keyword byte for byte, case and all', async () => {
    for (const [keyword, expected] of [
      ['RCPTAB', ['RCPTABD999', 'RCPTAB-0001']],
      ['RCPTab', ['RCPTabc123']],
      ['RCPTA', ['RCPTABD999', 'RCPTAbz000', 'RCPTAB-0001', 'RCPTAC0001']],
      ['RCPTAB-', ['RCPTAB-0001']],
    ] as const) {
      const response = await requestJson(server.baseUrl, `/v1/orders?keyword=${encodeURIComponent(keyword)}`, { authorization: auth });
      assert.equal(response.status, 200);
      const found = (response.body.list as Array<{ receipt_id: string }>).map((o) => o.receipt_id);
      assert.deepEqual(found.sort(), [...expected].sort(), `keyword ${keyword}`);
      assert.equal(response.body.count, expected.length, `count for keyword ${keyword}`);
    }
  });
});
