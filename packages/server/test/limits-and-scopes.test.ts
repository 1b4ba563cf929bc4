import assert from 'node:assert/strict';
import { request as httpRequest } from 'node:http';
import { Writable } from 'node:stream';
import { after, before, describe, it } from 'node:test';
import { sql } from 'kysely';
import { serviceConfig } from '../src/config.js';
import { buildApp } from '../src/http/app.js';
import { redactUrl } from '../src/http/log-redaction.js';
import { seedDemoOrders } from './support/fixtures.js';
import { ACTION_BODIES, ACTION_PATHS, newOrderBody, type Action } from './support/order-writes.js';
import { TEST_DIALECTS } from './support/test-database.js';
import { basicAuth, requestJson, startLimitedTestServer, startTestServer, type TestServer } from './support/test-server.js';

type Keys = { project_id: string; client_key: string; secret_key: string };

/** A GET from a chosen loopback source address (127.0.0.0/8 is all this machine's). */
function getFrom(
  baseUrl: string,
  path: string,
  { localAddress = '127.0.0.1', authorization }: { localAddress?: string; authorization?: string },
): Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: any }> {
  return new Promise((resolve, reject) => {
    const request = httpRequest(baseUrl + path, { localAddress, headers: authorization ? { authorization } : {} }, (response) => {
      let text = '';
      response.setEncoding('utf8');
      response.on('data', (chunk) => (text += chunk));
      response.on('end', () => resolve({ status: response.statusCode!, headers: response.headers, body: text ? JSON.parse(text) : null }));
    });
    request.on('error', reject);
    request.end();
  });
}

