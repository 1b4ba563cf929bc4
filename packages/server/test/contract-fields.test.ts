import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { seedDemoOrders } from './support/fixtures.js';
import { addOperator, signInRequest } from './support/operators.js';
import { closed, openApiAjv, responseSchema } from './support/openapi-schemas.js';
import { ACTION_BODIES, ACTION_PATHS, newOrderBody, type Action } from './support/order-writes.js';
import { TEST_DIALECTS } from './support/test-database.js';
import { createTestDatabase } from './support/test-database.js';
import { basicAuth, requestJson, startServerOn, type TestServer } from './support/test-server.js';

/**
 * Fastify serialises responses through their schema and silently drops any field the schema
 * lacks; the writes send bodies they serialised themselves, which no schema filters. So every
 * route's real payload, captured before serialisation (or as sent, when already a string), must
 * (1) carry exactly the fields of what reached the wire and (2) match the response schema of the
 * OpenAPI document with no undeclared property anywhere.
 */

/** Every path of keys in a JSON value: `list[].order_id`, `payment.method`; array items merged. */
export function keyPaths(value: unknown, prefix = ''): Set<string> {
  const paths = new Set<string>();
  const walk = (node: unknown, path: string) => {
    if (Array.isArray(node)) {
      for (const item of node) walk(item, `${path}[]`);
    } else if (node !== null && typeof node === 'object') {
      for (const [key, child] of Object.entries(node)) {
        const childPath = path === '' ? key : `${path}.${key}`;
        paths.add(childPath);
        walk(child, childPath);
      }
    }
  };
  walk(value, prefix);
  return paths;
}

test('keyPaths tells a dropped nested field apart (so the comparison below can fail)', () => {
  const full = { count: 1, list: [{ order_id: 'a', payment: { method: 'card' } }], next_cursor: null };
  const dropped = { count: 1, list: [{ order_id: 'a', payment: {} }] };
  assert.deepEqual([...keyPaths(full)].filter((p) => !keyPaths(dropped).has(p)), ['list[].payment.method', 'next_cursor']);
});

