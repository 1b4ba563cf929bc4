import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import {
  BootpayCommerce,
  BootpayCommerceApiError,
  BootpayCommerceAuthError,
  BootpayCommerceConnectionError,
  BootpayCommerceError,
  BootpayCommerceInvalidRequestError,
  BootpayCommerceNotFoundError,
  BootpayCommerceRateLimitError,
  BootpayCommerceTimeoutError,
} from '../src/index.js';
import type { AccessToken, BootpayCommerceOptions, OrderList } from '../src/index.js';
import { startJumunServer } from './helpers/jumun-server.js';
import type { JumunServer } from './helpers/jumun-server.js';
import { startProxy, startSilentServer, unusedOrigin } from './helpers/local-servers.js';
import type { FailureScript, LocalServer } from './helpers/local-servers.js';

let server: JumunServer;
before(async () => {
  server = await startJumunServer({ orders: 60 });
});
after(() => server?.stop());

function client(options: Partial<BootpayCommerceOptions> = {}): BootpayCommerce {
  return new BootpayCommerce({ client_key: server.clientKey, secret_key: server.secretKey, base_url: server.baseUrl, ...options });
}

/** Runs `body` against a proxy to the real server that fails as scripted first. */
async function withFlakyProxy<T>(failure: FailureScript, body: (commerce: BootpayCommerce, proxy: LocalServer) => Promise<T>): Promise<T> {
  const proxy = await startProxy(server.origin, failure);
  try {
    return await body(client({ base_url: `${proxy.origin}/v1` }), proxy);
  } finally {
    await proxy.close();
  }
}

describe('errors from the server', () => {
  test('wrong secret → BootpayCommerceAuthError with code 1700 and the request id', async () => {
    const error = await client({ secret_key: 'not-the-secret' }).order.list().catch((e: unknown) => e);
    assert.ok(error instanceof BootpayCommerceAuthError);
    assert.ok(error instanceof BootpayCommerceError);
    assert.equal(error.status, 401);
    assert.equal(error.code, 1700);
    assert.equal(error.message, 'Access Token이 잘못되었거나 만료되었습니다.');
    assert.match(error.requestId ?? '', /.+/);
    assert.equal(error.requestId, error.headers['x-request-id']);
  });

  test('unknown order → BootpayCommerceNotFoundError with code 3700', async () => {
    const error = await client().order.detail('000000000000000000000000').catch((e: unknown) => e);
    assert.ok(error instanceof BootpayCommerceNotFoundError);
    assert.equal(error.status, 404);
    assert.equal(error.code, 3700);
  });

  test('page=0 → BootpayCommerceInvalidRequestError that keeps the server code and names the parameter', async () => {
    const error = await client().order.list({ page: 0 }).catch((e: unknown) => e);
    assert.ok(error instanceof BootpayCommerceInvalidRequestError);
    assert.equal(error.status, 400);
    assert.notEqual(error.code, null);
    assert.match(error.message, /page/);
  });

  test('errors are not retried unless retrying could help', async () => {
    await withFlakyProxy({ times: 0, answer: 503 }, async (commerce, proxy) => {
      await assert.rejects(commerce.order.detail('000000000000000000000000'), BootpayCommerceNotFoundError);
      assert.equal(proxy.requests.length, 1);
    });
  });
});

describe('errors without a response', () => {
  test('connection refused → BootpayCommerceConnectionError without status', async () => {
    const commerce = client({ base_url: `${await unusedOrigin()}/v1`, max_retries: 0 });
    const error = await commerce.order.list().catch((e: unknown) => e);
    assert.ok(error instanceof BootpayCommerceConnectionError);
    assert.ok(!(error instanceof BootpayCommerceTimeoutError));
    assert.equal(error.status, null);
    assert.match(error.message, /ECONNREFUSED/);
  });

  test('no answer within timeout_ms → BootpayCommerceTimeoutError, retried like any network failure', async () => {
    const silent = await startSilentServer();
    try {
      const commerce = client({ base_url: `${silent.origin}/v1`, timeout_ms: 150, max_retries: 1 });
      const started = Date.now();
      const error = await commerce.order.list().catch((e: unknown) => e);
      assert.ok(error instanceof BootpayCommerceTimeoutError);
      assert.equal(error.status, null);
      assert.equal(silent.requests.length, 2);
      assert.ok(Date.now() - started >= 300, 'waited the timeout on both attempts');
    } finally {
      await silent.close();
    }
  });
});