for (const dialect of TEST_DIALECTS) {
  describe(`request limits on ${dialect}`, () => {
    let server: TestServer;
    let shopA: Keys;
    let shopB: Keys;

    before(async () => {
      server = await startLimitedTestServer(dialect, {
        // Refills so slowly (a token in 1,000 s) that a busy machine cannot refill a bucket mid-test.
        rateLimits: { keyPerSecond: 0.001, keyBurst: 5, authFailuresPerMinute: 6, heavyConcurrency: 0 },
      });
      shopA = await server.createKeys('shop-a');
      shopB = await server.createKeys('shop-b');
      await seedDemoOrders(server.storage, shopA.project_id, 3_000, 3);
      await seedDemoOrders(server.storage, shopB.project_id, 20, 4);
    });
    after(() => server.close());

    it('limits each key to its burst, with 429 / 1900, Retry-After and RateLimit headers, other keys unaffected', async () => {
      const statuses: number[] = [];
      let refused: Awaited<ReturnType<typeof getFrom>> | undefined;
      for (let i = 0; i < 8; i++) {
        const response = await getFrom(server.baseUrl, '/v1/orders?limit=1', { authorization: basicAuth(shopA) });
        statuses.push(response.status);
        if (response.status === 200) assert.ok(response.headers['ratelimit-remaining'] !== undefined);
        if (response.status === 429) refused ??= response;
      }
      assert.deepEqual(statuses.slice(0, 5), [200, 200, 200, 200, 200], 'the burst is granted');
      assert.ok(statuses.slice(5).every((s) => s === 429), `then refused: ${statuses}`);
      assert.deepEqual(Object.keys(refused!.body).sort(), ['code', 'data', 'message', 'status']);
      assert.equal(refused!.body.code, 1900);
      assert.ok(Number(refused!.headers['retry-after']) >= 1);
      assert.equal(refused!.headers['ratelimit-limit'], '5');
      assert.equal(refused!.headers['ratelimit-remaining'], '0');
      const other = await getFrom(server.baseUrl, '/v1/orders?limit=1', { authorization: basicAuth(shopB) });
      assert.equal(other.status, 200, 'another key is not limited by the first');
    });

    it('refuses an address after repeated failed authentication, even with a right key, and no other address', async () => {
      const attacker = '127.0.0.7';
      const wrong = basicAuth({ client_key: shopB.client_key, secret_key: 'guess' });
      const statuses: number[] = [];
      for (let i = 0; i < 20; i++) statuses.push((await getFrom(server.baseUrl, '/v1/orders', { localAddress: attacker, authorization: wrong })).status);
      assert.deepEqual(statuses.slice(0, 6), [401, 401, 401, 401, 401, 401]);
      assert.ok(statuses.slice(6).every((s) => s === 429), `then 429: ${statuses}`);
      const rightKey = await getFrom(server.baseUrl, '/v1/orders?limit=1', { localAddress: attacker, authorization: basicAuth(shopB) });
      assert.equal(rightKey.status, 429, 'the address waits whatever it sends');
      assert.ok(Number(rightKey.headers['retry-after']) >= 1);
      const token = await requestJson(server.baseUrl, '/v1/request/token', { method: 'POST', body: { client_key: 'x', secret_key: 'y' } });
      assert.equal(token.status, 401, 'another address is still only told 401');
      const elsewhere = await getFrom(server.baseUrl, '/v1/orders?limit=1', { localAddress: '127.0.0.8', authorization: basicAuth(shopB) });
      assert.equal(elsewhere.status, 200, 'another address is unaffected');
    });

  });

  describe(`heavy work per project on ${dialect}`, () => {
    let server: TestServer;
    let slowShop: Keys;
    let otherShop: Keys;

    before(async () => {
      server = await startLimitedTestServer(dialect, { rateLimits: { keyPerSecond: 0, heavyConcurrency: 1, heavyWaitMs: 300 } });
      slowShop = await server.createKeys('slow-shop');
      otherShop = await server.createKeys('other-shop');
      // Enough rows that a stalled reader leaves the export unfinished (more than the sockets buffer).
      await seedDemoOrders(server.storage, slowShop.project_id, 40_000, 9);
      await seedDemoOrders(server.storage, otherShop.project_id, 20, 4);
    });
    after(() => server.close());

    it('caps heavy work per project: the excess waits briefly, then 429; other projects are unaffected', async () => {
      // An export whose reader stalls holds the project's only heavy slot.
      const controller = new AbortController();
      const stalled = await fetch(`${server.baseUrl}/v1/orders/export`, { headers: { authorization: basicAuth(slowShop) }, signal: controller.signal });
      assert.equal(stalled.status, 200);
      const reader = stalled.body!.getReader();
      await reader.read();
      const second = await requestJson(server.baseUrl, '/v1/orders/summary', { authorization: basicAuth(slowShop) });
      assert.equal(second.status, 429);
      assert.equal(second.body.code, 1900);
      assert.match(second.body.message, /무거운 요청/);
      const keywordList = await requestJson(server.baseUrl, '/v1/orders?keyword=abc', { authorization: basicAuth(slowShop) });
      assert.equal(keywordList.status, 429, 'a keyword list is heavy too');
      const plainList = await requestJson(server.baseUrl, '/v1/orders?limit=1', { authorization: basicAuth(slowShop) });
      assert.equal(plainList.status, 200, 'a plain list is light');
      const otherProject = await requestJson(server.baseUrl, '/v1/orders/summary', { authorization: basicAuth(otherShop) });
      assert.equal(otherProject.status, 200, 'another project has its own slots');
      controller.abort();
      await reader.cancel().catch(() => {});
      // The slot comes back once the stalled response closed.
      let freed = 0;
      for (let i = 0; i < 50 && freed !== 200; i++) {
        await new Promise((resolve) => setTimeout(resolve, 100));
        freed = (await requestJson(server.baseUrl, '/v1/orders/summary', { authorization: basicAuth(slowShop) })).status;
      }
      assert.equal(freed, 200);
    });
  });

  describe(`key scopes and probes on ${dialect}`, () => {
    let server: TestServer;
    let writer: Keys;
    let reader: Keys;

    before(async () => {
      server = await startTestServer(dialect);
      writer = await server.createKeys('shop', 'write');
      reader = await server.createKeys('shop', 'read');
      await seedDemoOrders(server.storage, writer.project_id, 30, 2);
    });
    after(() => server.close());

    it('lets a read key list, read, summarize and export, and answers every write 403 / 1703', async () => {
      const auth = basicAuth(reader);
      const list = await requestJson(server.baseUrl, '/v1/orders', { authorization: auth });
      assert.equal(list.status, 200);
      assert.equal(list.body.count, 30);
      const orderId = list.body.list[0].order_id as string;
      assert.equal((await requestJson(server.baseUrl, `/v1/orders/${orderId}`, { authorization: auth })).status, 200);
      assert.equal((await requestJson(server.baseUrl, '/v1/orders/summary', { authorization: auth })).status, 200);
      assert.equal((await fetch(`${server.baseUrl}/v1/orders/export`, { headers: { authorization: auth } })).status, 200);
      const token = await requestJson(server.baseUrl, '/v1/request/token', { method: 'POST', authorization: auth });
      assert.equal(token.status, 200, 'a read key gets a token');
      const bearer = `Bearer ${token.body.access_token}`;
      const before = (await requestJson(server.baseUrl, `/v1/orders/${orderId}`, { authorization: auth })).body;
      const writes: Array<[string, unknown]> = [
        ['/v1/orders', newOrderBody()],
        ...(Object.entries(ACTION_PATHS) as Array<[Action, string]>).map(
          ([action, path]) => [`/v1/orders/${orderId}/${path}`, ACTION_BODIES[action] ?? null] as [string, unknown],
        ),
      ];
      for (const [path, body] of writes) {
        for (const authorization of [auth, bearer]) {
          const response = await requestJson(server.baseUrl, path, { method: 'POST', authorization, body });
          assert.equal(response.status, 403, path);
          assert.equal(response.body.code, 1703, path);
        }
      }
      const afterwards = await requestJson(server.baseUrl, '/v1/orders', { authorization: basicAuth(writer) });
      assert.equal(afterwards.body.count, 30, 'nothing was created');
      assert.deepEqual((await requestJson(server.baseUrl, `/v1/orders/${orderId}`, { authorization: auth })).body, before);
      const created = await requestJson(server.baseUrl, '/v1/orders', { method: 'POST', authorization: basicAuth(writer), body: newOrderBody() });
      assert.equal(created.status, 201, 'the write key still writes');
    });

    it('answers /livez, /readyz and /healthz', async () => {
      for (const path of ['/livez', '/readyz', '/healthz']) {
        const response = await requestJson(server.baseUrl, path);
        assert.equal(response.status, 200, path);
        assert.equal(response.body.status, 'ok');
      }
    });

    it('while shutting down: /livez still 200, /readyz, /healthz and the API 503 / 9503 with Retry-After', async () => {
      const app = await buildApp({ storage: server.storage, config: serviceConfig(), hashKey: server.hashKey });
      try {
        app.lifecycle.draining = true;
        assert.equal((await app.inject({ method: 'GET', url: '/livez' })).statusCode, 200);
        for (const url of ['/readyz', '/healthz', '/v1/orders']) {
          const response = await app.inject({ method: 'GET', url, headers: { authorization: basicAuth(reader) } });
          assert.equal(response.statusCode, 503, url);
          assert.deepEqual(JSON.parse(response.body), { status: 503, code: 9503, message: '서버가 종료 중입니다. 잠시 후 다시 시도해 주세요.', data: null });
          assert.equal(response.headers['retry-after'], '5');
        }
      } finally {
        await app.close();
      }
    });

    if (dialect === 'sqlite') {
      it('writes with synchronous=FULL, so acknowledged writes survive a power loss', async () => {
        const { rows } = await sql<{ synchronous: number }>`pragma synchronous`.execute(server.storage.db);
        assert.equal(rows[0]!.synchronous, 2, 'FULL');
      });
    }
  });
}

