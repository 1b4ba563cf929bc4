import { rawRequest, type RawResponse } from './raw-http.js';

/** A small deterministic PRNG (mulberry32), so a failing request can be replayed from its seed. */
export function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export interface FuzzContext {
  /** A valid Authorization header of the project, and one of another. */
  authorization: string;
  orderIds: string[];
}

const PARAMETERS = [
  'user_id', 'user_group_id', 'order_subscription_ids', 'subscription_billing_type', 'keyword', 'cs_type', 'css_at', 'cse_at',
  'search_date_from', 'search_date_to', 'status', 'payment_status', 'page', 'limit', 'order_type', 'created_before',
  'payment_failed', 'search_date', 'secret_key',
  's_at', 'e_at', 'order_id', 'order_number', 'request_type',
];

const NASTY_VALUES = [
  '', '0', '-1', '1.5', '1e309', '99999999999999999999999', 'NaN', 'null', 'true', '[]', '{}', '%00', '%', '%E0%A4%A', '%FF%FE',
  '%ED%A0%80', '2025-02-30', '2025-13-01', '0000-00-00', '2025-01-01T00:00:00', 'p_at', 'c_at', 'x_at', '1,2,,3', ',,,',
  '%27%20or%201%3D1--', '%25%5F', '%F0%9F%98%80', encodeURIComponent('홍길동'), 'a'.repeat(300), '1'.repeat(5000), '%0D%0A',
  '%22%3E%3Cscript%3E', '..%2F..%2Fetc', '%u0000',
];

const AUTHORIZATIONS = (valid: string) => [
  undefined, valid, valid, valid, 'Basic', 'Basic ', 'Basic !!!', `Basic ${Buffer.from('ab\0c:xyz').toString('base64')}`,
  `Basic ${Buffer.from(':').toString('base64')}`, `Basic ${'A'.repeat(5000)}`, 'Bearer', 'Bearer a.b.c', 'Bearer ....',
  `Bearer ${'x'.repeat(2000)}`, 'Digest x', 'basic', valid.toLowerCase(), `${valid}\t`,
];

const CONTENT_TYPES = [undefined, 'application/json', 'application/json', 'text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x', 'application/json; charset=euc-kr', ''];

function bodies(rand: () => number): string[] {
  const deep = (n: number) => '['.repeat(n) + ']'.repeat(n);
  const anyJson = (depth: number): unknown => {
    const kind = Math.floor(rand() * 8);
    if (depth > 3 || kind < 3) return [null, true, 0, -1, 1e308, 'x', '\u0000', '\ud800', '가나다', 'a'.repeat(500)][Math.floor(rand() * 10)];
    if (kind < 5) return Array.from({ length: Math.floor(rand() * 4) }, () => anyJson(depth + 1));
    const object: Record<string, unknown> = {};
    const names = ['order_name', 'price', 'tax_free_price', 'order_type', 'user', 'products', 'reason', 'message', 'receipt_id', 'client_key', 'secret_key', '__proto__', 'constructor', 'x'];
    for (let i = 0; i < 1 + Math.floor(rand() * 5); i++) object[names[Math.floor(rand() * names.length)]!] = anyJson(depth + 1);
    return object;
  };
  return [
    '', 'null', '{}', '[]', '{', '{"a":', '"text"', '123', deep(5_000), deep(40), `{"order_name":${deep(100)}}`,
    JSON.stringify(anyJson(0)), JSON.stringify(anyJson(0)), JSON.stringify(anyJson(0)),
    JSON.stringify({ order_name: 'x', price: 1, order_type: 'direct', products: [{ product_id: 'p', name: 'n', quantity: 1, price: 1 }] }),
    '{"__proto__":{"polluted":true}}', Buffer.from([0xff, 0xfe, 0x00, 0x41]).toString('latin1'),
  ];
}

function pick<T>(rand: () => number, items: readonly T[]): T {
  return items[Math.floor(rand() * items.length)]!;
}

function queryString(rand: () => number): string {
  const parts: string[] = [];
  for (let i = 0; i < Math.floor(rand() * 5); i++) {
    let name = pick(rand, PARAMETERS);
    const form = rand();
    if (form < 0.15) name += '[]';
    else if (form < 0.25) name += `[${Math.floor(rand() * 3)}]`;
    else if (form < 0.3) name += '[';
    parts.push(rand() < 0.05 ? name : `${name}=${pick(rand, NASTY_VALUES)}`);
  }
  if (rand() < 0.05) parts.push('&&&=&=');
  return parts.length > 0 ? `?${parts.join('&')}` : '';
}

