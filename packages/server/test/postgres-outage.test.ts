import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { findPostgresBinDir, startPrivatePostgres, type PrivatePostgres } from './support/private-postgres.js';
import { basicAuth, requestJson, startServerOn, type TestServer } from './support/test-server.js';

const binDir = findPostgresBinDir();
const skip = binDir ? false : 'initdb/pg_ctl not found (PATH, /usr/lib/postgresql/*/bin): no private Postgres to stop';

/** Every outage answer must arrive within this, however the database fails. */
const BOUND_MS = 10_000;

describe('a Postgres outage', { skip, timeout: 90_000 }, () => {
  let postgres: PrivatePostgres;
  let server: TestServer;
  let auth: string;

  before(async () => {
    postgres = await startPrivatePostgres(binDir!);
    server = await startServerOn(
      { url: postgres.url, drop: async () => {} },
      { storageOptions: { postgres: { connectTimeoutMs: 1_500, statementTimeoutMs: 2_000, queryTimeoutMs: 3_000 } } },
    );
    auth = basicAuth(await server.createKeys('outage'));
  });
  after(async () => {
    await server?.close();
    postgres?.destroy();
  });

  async function timed(path: string, init: Parameters<typeof requestJson>[2] = {}) {
    const started = Date.now();
    const response = await requestJson(server.baseUrl, path, { authorization: auth, ...init });
    return { ...response, ms: Date.now() - started };
  }

  async function assertUnavailable(path: string, init: Parameters<typeof requestJson>[2] = {}) {
    const response = await timed(path, init);
    assert.equal(response.status, 503, `${path}: ${JSON.stringify(response.body)}`);
    assert.deepEqual(Object.keys(response.body).sort(), ['code', 'data', 'message', 'status']);
    assert.equal(response.body.status, 503);
    assert.equal(response.body.code, 9503);
    assert.ok(response.ms < BOUND_MS, `${path} answered after ${response.ms} ms`);
  }

  async function assertHealthz(status: number, database: string) {
    const response = await timed('/healthz');
    assert.equal(response.status, status);
    assert.equal(response.body.database, database);
    assert.ok(response.ms < BOUND_MS, `/healthz answered after ${response.ms} ms`);
  }

  /** The server heals by itself: no restart, just new connections once Postgres answers again. */
  async function assertRecovers() {
    const deadline = Date.now() + 20_000;
    let last = await timed('/v1/orders?limit=1');
    while (last.status !== 200 && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 250));
      last = await timed('/v1/orders?limit=1');
    }
    assert.equal(last.status, 200, JSON.stringify(last.body));
    await assertHealthz(200, 'ok');
  }

  it('serves while Postgres is up', async () => {
    assert.equal((await timed('/v1/orders')).status, 200);
    await assertHealthz(200, 'ok');
  });

  it('answers 503/9503 when Postgres is down, and recovers when it is back', async () => {
    postgres.stop();
    await assertUnavailable('/v1/orders?status=2');
    await assertUnavailable('/v1/orders/0123456789abcdef01234567');
    // Authentication needs the database too: an outage must not look like wrong keys.
    await assertUnavailable('/v1/orders', { authorization: basicAuth({ client_key: 'nobody', secret_key: 'nothing' }) });
    await assertUnavailable('/v1/request/token', { method: 'POST', authorization: auth });
    await assertHealthz(503, 'unreachable');
    postgres.start();
    await assertRecovers();
  });

  it('answers 503/9503 in bounded time when Postgres hangs without closing connections', async () => {
    // Warm the pool, so the frozen server is met both on open connections and on new ones.
    await Promise.all([timed('/v1/orders'), timed('/v1/orders?page=2'), timed('/healthz')]);
    postgres.freeze();
    try {
      await Promise.all([assertUnavailable('/v1/orders'), assertUnavailable('/v1/orders?page=3')]);
      await assertUnavailable('/v1/orders?keyword=abc');
      await assertHealthz(503, 'unreachable');
    } finally {
      postgres.thaw();
    }
    await assertRecovers();
  });
});
