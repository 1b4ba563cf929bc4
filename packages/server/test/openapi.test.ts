import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { Validator } from '@seriousme/openapi-schema-validator';
import { closed, openApiAjv } from './support/openapi-schemas.js';
import { basicAuth, requestJson, startTestServer, type TestServer } from './support/test-server.js';

type Json = Record<string, any>;

/** The operations the README's API table lists: what the document must describe. */
const OPERATIONS = [
  'get /healthz', 'get /livez', 'get /readyz', 'post /v1/request/token',
  'get /v1/orders', 'post /v1/orders', 'get /v1/orders/month', 'get /v1/orders/summary', 'get /v1/orders/export',
  'get /v1/orders/{order_id}',
  'get /v1/order_subscriptions', 'get /v1/order_subscriptions/{order_subscription_id}',
  ...['payment/start', 'payment/complete', 'payment/fail', 'cancel/request', 'cancel/approve', 'cancel/reject', 'cancel']
    .map((action) => `post /v1/orders/{order_id}/${action}`),
  'post /v1/console/session', 'get /v1/console/session', 'delete /v1/console/session', 'post /v1/console/set-password',
  'get /v1/operators', 'post /v1/operators', 'post /v1/operators/{operator_id}/disable', 'post /v1/operators/{operator_id}/reset-password',
  'get /v1/audit-log',
  'get /v1/saved-views', 'post /v1/saved-views', 'post /v1/saved-views/{view_id}/share', 'delete /v1/saved-views/{view_id}',
  'get /v1/webhooks', 'post /v1/webhooks', 'get /v1/webhooks/{webhook_id}', 'post /v1/webhooks/{webhook_id}/disable',
  'post /v1/webhooks/{webhook_id}/enable', 'post /v1/webhooks/{webhook_id}/rotate-secret', 'get /v1/webhooks/{webhook_id}/deliveries',
  'post /v1/webhooks/deliveries/{delivery_id}/redeliver', 'post /v1/webhook/test',
  'get /v1/order/cancel', 'post /v1/order/cancel',
  ...['approve', 'reject', 'withdraw'].map((step) => `put /v1/order/cancel/{order_cancellation_request_id}/${step}`),
].sort();

const SEED_FIELDS = [
  'order_id', 'order_name', 'price', 'status', 'receipt_status', 'order_number', 'purchased_at', 'created_at', 'username', 'user_email',
];

interface Example {
  where: string;
  schema: object;
  value: unknown;
}

/** Every documented example with the schema it illustrates, found anywhere in the document. */
function examplesOf(node: unknown, where = '#'): Example[] {
  if (node === null || typeof node !== 'object') return [];
  const found: Example[] = [];
  const object = node as Json;
  // Parameters and media types: {schema, example} or {schema, examples: {name: {value}}}.
  if (object.schema && 'example' in object) found.push({ where: `${where}/example`, schema: object.schema, value: object.example });
  if (object.schema && object.examples && !Array.isArray(object.examples)) {
    for (const [name, example] of Object.entries(object.examples as Record<string, { value: unknown }>)) {
      found.push({ where: `${where}/examples/${name}`, schema: object.schema, value: example.value });
    }
  }
  // Schemas: {…, examples: [values]}.
  if (Array.isArray(object.examples) && (object.type || object.properties || object.enum)) {
    const { examples, ...schema } = object;
    for (const [i, value] of (examples as unknown[]).entries()) found.push({ where: `${where}/examples/${i}`, schema, value });
  }
  for (const [key, child] of Object.entries(object)) {
    if (key !== 'examples' && key !== 'example') found.push(...examplesOf(child, `${where}/${key}`));
  }
  return found;
}