function path(rand: () => number, context: FuzzContext): string {
  const id = rand() < 0.6 ? pick(rand, context.orderIds) : pick(rand, ['x', '%00', '%E0%A4%A', 'a'.repeat(101), '..', '%2F', encodeURIComponent('주문')]);
  const action = pick(rand, ['payment/start', 'payment/complete', 'payment/fail', 'cancel/request', 'cancel/approve', 'cancel/reject', 'cancel', 'nope']);
  return pick(rand, [
    '/v1/orders', '/v1/orders', '/v1/orders/month', '/v1/orders/summary', '/v1/orders/export', `/v1/orders/${id}`,
    `/v1/orders/${id}/${action}`, '/v1/request/token', '/healthz', '/livez', '/readyz', '/v1', '/', '/v1/orders/', '//v1/orders',
    '/console', '/console/nope.js', '/v1/orders/%', '*',
    '/v1/order_subscriptions', `/v1/order_subscriptions/${id}`,
  ]);
}

/** One request as raw bytes: any method, path, query, headers and body, sometimes a broken request line. */
export function fuzzRequest(rand: () => number, context: FuzzContext): string {
  const method = pick(rand, ['GET', 'GET', 'GET', 'POST', 'POST', 'PUT', 'DELETE', 'PATCH', 'HEAD', 'OPTIONS', 'BREW']);
  let target = path(rand, context) + queryString(rand);
  const breakage = rand();
  if (breakage < 0.03) target += ' extra';
  else if (breakage < 0.06) target = target.replace('orders', 'or\u0000ders');
  else if (breakage < 0.09) target += '홍길동';
  const headers: string[] = ['Host: 127.0.0.1', 'Connection: close'];
  const authorization = pick(rand, AUTHORIZATIONS(context.authorization));
  if (authorization !== undefined) headers.push(`Authorization: ${authorization}`);
  const contentType = pick(rand, CONTENT_TYPES);
  if (contentType !== undefined) headers.push(`Content-Type: ${contentType}`);
  if (rand() < 0.05) headers.push(`X-Big: ${'b'.repeat(17_000)}`);
  if (rand() < 0.05) headers.push('Idempotency-Key: ' + pick(rand, ['', 'k', 'x'.repeat(300), '%00']));
  const body = method === 'GET' && rand() < 0.8 ? '' : pick(rand, bodies(rand));
  const bytes = Buffer.from(body, body.startsWith('\u00ff') ? 'latin1' : 'utf8');
  const chunked = rand() < 0.03;
  // A complete request either way: the fuzz is about content, and an unfinished body is only waited for.
  if (chunked) {
    headers.push('Transfer-Encoding: chunked');
    if (rand() < 0.3) headers.push(`Content-Length: ${bytes.length}`); // both at once: refused by the parser
  } else if (body !== '' || rand() < 0.5) {
    headers.push(`Content-Length: ${bytes.length}`);
  }
  const payload = chunked ? `${body === '' ? '' : `${bytes.length.toString(16)}\r\n${body}\r\n`}0\r\n\r\n` : body;
  return `${method} ${target} HTTP/1.1\r\n${headers.join('\r\n')}\r\n\r\n${payload}`;
}

export interface FuzzFailure {
  request: string;
  reason: string;
  response?: Pick<RawResponse, 'status' | 'body'>;
}

const ENVELOPE = ['code', 'data', 'message', 'status'];

/** Why a response breaks the rules (5xx, an error outside the envelope, a hang), or null. */
export function judge(request: string, response: RawResponse & { closedByServer: boolean }, ms: number): string | null {
  if (!response.closedByServer || ms > 5_000) return `no answer within 5 s (${ms} ms)`;
  if (!response.status) return 'no HTTP response';
  if (response.status >= 500) return `HTTP ${response.status}`;
  if (response.status >= 400 && !request.startsWith('HEAD ')) {
    const json = response.json;
    if (!json || typeof json !== 'object') return 'an error body that is not JSON';
    if (JSON.stringify(Object.keys(json).sort()) !== JSON.stringify(ENVELOPE)) return 'an error outside the envelope';
    if (json.status !== response.status) return `envelope status ${json.status} on HTTP ${response.status}`;
  }
  return null;
}

/** Sends `count` requests made from `seed`, `concurrency` at a time; returns every broken rule. */
export async function fuzz(port: number, context: FuzzContext, seed: number, count: number, concurrency = 8): Promise<FuzzFailure[]> {
  const rand = random(seed);
  const requests = Array.from({ length: count }, () => fuzzRequest(rand, context));
  const failures: FuzzFailure[] = [];
  let next = 0;
  const worker = async () => {
    while (next < requests.length) {
      const request = requests[next++]!;
      const started = Date.now();
      const response = await rawRequest(port, Buffer.from(request, request.includes('\u00ff') ? 'latin1' : 'utf8'), { timeoutMs: 6_000 }).catch(
        (error: Error) => ({ status: 0, headers: {}, body: error.message, json: undefined, closedByServer: true }),
      );
      const reason = judge(request, response, Date.now() - started);
      if (reason) failures.push({ request: request.slice(0, 300), reason, response: { status: response.status, body: response.body.slice(0, 300) } });
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  return failures;
}