describe('retries', () => {
  test('a GET retries 503 with Retry-After: 0 and returns the real answer on the third attempt', async () => {
    const expected = await client().order.list({ limit: 3 });
    await withFlakyProxy({ times: 2, answer: 503, headers: { 'retry-after': '0' } }, async (commerce, proxy) => {
      assert.deepEqual(await commerce.order.list({ limit: 3 }), expected);
      assert.equal(proxy.requests.length, 3);
      assert.deepEqual(new Set(proxy.requests.map((r) => r.url)), new Set(['/v1/orders?limit=3']));
    });
  });

  test('gives up after max_retries and reports the last error', async () => {
    await withFlakyProxy({ times: 3, answer: 503, headers: { 'retry-after': '0' } }, async (commerce, proxy) => {
      const error = await commerce.order.list().catch((e: unknown) => e);
      assert.ok(error instanceof BootpayCommerceApiError);
      assert.equal(error.status, 503);
      assert.equal(error.code, 9503, 'the code from the envelope survives');
      assert.equal(proxy.requests.length, 3);
    });
  });

  test('429 waits for Retry-After seconds', async () => {
    await withFlakyProxy({ times: 1, answer: 429, headers: { 'retry-after': '1' } }, async (commerce, proxy) => {
      const started = Date.now();
      const result = await commerce.order.list({ limit: 1 });
      assert.equal(result.list.length, 1);
      assert.equal(proxy.requests.length, 2);
      assert.ok(Date.now() - started >= 950, `retried after ${Date.now() - started} ms`);
    });
  });

  test('429 with max_retries: 0 surfaces BootpayCommerceRateLimitError', async () => {
    const proxy = await startProxy(server.origin, { times: 1, answer: 429, headers: { 'retry-after': '0' } });
    try {
      const error = await client({ base_url: `${proxy.origin}/v1`, max_retries: 0 }).order.list().catch((e: unknown) => e);
      assert.ok(error instanceof BootpayCommerceRateLimitError);
      assert.equal(error.headers['retry-after'], '0');
    } finally {
      await proxy.close();
    }
  });

  test('a dropped connection is retried for a GET', async () => {
    await withFlakyProxy({ times: 1, answer: 'drop' }, async (commerce, proxy) => {
      const result = await commerce.order.list({ limit: 2 });
      assert.equal(result.list.length, 2);
      assert.equal(proxy.requests.length, 2);
    });
  });

  test('a POST without an idempotency key is sent once, even on 503', async () => {
    await withFlakyProxy({ times: 2, answer: 503, headers: { 'retry-after': '0' } }, async (commerce, proxy) => {
      const credentials = { client_key: server.clientKey, secret_key: server.secretKey };
      const error = await commerce.rawRequest('POST', 'request/token', credentials).catch((e: unknown) => e);
      assert.ok(error instanceof BootpayCommerceApiError);
      assert.equal(error.status, 503);
      assert.equal(proxy.requests.length, 1);
    });
  });

  test('a POST with an idempotency key is retried and carries the key each time', async () => {
    await withFlakyProxy({ times: 2, answer: 503, headers: { 'retry-after': '0' } }, async (commerce, proxy) => {
      const credentials = { client_key: server.clientKey, secret_key: server.secretKey };
      const token = await commerce.rawRequest<AccessToken>('POST', 'request/token', credentials, { idempotency_key: 'token-1' });
      assert.equal(typeof token.access_token, 'string');
      assert.deepEqual(proxy.requests.map((r) => r.headers['idempotency-key']), ['token-1', 'token-1', 'token-1']);
    });
  });

  test('getAccessToken is retried: issuing a token twice is harmless', async () => {
    await withFlakyProxy({ times: 1, answer: 503, headers: { 'retry-after': '0' } }, async (commerce, proxy) => {
      const token = await commerce.getAccessToken();
      assert.ok(token.access_token);
      assert.equal(proxy.requests.length, 2);
    });
  });
});

test('rawRequest GET sends params as the query string', async () => {
  const viaRaw = await client().rawRequest<OrderList>('GET', 'orders', { limit: 2, status: [2] });
  assert.deepEqual(viaRaw, await client().order.list({ limit: 2, status: [2] }));
});