describe('secrets in logs', () => {
  it('redacts credentials from logged URLs', () => {
    assert.equal(redactUrl('/v1/orders?secret_key=abc&limit=1'), '/v1/orders?secret_key=[REDACTED]&limit=1');
    assert.equal(redactUrl('/v1/orders?limit=1&Client_Key=k%3As&access_token=t'), '/v1/orders?limit=1&Client_Key=[REDACTED]&access_token=[REDACTED]');
    assert.equal(redactUrl('/v1/orders?secret%5Fkey=abc'), '/v1/orders?secret%5Fkey=[REDACTED]');
    assert.equal(redactUrl('/v1/orders?keyword=secret_key'), '/v1/orders?keyword=secret_key');
    assert.equal(redactUrl('/v1/orders'), '/v1/orders');
  });

  it('logs no secret given in a query string, a header or a body', async () => {
    const server = await startTestServer('sqlite');
    const keys = await server.createKeys('shop');
    let logged = '';
    const stream = new Writable({ write(chunk, _encoding, done) { logged += chunk; done(); } });
    const app = await buildApp({ storage: server.storage, config: serviceConfig(), hashKey: server.hashKey, logger: { level: 'trace', stream } });
    await app.listen({ port: 0, host: '127.0.0.1' });
    try {
      const { port } = app.server.address() as { port: number };
      const base = `http://127.0.0.1:${port}`;
      await fetch(`${base}/v1/orders?secret_key=${keys.secret_key}&client_key=${keys.client_key}`, { headers: { authorization: basicAuth(keys) } });
      await requestJson(base, '/v1/request/token', { method: 'POST', body: { client_key: keys.client_key, secret_key: [keys.secret_key] } });
      assert.ok(logged.includes('/v1/orders?secret_key=[REDACTED]'), 'the request was logged, redacted');
      assert.ok(!logged.includes(keys.secret_key), 'the secret is in no log line');
    } finally {
      await app.close();
      await server.close();
    }
  });
});