for (const dialect of TEST_DIALECTS) {
  describe(`every response field is in its schema (${dialect})`, () => {
    let server: TestServer;
    let authorization: string;
    let projectId: string;
    let document: Record<string, unknown>;
    const ajv = openApiAjv();
    /** Payloads by request id, as the handlers returned them, serialised without a schema. */
    const unfiltered = new Map<string, unknown>();
    const checked = new Set<string>();

    const capture = (app: FastifyInstance) => {
      app.addHook('preSerialization', async (request, _reply, payload) => {
        unfiltered.set(request.id, JSON.parse(JSON.stringify(payload)));
        return payload;
      });
    };

    before(async () => {
      server = await startServerOn(await createTestDatabase(dialect), { beforeRoutes: capture });
      const keys = await server.createKeys('contract-fields');
      authorization = basicAuth(keys);
      const project = (await server.storage.db.selectFrom('projects').select('project_id').executeTakeFirstOrThrow()).project_id;
      projectId = project;
      await seedDemoOrders(server.storage, project, 200);
      document = (await requestJson(server.baseUrl, '/openapi.json')).body;
    });
    after(async () => server?.close());

    /** A request whose wire body must have exactly the key paths of the handler's payload. */
    async function expectSameFields(label: string, path: string, init: Parameters<typeof requestJson>[2] = {}) {
      const requestId = `contract-${randomUUID()}`;
      const response = await requestJson(server.baseUrl, path, {
        authorization,
        ...init,
        headers: { 'x-request-id': requestId, ...init.headers },
      });
      const method = init.method ?? 'GET';
      // A write's service may answer with a body it serialised itself: then what was sent is the payload.
      if (method === 'GET') assert.ok(unfiltered.has(requestId), `${label}: the payload was captured before serialisation`);
      const payload = unfiltered.has(requestId) ? unfiltered.get(requestId) : response.body;
      const schema = responseSchema(document, path.split('?')[0]!, method, response.status);
      assert.ok(schema, `${label}: the document has a schema for ${method} ${path} ${response.status}`);
      const validate = ajv.compile(closed(schema) as object);
      assert.ok(validate(payload), `${label}: ${ajv.errorsText(validate.errors)}`);
      const sent = keyPaths(payload);
      const received = keyPaths(response.body);
      const dropped = [...sent].filter((p) => !received.has(p));
      const added = [...received].filter((p) => !sent.has(p));
      assert.deepEqual({ dropped, added }, { dropped: [], added: [] }, `${label} (HTTP ${response.status})`);
      checked.add(label);
      return response;
    }

    test('reads: list, month, detail, summary, token, healthz', async () => {
      const list = await expectSameFields('list', '/v1/orders?limit=50');
      assert.equal(list.status, 200);
      assert.equal(list.body.list.length, 50);
      const grouped = list.body.list.find((o: { user_group_id: string | null }) => o.user_group_id !== null);
      assert.ok(grouped, 'the demo data has a buyer group');
      const month = grouped.created_at.slice(0, 7);
      assert.equal((await expectSameFields('month', `/v1/orders/month?user_group_id=${grouped.user_group_id}&search_date=${month}`)).status, 200);
      const subscribed = (await requestJson(server.baseUrl, '/v1/orders?status=2&order_type=subscription&limit=1', { authorization })).body.list[0];
      assert.ok(subscribed, 'a paid subscription order exists');
      const detail = await expectSameFields('detail', `/v1/orders/${subscribed.order_id}`);
      assert.ok(detail.body.payment !== undefined && detail.body.subscription, 'the detail has a subscription');
      assert.ok(detail.body.result_data && detail.body.order_subscriptions && detail.body.user.name, "the detail has Bootpay's names");
      const contracts = await expectSameFields('subscriptions', '/v1/order_subscriptions?limit=50');
      assert.ok(contracts.body.list.length > 0, 'the demo data has contracts');
      const contract = await expectSameFields('subscription detail', `/v1/order_subscriptions/${subscribed.order_subscription_id}`);
      assert.ok(contract.body.orders.length > 0, 'the contract has billing orders');
      assert.equal((await expectSameFields('summary', '/v1/orders/summary?css_at=2025-06-01&cse_at=2025-07-31')).status, 200);
      assert.equal((await expectSameFields('token', '/v1/request/token', { method: 'POST' })).status, 200);
      assert.equal((await expectSameFields('healthz', '/healthz')).status, 200);
      assert.equal((await expectSameFields('livez', '/livez')).status, 200);
      assert.equal((await expectSameFields('readyz', '/readyz')).status, 200);
    });

    test('writes: create and every status action', async () => {
      const created = await expectSameFields('create', '/v1/orders', {
        method: 'POST',
        body: newOrderBody({ order_type: 'subscription', order_subscription_id: `sub_${randomUUID()}` }),
        headers: { 'idempotency-key': randomUUID() },
      });
      assert.equal(created.status, 201);
      const id = created.body.order_id as string;
      const act = async (action: Action) => {
        const response = await expectSameFields(action, `/v1/orders/${id}/${ACTION_PATHS[action]}`, {
          method: 'POST',
          body: ACTION_BODIES[action],
        });
        assert.equal(response.status, 200, `${action}: ${JSON.stringify(response.body)}`);
      };
      for (const action of ['payment.start', 'payment.fail', 'payment.complete', 'cancel.request', 'cancel.reject', 'cancel'] as const) {
        await act(action);
      }
      const second = (await requestJson(server.baseUrl, '/v1/orders', { method: 'POST', authorization, body: newOrderBody() })).body.order_id;
      for (const action of ['payment.complete', 'cancel.request', 'cancel.approve'] as const) {
        const response = await expectSameFields(action, `/v1/orders/${second}/${ACTION_PATHS[action]}`, { method: 'POST', body: ACTION_BODIES[action] });
        assert.equal(response.status, 200);
      }
    });

    test('cancellation requests: list, request, approve, reject, withdraw', async () => {
      const paidOrder = async () => {
        const id = (await requestJson(server.baseUrl, '/v1/orders', { method: 'POST', authorization, body: newOrderBody() })).body.order_id;
        await requestJson(server.baseUrl, `/v1/orders/${id}/payment/complete`, { method: 'POST', authorization, body: ACTION_BODIES['payment.complete'] });
        return (await requestJson(server.baseUrl, `/v1/orders/${id}`, { authorization })).body;
      };
      const request = async (label: string) => {
        const order = await paidOrder();
        const response = await expectSameFields(label, '/v1/order/cancel', {
          method: 'POST',
          body: { order_number: order.order_number, request_cancel_parameters: { cancel_reason: '변심', cancel_products: [{ product_id: 'bean_1', qty: 1 }] } },
        });
        assert.equal(response.status, 200, JSON.stringify(response.body));
        return response.body.order_cancellation_request_id as string;
      };
      const steps = [['approve', 'supervisor'], ['reject', 'supervisor'], ['withdraw', 'user']] as const;
      for (const [step, role] of steps) {
        const id = await request(step === 'approve' ? 'cancel create' : `cancel create for ${step}`);
        const response = await expectSameFields(`cancel ${step}`, `/v1/order/cancel/${id}/${step}`, {
          method: 'PUT', body: step === 'withdraw' ? {} : { message: '처리' }, headers: { 'bootpay-role': role },
        });
        assert.equal(response.status, 200, JSON.stringify(response.body));
      }
      checked.delete('cancel create for reject');
      checked.delete('cancel create for withdraw');
      assert.equal((await expectSameFields('cancel list', '/v1/order/cancel?limit=50')).status, 200);
    });

    test('errors: 400, 401, 404, 409', async () => {
      assert.equal((await expectSameFields('400 query', '/v1/orders?css_at=2025-02-30')).status, 400);
      assert.equal((await expectSameFields('400 body', '/v1/orders', { method: 'POST', body: newOrderBody({ price: '33000' }) })).status, 400);
      assert.equal((await expectSameFields('401', '/v1/orders', { authorization: 'Basic eDp5' })).status, 401);
      assert.equal((await expectSameFields('404', '/v1/orders/000000000000000000000000')).status, 404);
      assert.equal((await expectSameFields('404 subscription', '/v1/order_subscriptions/sub_none')).status, 404);
      assert.equal((await expectSameFields('400 subscriptions', '/v1/order_subscriptions?status=9')).status, 400);
      const paid = (await requestJson(server.baseUrl, '/v1/orders?status=2&limit=1', { authorization })).body.list[0].order_id;
      assert.equal((await expectSameFields('409', `/v1/orders/${paid}/payment/start`, { method: 'POST' })).status, 409);
    });

    test('staff: sign-in, session, operators, set-password, audit log, sign-out and their refusals', async () => {
      const admin = await addOperator(server.storage, projectId, 'admin');
      const viewer = await addOperator(server.storage, projectId, 'viewer');
      const signInBody = { email: admin.email, password: admin.password };
      const signedIn = await expectSameFields('sign-in', '/v1/console/session', { method: 'POST', authorization: '', body: signInBody });
      assert.equal(signedIn.status, 200);
      const cookie = (signedIn.headers.get('set-cookie') ?? '').split(';')[0]!;
      const asAdmin = (method = 'GET') => ({
        method, authorization: '', headers: { cookie, ...(method === 'GET' ? {} : { 'x-csrf-token': signedIn.body.csrf_token, origin: server.baseUrl }) },
      });
      assert.equal((await expectSameFields('session', '/v1/console/session', asAdmin())).status, 200);
      const created = await expectSameFields('new operator', '/v1/operators', { ...asAdmin('POST'), body: { email: 'fields@example.com', name: '필드', role: 'agent' } });
      assert.equal(created.status, 201);
      const id = created.body.operator.operator_id;
      assert.equal((await expectSameFields('operators', '/v1/operators', asAdmin())).status, 200);
      const reset = await expectSameFields('reset-password', `/v1/operators/${id}/reset-password`, asAdmin('POST'));
      assert.equal(reset.status, 200);
      const token = new URL(reset.body.set_password_url).searchParams.get('token');
      const set = await expectSameFields('set-password', '/v1/console/set-password', { method: 'POST', authorization: '', body: { token, password: '열두 글자가 넘는 비밀번호' } });
      assert.equal(set.status, 200);
      assert.equal((await expectSameFields('disable', `/v1/operators/${id}/disable`, asAdmin('POST'))).status, 200);
      assert.equal((await expectSameFields('audit log', '/v1/audit-log', asAdmin())).status, 200);
      const wrong = await expectSameFields('401 sign-in', '/v1/console/session', { method: 'POST', authorization: '', body: { ...signInBody, password: 'not the password' } });
      assert.equal(wrong.status, 401);
      const noCsrf = await expectSameFields('403 csrf', `/v1/operators/${id}/disable`, { method: 'POST', authorization: '', headers: { cookie } });
      assert.equal(noCsrf.status, 403);
      const viewerCookie = (await signInRequest(server.baseUrl, viewer.email, viewer.password)).headers.get('set-cookie')!.split(';')[0]!;
      const forbidden = await expectSameFields('403 role', '/v1/operators', { authorization: '', headers: { cookie: viewerCookie } });
      assert.equal(forbidden.status, 403);
      const view = await expectSameFields('save view', '/v1/saved-views', { ...asAdmin('POST'), body: { name: '취소 요청', query: 'status=3', shared: true } });
      assert.equal(view.status, 201);
      assert.equal((await expectSameFields('saved views', '/v1/saved-views', asAdmin())).status, 200);
      assert.equal((await expectSameFields('share view', `/v1/saved-views/${view.body.view_id}/share`, { ...asAdmin('POST'), body: { shared: false } })).status, 200);
      assert.equal((await expectSameFields('delete view', `/v1/saved-views/${view.body.view_id}`, asAdmin('DELETE'))).status, 200);
      assert.equal((await expectSameFields('sign-out', '/v1/console/session', asAdmin('DELETE'))).status, 200);
    });

    test('webhooks: every route', async () => {
      const made = await expectSameFields('webhook create', '/v1/webhooks', {
        method: 'POST',
        body: { url: 'https://example.com/hooks/jumun', events: ['order.paid'], description: '동기화' },
      });
      assert.equal(made.status, 201);
      const id = made.body.webhook_id as string;
      assert.equal((await expectSameFields('webhook list', '/v1/webhooks')).status, 200);
      assert.equal((await expectSameFields('webhook get', `/v1/webhooks/${id}`)).status, 200);
      assert.equal((await expectSameFields('webhook rotate-secret', `/v1/webhooks/${id}/rotate-secret`, { method: 'POST' })).status, 200);
      const sent = await expectSameFields('webhook test', '/v1/webhook/test', { method: 'POST', body: { header_content_type: 1 } });
      assert.equal(sent.status, 200);
      const deliveries = await expectSameFields('webhook deliveries', `/v1/webhooks/${id}/deliveries`);
      assert.equal(deliveries.body.list.length, 1);
      const redelivered = await expectSameFields('webhook redeliver', `/v1/webhooks/deliveries/${sent.body.deliveries[0].delivery_id}/redeliver`, { method: 'POST' });
      assert.equal(redelivered.status, 200);
      assert.equal((await expectSameFields('webhook disable', `/v1/webhooks/${id}/disable`, { method: 'POST' })).status, 200);
      assert.equal((await expectSameFields('webhook 409', '/v1/webhook/test', { method: 'POST' })).status, 409);
      assert.equal((await expectSameFields('webhook enable', `/v1/webhooks/${id}/enable`, { method: 'POST' })).status, 200);
      assert.equal((await expectSameFields('webhook 404', '/v1/webhooks/wh_missing/disable', { method: 'POST' })).status, 404);
      assert.equal((await expectSameFields('webhook 400', '/v1/webhooks', { method: 'POST', body: { url: 'http://10.0.0.1/x' } })).status, 400);
      await requestJson(server.baseUrl, `/v1/webhooks/${id}/disable`, { method: 'POST', authorization });
    });

    test('every route with a JSON response was checked', () => {
      assert.deepEqual([...checked].sort(), [
        '400 body', '400 query', '400 subscriptions', '401', '401 sign-in', '403 csrf', '403 role', '404',
        '404 subscription', '409', 'audit log', 'cancel', 'cancel approve', 'cancel create', 'cancel list',
        'cancel reject', 'cancel withdraw', 'cancel.approve', 'cancel.reject', 'cancel.request', 'create',
        'delete view', 'detail', 'disable', 'healthz', 'list', 'livez', 'month', 'new operator', 'operators',
        'payment.complete', 'payment.fail', 'payment.start', 'readyz', 'reset-password', 'save view', 'saved views',
        'session', 'set-password', 'share view', 'sign-in', 'sign-out', 'subscription detail', 'subscriptions',
        'summary', 'token', 'webhook 400', 'webhook 404', 'webhook 409', 'webhook create', 'webhook deliveries',
        'webhook disable', 'webhook enable', 'webhook get', 'webhook list', 'webhook redeliver',
        'webhook rotate-secret', 'webhook test',
      ]);
    });
  });
}