describe('GET /openapi.json', () => {
  let server: TestServer;
  let document: Json;

  before(async () => {
    server = await startTestServer('sqlite');
    const response = await requestJson(server.baseUrl, '/openapi.json');
    assert.equal(response.status, 200);
    assert.match(response.headers.get('content-type') ?? '', /^application\/json/);
    document = response.body;
  });
  after(async () => server?.close());

  test('is a valid OpenAPI 3.1 document', async () => {
    const validator = new Validator();
    const result = await validator.validate(document);
    assert.equal(validator.version, '3.1');
    assert.ok(result.valid, JSON.stringify(result.errors, null, 2));
    assert.equal(document.openapi, '3.1.0');
  });

  test('describes every operation of the API, and no other', () => {
    const operations = Object.entries(document.paths as Json).flatMap(([path, item]) =>
      Object.keys(item).map((method) => `${method} ${path}`),
    );
    assert.deepEqual(operations.sort(), OPERATIONS);
  });

  test('offers Basic, Bearer and the console\'s session cookie; the health check, the token exchange and sign-in need none', () => {
    const schemes = document.components.securitySchemes;
    assert.deepEqual(schemes, {
      basicAuth: { type: 'http', scheme: 'basic', description: schemes.basicAuth.description },
      bearerAuth: { type: 'http', scheme: 'bearer', description: schemes.bearerAuth.description },
      cookieAuth: { type: 'apiKey', in: 'cookie', name: 'jumun_session', description: schemes.cookieAuth.description },
    });
    assert.deepEqual(document.security, [{ basicAuth: [] }, { bearerAuth: [] }, { cookieAuth: [] }]);
    for (const probe of ['/healthz', '/livez', '/readyz']) assert.deepEqual(document.paths[probe].get.security, []);
    assert.deepEqual(document.paths['/v1/request/token'].post.security, [{ basicAuth: [] }, {}]);
    assert.deepEqual(document.paths['/v1/console/session'].post.security, []);
    assert.deepEqual(document.paths['/v1/console/set-password'].post.security, []);
    for (const path of ['/v1/operators', '/v1/audit-log']) assert.deepEqual(document.paths[path].get.security, [{ cookieAuth: [] }]);
  });

  test('every error response is the {status, code, message, data} envelope with the catalogue codes', () => {
    let errors = 0;
    for (const [path, item] of Object.entries(document.paths as Json)) {
      for (const [method, operation] of Object.entries(item as Json)) {
        const statuses = Object.keys(operation.responses);
        assert.ok(statuses.some((s) => s.startsWith('2')), `${method} ${path} documents its success`);
        const probe = ['/healthz', '/livez', '/readyz'].includes(path);
        if (!probe) assert.ok(statuses.includes('401') || path === '/v1/request/token', `${method} ${path} documents 401`);
        for (const status of statuses.filter((s) => !s.startsWith('2') && !probe)) {
          const schema = operation.responses[status].content['application/json'].schema;
          assert.deepEqual(schema.required, ['status', 'code', 'message', 'data'], `${method} ${path} ${status}`);
          assert.ok(schema.properties.code.enum.includes(1700) && schema.properties.code.enum.includes(1100));
          errors++;
        }
      }
    }
    assert.ok(errors >= 50, `${errors} error responses`);
  });

  test('lists the query parameters of the list, with the jumun extensions and the paging cursor', () => {
    const parameters = (document.paths['/v1/orders'].get.parameters as Json[]).map((p) => `${p.in}:${p.name}`);
    for (const name of [
      'user_id', 'user_group_id', 'order_subscription_ids', 'subscription_billing_type', 'keyword', 'cs_type', 'css_at', 'cse_at',
      'search_date_from', 'search_date_to', 'status', 'payment_status', 'page', 'limit', 'order_type', 'created_before',
      'payment_failed', 'cursor',
    ]) {
      assert.ok(parameters.includes(`query:${name}`), `GET /v1/orders documents ${name}`);
    }
    const summary = (document.paths['/v1/orders/summary'].get.parameters as Json[]).map((p) => p.name);
    assert.ok(summary.includes('status') && !summary.includes('page') && !summary.includes('cursor'));
    const list = document.paths['/v1/orders'].get.responses['200'].content['application/json'].schema;
    assert.deepEqual(list.properties.next_cursor.type, ['string', 'null']);
    assert.ok(!list.required.includes('next_cursor'));
    const csv = document.paths['/v1/orders/export'].get.responses['200'].content;
    assert.deepEqual(Object.keys(csv), ['text/csv; charset=utf-8']);
  });

  test('lists the parameters of the contract list under the SDK names, its status as a contract status', () => {
    const operation = document.paths['/v1/order_subscriptions'].get;
    const parameters = (operation.parameters as Json[]).map((p) => p.name).sort();
    assert.deepEqual(parameters, [
      'e_at', 'keyword', 'limit', 'order_id', 'order_number', 'page', 's_at', 'search_date_from', 'search_date_to', 'status',
      'subscription_billing_type', 'user_group_id', 'user_id',
    ]);
    const status = (operation.parameters as Json[]).find((p) => p.name === 'status')!;
    assert.equal(status.schema.items.title, 'SubscriptionStatus');
    const detail = document.paths['/v1/order_subscriptions/{order_subscription_id}'].get;
    const missing = detail.responses['404'].content['application/json'];
    assert.deepEqual(missing.examples ? Object.values(missing.examples).map((e: any) => e.value) : [missing.example], [
      { status: 404, code: 3720, message: '구독 계약을 찾지 못했습니다.', data: null },
    ]);
  });

  test('every documented example matches its schema, with no undeclared field', () => {
    const examples = examplesOf(document);
    const ajv = openApiAjv();
    // Every error response repeats one envelope schema: compiled once (over 5 s otherwise, past the
    // server's keep-alive timeout, so the next test's first request met a closed connection).
    const compiled = new Map<string, ReturnType<typeof ajv.compile>>();
    for (const { where, schema, value } of examples) {
      const text = JSON.stringify(closed(schema));
      const validate = compiled.get(text) ?? ajv.compile(JSON.parse(text) as object);
      compiled.set(text, validate);
      assert.ok(validate(value), `${where}: ${ajv.errorsText(validate.errors)}\n${JSON.stringify(value)}`);
    }
    assert.ok(examples.length >= 40, `${examples.length} examples`);
    // The check can fail: a price sent as a string is refused.
    const listed = document.paths['/v1/orders'].get.responses['200'].content['application/json'];
    const wrong = structuredClone(listed.example);
    wrong.list[0].price = '29000';
    assert.equal(ajv.compile(closed(listed.schema) as object)(wrong), false);
  });

  test('the examples are the seed\'s, in Korean: the list item and the 401 error', () => {
    const listed = document.paths['/v1/orders'].get.responses['200'].content['application/json'].example;
    const item = listed.list[0];
    assert.deepEqual(Object.keys(item).slice(0, 10), SEED_FIELDS);
    assert.deepEqual(
      Object.fromEntries(SEED_FIELDS.map((f) => [f, item[f]])),
      {
        order_id: '68707c59b0eacea5cd974efd', order_name: '프리미엄 구독 1회차', price: 29000, status: 2, receipt_status: 1,
        order_number: '25071182085082524116', purchased_at: '2025-07-11T02:52:09Z', created_at: '2025-07-11T02:52:09Z',
        username: '홍길동', user_email: 'user@example.com',
      },
    );
    const unauthorized = document.paths['/v1/orders'].get.responses['401'].content['application/json'];
    assert.deepEqual(unauthorized.examples ? Object.values(unauthorized.examples).map((e: any) => e.value) : [unauthorized.example], [
      { status: 401, code: 1700, message: 'Access Token이 잘못되었거나 만료되었습니다.', data: null },
    ]);
  });

  test('the list schema keeps the seed\'s field order, which is the order on the wire', async () => {
    const schema = document.paths['/v1/orders'].get.responses['200'].content['application/json'].schema;
    assert.deepEqual(Object.keys(schema.properties.list.items.properties).slice(0, 10), SEED_FIELDS);
    const keys = await server.createKeys('openapi');
    // The tests above block the event loop for seconds (validating the whole document); the socket
    // left idle since `before` may be closed by the server's keep-alive timeout just as it is
    // reused (ECONNRESET). A throwaway probe takes that socket, so the write gets a fresh one.
    await requestJson(server.baseUrl, '/livez').catch(() => null);
    const created = await requestJson(server.baseUrl, '/v1/orders', {
      method: 'POST', authorization: basicAuth(keys),
      body: { order_name: '원두', price: 15000, order_type: 'direct', user: { user_id: 'u1' } },
    });
    assert.equal(created.status, 201);
    const wire = await fetch(`${server.baseUrl}/v1/orders`, { headers: { authorization: basicAuth(keys) } });
    const text = await wire.text();
    const positions = SEED_FIELDS.map((f) => text.indexOf(`"${f}":`));
    assert.deepEqual([...positions].sort((a, b) => a - b), positions, text);
  });
});
