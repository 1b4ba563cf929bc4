import { request } from 'node:http';
import autocannon from 'autocannon';

export interface HttpTarget {
  baseUrl: string;
  authorization: string;
}

export interface HttpResult {
  /** `count` of the response, read once before the load. */
  count: number;
  /** Items on the page of that response. */
  listed: number;
  p50Ms: number;
  p99Ms: number;
  requestsPerSecond: number;
  requests: number;
}

/** The headers Bootpay's official SDK sends on every call (Content-Type even on a GET). */
function headers(target: HttpTarget): Record<string, string> {
  return { authorization: target.authorization, 'content-type': 'application/json', accept: 'application/json' };
}

/**
 * One GET on a connection of its own: the bench pauses for long stretches (raw SQL timing), longer
 * than the server keeps an idle connection, and a reused one could be closed under the request.
 */
export function get(url: string, headers: Record<string, string> = {}): Promise<{ status: number; text: string }> {
  return new Promise((done, fail) => {
    const req = request(url, { method: 'GET', headers, agent: false }, (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('end', () => done({ status: response.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8') }));
      response.on('error', fail);
    });
    req.on('error', fail);
    req.end();
  });
}

/**
 * Waits until the server has worked off what the load left queued (slow queries keep running
 * after the clients are gone): three health checks in a row answered 200 within 20 ms.
 */
export async function waitUntilIdle(baseUrl: string, timeoutMs = 300_000): Promise<void> {
  const started = performance.now();
  let quick = 0;
  while (quick < 3) {
    if (performance.now() - started > timeoutMs) throw new Error(`the server stayed busy for ${timeoutMs / 1000} s after the load`);
    const t = performance.now();
    // A 503 is a busy server too: /healthz needs a database connection, and the pool may be
    // taken by the slow queries still running.
    const { status } = await get(`${baseUrl}/healthz`);
    quick = status === 200 && performance.now() - t < 20 ? quick + 1 : 0;
    if (quick === 0) await new Promise((r) => setTimeout(r, 50));
  }
}

/** One request, checked: HTTP 200 and a body with a `count` (and a `list`, for the list); fails loudly otherwise. */
export async function fetchOnce(target: HttpTarget, path: string): Promise<{ count: number; listed: number }> {
  const { status, text } = await get(target.baseUrl + path, headers(target));
  if (status !== 200) throw new Error(`GET ${path} answered ${status}: ${text.slice(0, 500)}`);
  const body = JSON.parse(text) as { count?: unknown; list?: unknown };
  const isList = !path.startsWith('/v1/orders/summary');
  if (typeof body.count !== 'number' || (isList && !Array.isArray(body.list))) {
    throw new Error(`GET ${path} answered 200 without {count${isList ? ', list' : ''}}: ${text.slice(0, 500)}`);
  }
  return { count: body.count, listed: Array.isArray(body.list) ? body.list.length : 0 };
}

/** `connections` clients hammering one URL for `duration` seconds; every answer must be a 200. */
export async function loadUrl(
  target: HttpTarget,
  path: string,
  options: { connections: number; duration: number },
): Promise<HttpResult> {
  const first = await fetchOnce(target, path);
  // A few sequential requests warm the server's code paths and the database's caches.
  for (let i = 0; i < 3; i++) await fetchOnce(target, path);
  const run = (limit: { duration: number } | { amount: number }) =>
    autocannon({
      url: target.baseUrl + path,
      method: 'GET',
      headers: headers(target),
      connections: options.connections,
      timeout: 120,
      ...limit,
    });
  let result = await run({ duration: options.duration });
  if (result.requests.total < options.connections) {
    // Slower than the window: too few answers for a percentile. Measure one round instead, a
    // request per connection all at once, however long it takes.
    await waitUntilIdle(target.baseUrl);
    console.error(`  (${result.requests.total} answers within ${options.duration} s; measuring one round of ${options.connections} concurrent requests instead)`);
    result = await run({ amount: options.connections });
  }
  const statuses = Object.entries(result.statusCodeStats).map(([code, { count }]) => `${code}×${count}`).join(', ');
  const only200 = Object.keys(result.statusCodeStats).every((code) => code === '200');
  if (!only200 || result.non2xx > 0 || result.errors > 0 || result.timeouts > 0 || result['2xx'] !== result.requests.total) {
    throw new Error(
      `GET ${path}: not every response was a 200 (statuses ${statuses || 'none'}; ` +
        `${result.errors} errors, ${result.timeouts} timeouts, ${result.requests.total} requests)`,
    );
  }
  await waitUntilIdle(target.baseUrl);
  if (result.requests.total === 0) throw new Error(`GET ${path}: no request completed in ${options.duration} s`);
  return {
    ...first,
    p50Ms: result.latency.p50,
    p99Ms: result.latency.p99,
    requestsPerSecond: result.requests.total / result.duration,
    requests: result.requests.total,
  };
}
