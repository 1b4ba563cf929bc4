import assert from 'node:assert/strict';
import { request as httpRequest } from 'node:http';
import { after, before, describe, it } from 'node:test';
import { gunzipSync, inflateSync } from 'node:zlib';
import { seedDemoOrders } from './support/fixtures.js';
import { createTestDatabase, TEST_DIALECTS } from './support/test-database.js';
import { basicAuth, startServerOn, startTestServer, type TestServer } from './support/test-server.js';

const METRICS_TOKEN = 'metrics-token-for-tests-0123456789';

interface RawResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: Buffer;
}

/** A GET that shows the bytes as sent (fetch would decompress them and hide how they came). */
function rawGet(url: string, headers: Record<string, string>): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const request = httpRequest(url, { headers }, (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('end', () => resolve({ status: response.statusCode!, headers: response.headers, body: Buffer.concat(chunks) }));
      response.on('error', reject);
    });
    request.on('error', reject);
    request.end();
  });
}

/** The value of one sample line of a Prometheus text exposition, or undefined when absent. */
function sample(text: string, name: string, labels: Record<string, string> = {}): number | undefined {
  for (const line of text.split('\n')) {
    if (!line.startsWith(`${name}{`) && !line.startsWith(`${name} `)) continue;
    const labelText = line.slice(name.length).split(' ')[0]!;
    if (Object.entries(labels).every(([key, value]) => labelText.includes(`${key}="${value}"`))) {
      return Number(line.slice(line.lastIndexOf(' ') + 1));
    }
  }
  return undefined;
}

for (const dialect of TEST_DIALECTS) {
  describe(`service conventions on ${dialect}`, () => {
    let server: TestServer;
    let auth: string;
    let orderCount: number;

    before(async () => {
      server = await startServerOn(await createTestDatabase(dialect), { config: { metricsToken: METRICS_TOKEN } });
      const keys = await server.createKeys('conventions');
      auth = basicAuth(keys);
      orderCount = (await seedDemoOrders(server.storage, keys.project_id, 400)).length;
    });
    after(() => server.close());

    it('serves /metrics only for its bearer token, with request, query, pool and event-loop figures', async () => {
      const metrics = (authorization?: string) =>
        fetch(`${server.baseUrl}/metrics`, { headers: authorization ? { authorization } : {} });
      assert.equal((await metrics()).status, 401);
      assert.equal((await metrics('Bearer wrong-token-wrong-token')).status, 401);
      assert.equal((await metrics(auth)).status, 401, 'API keys do not open the metrics');

      const before = await (await metrics(`Bearer ${METRICS_TOKEN}`)).text();
      const listed = { method: 'GET', route: '/v1/orders', status_code: '200' };
      const invalid = { method: 'GET', route: '/v1/orders', status_code: '400' };
      const countBefore = sample(before, 'jumun_http_request_duration_seconds_count', listed) ?? 0;
      const invalidBefore = sample(before, 'jumun_http_request_duration_seconds_count', invalid) ?? 0;
      for (let i = 0; i < 3; i++) {
        assert.equal((await fetch(`${server.baseUrl}/v1/orders?page=${i + 1}`, { headers: { authorization: auth } })).status, 200);
      }
      assert.equal((await fetch(`${server.baseUrl}/v1/orders?page=x`, { headers: { authorization: auth } })).status, 400);

      const response = await metrics(`Bearer ${METRICS_TOKEN}`);
      assert.equal(response.status, 200);
      assert.match(response.headers.get('content-type')!, /^text\/plain; version=0\.0\.4/);
      const text = await response.text();
      assert.equal(sample(text, 'jumun_http_request_duration_seconds_count', listed), countBefore + 3);
      assert.equal(sample(text, 'jumun_http_request_duration_seconds_count', invalid), invalidBefore + 1);
      assert.ok((sample(text, 'jumun_db_query_duration_seconds_count', { kind: 'select', outcome: 'ok' }) ?? 0) >= 6, 'count and page per list');
      assert.ok((sample(text, 'jumun_db_pool_connections', { state: 'size' }) ?? 0) >= 1);
      assert.equal(sample(text, 'jumun_db_pool_waiting'), 0);
      assert.ok(sample(text, 'nodejs_eventloop_lag_seconds') !== undefined, 'event-loop lag');
      assert.doesNotMatch(text, /route="\/v1\/orders\?/, 'routes are patterns, never URLs with their queries');
    });

    it('compresses JSON and streams the CSV export compressed, byte for byte the same once decoded', async () => {
      const headers = { authorization: auth };
      const plainList = await rawGet(`${server.baseUrl}/v1/orders?limit=50`, headers);
      const gzipList = await rawGet(`${server.baseUrl}/v1/orders?limit=50`, { ...headers, 'accept-encoding': 'gzip' });
      assert.equal(plainList.headers['content-encoding'], undefined);
      assert.equal(gzipList.headers['content-encoding'], 'gzip');
      assert.ok(gzipList.body.length < plainList.body.length / 2, `${gzipList.body.length} of ${plainList.body.length} bytes`);
      assert.deepEqual(JSON.parse(gunzipSync(gzipList.body).toString('utf8')), JSON.parse(plainList.body.toString('utf8')));

      const plainCsv = await rawGet(`${server.baseUrl}/v1/orders/export`, headers);
      const lines = plainCsv.body.toString('utf8').split('\n').filter((line) => line !== '');
      assert.equal(lines.length, orderCount + 1, 'a header and every order');
      for (const encoding of ['gzip', 'deflate'] as const) {
        const csv = await rawGet(`${server.baseUrl}/v1/orders/export`, { ...headers, 'accept-encoding': encoding });
        assert.equal(csv.status, 200);
        assert.equal(csv.headers['content-encoding'], encoding);
        assert.equal(csv.headers['transfer-encoding'], 'chunked', 'streamed, not buffered to learn its length');
        assert.equal(csv.headers['content-length'], undefined);
        assert.match(String(csv.headers['content-disposition']), /^attachment; filename="jumun-orders-/);
        const decoded = encoding === 'gzip' ? gunzipSync(csv.body) : inflateSync(csv.body);
        assert.ok(decoded.equals(plainCsv.body), `${encoding} export decodes to the plain export`);
      }
    });

    it('sends security headers on API responses and keeps the console page policy as it is', async () => {
      const list = await fetch(`${server.baseUrl}/v1/orders`, { headers: { authorization: auth } });
      const denied = await fetch(`${server.baseUrl}/v1/orders`);
      for (const response of [list, denied]) {
        assert.equal(response.headers.get('content-security-policy'), "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'");
        assert.equal(response.headers.get('x-content-type-options'), 'nosniff');
        assert.equal(response.headers.get('x-frame-options'), 'DENY');
        assert.equal(response.headers.get('referrer-policy'), 'no-referrer');
      }
      const page = await fetch(`${server.baseUrl}/console`);
      if (page.status === 200) {
        assert.equal(
          page.headers.get('content-security-policy'),
          "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'",
        );
      }
    });
  });
}

describe('without JUMUN_METRICS_TOKEN', () => {
  let server: TestServer;
  before(async () => {
    server = await startTestServer('sqlite');
  });
  after(() => server.close());

  it('has no /metrics at all', async () => {
    const response = await fetch(`${server.baseUrl}/metrics`, { headers: { authorization: `Bearer ${METRICS_TOKEN}` } });
    assert.equal(response.status, 404);
    assert.equal((await response.json()).code, 1404);
  });
});
