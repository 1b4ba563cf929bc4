import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { seedDemoOrders } from './support/fixtures.js';
import { fuzz } from './support/fuzz-requests.js';
import { TEST_DIALECTS } from './support/test-database.js';
import { basicAuth, requestJson, startLimitedTestServer, type TestServer } from './support/test-server.js';

const REQUESTS = 2_000;

for (const dialect of TEST_DIALECTS) {
  describe(`fuzzed requests on ${dialect}`, () => {
    let server: TestServer;
    let authorization: string;
    let orderIds: string[];

    before(async () => {
      // Limits off: the fuzz is about what every handler does with what it is sent, not about 429.
      server = await startLimitedTestServer(dialect, {
        http: { headersTimeoutMs: 2_000 },
        rateLimits: { keyPerSecond: 0, authFailuresPerMinute: 0, heavyConcurrency: 0 },
      });
      const keys = await server.createKeys('shop');
      authorization = basicAuth(keys);
      orderIds = (await seedDemoOrders(server.storage, keys.project_id, 200, 21)).map((o) => o.order_id);
    });
    after(() => server.close());

    it(`answers ${REQUESTS} malformed requests without a 5xx, every error in the envelope, none hanging`, async () => {
      const port = Number(new URL(server.baseUrl).port);
      const failures = await fuzz(port, { authorization, orderIds }, 20261201, REQUESTS);
      assert.deepEqual(failures.slice(0, 5), [], `${failures.length} of ${REQUESTS} requests broke a rule`);
      // The server is still whole afterwards.
      const list = await requestJson(server.baseUrl, '/v1/orders?limit=1', { authorization });
      assert.equal(list.status, 200);
    });
  });
}
