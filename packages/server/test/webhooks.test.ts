import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { WebhookSettings } from '../src/config.js';
import { purgeFinishedDeliveries } from '../src/storage/webhook-repository.js';
import { ACTION_BODIES, OrdersApi, type Action } from './support/order-writes.js';
import { createTestDatabase, TEST_DIALECTS, type TestDialect } from './support/test-database.js';
import { basicAuth, requestJson, startServerOn, type TestServer } from './support/test-server.js';
import { documentedVerifier, EVENT_OF, WebhookReceiver } from './support/webhook-receiver.js';

/** Fast schedules: the production code with delays of milliseconds. */
const FAST: Partial<WebhookSettings> = { targets: 'any', pollMs: 50, retryBaseMs: 100, retryMaxMs: 400, leaseMs: 5_000, timeoutMs: 8_000 };

async function serverWith(dialect: TestDialect, webhooks: Partial<WebhookSettings>): Promise<TestServer> {
  return startServerOn(await createTestDatabase(dialect), { limits: { webhooks: { ...FAST, ...webhooks } } });
}


/** The order ids and, per order, the event types of the changes made: the oracle of what must arrive. */
type Changes = Map<string, string[]>;

async function makeChanges(orders: OrdersApi, paths: Action[][]): Promise<{ changes: Changes; states: Map<string, unknown[]> }> {
  const changes: Changes = new Map();
  const states = new Map<string, unknown[]>();
  for (const path of paths) {
    const created = await orders.create();
    assert.equal(created.status, 201);
    const id = created.body.order_id as string;
    changes.set(id, [EVENT_OF.create]);
    states.set(id, [created.body]);
    for (const action of path) {
      const response = await orders.act(id, action, ACTION_BODIES[action]);
      assert.equal(response.status, 200, `${action}: ${JSON.stringify(response.body)}`);
      changes.get(id)!.push(EVENT_OF[action]);
      states.get(id)!.push(response.body);
    }
  }
  return { changes, states };
}

/** Per order, the event types of the deliveries the receiver accepted, first acceptance of each event first. */
function acceptedPerOrder(receiver: WebhookReceiver): Changes {
  const seen = new Set<string>();
  const perOrder: Changes = new Map();
  for (const hit of receiver.accepted) {
    if (seen.has(hit.json.event_id) || hit.json.order === null) continue;
    seen.add(hit.json.event_id);
    const id = hit.json.order.order_id as string;
    perOrder.set(id, [...(perOrder.get(id) ?? []), hit.json.event_type]);
  }
  return perOrder;
}

const sortedEntries = (map: Changes) => [...map.entries()].sort(([a], [b]) => a.localeCompare(b));

const EVERY_PATH: Action[][] = [
  ['payment.start', 'payment.fail', 'payment.start', 'payment.complete', 'cancel.request', 'cancel.reject', 'cancel.request', 'cancel.approve'],
  ['payment.complete', 'cancel'],
];

for (const dialect of TEST_DIALECTS) {
  describe(`webhooks (${dialect})`, () => {
    let server: TestServer;
    let receiver: WebhookReceiver;
    let authorization: string;
    let orders: OrdersApi;
    let verify: Awaited<ReturnType<typeof documentedVerifier>>;

    before(async () => {
      receiver = new WebhookReceiver();
      await receiver.start();
      server = await serverWith(dialect, {});
      authorization = basicAuth(await server.createKeys('webhooks'));
      orders = new OrdersApi(server.baseUrl, authorization);
      verify = await documentedVerifier();
    });
    after(async () => {
      await server?.close();
      await receiver?.close();
    });

    const api = (path: string, init: Parameters<typeof requestJson>[2] = {}) => requestJson(server.baseUrl, path, { authorization, ...init });
    const addEndpoint = async (body: Record<string, unknown>) => {
      const response = await api('/v1/webhooks', { method: 'POST', body });
      assert.equal(response.status, 201, JSON.stringify(response.body));
      return response.body as { webhook_id: string; secret: string; events: string[] | null };
    };

    test('endpoints: the secret is shown on creation and rotation only, never listed, and not stored in the clear', async () => {
      const made = await addEndpoint({ url: 'http://127.0.0.1:9/none', events: ['order.paid'], description: '테스트' });
      assert.match(made.secret, /^whsec_[A-Za-z0-9_-]{43}$/);
      assert.deepEqual(made.events, ['order.paid']);
      const listed = await api('/v1/webhooks');
      assert.equal(listed.status, 200);
      assert.ok(listed.body.list.some((e: { webhook_id: string }) => e.webhook_id === made.webhook_id));
      assert.ok(!JSON.stringify(listed.body).includes(made.secret), 'the list shows no secret');
      assert.ok(!('secret' in (await api(`/v1/webhooks/${made.webhook_id}`)).body));
      const stored = await server.storage.db.selectFrom('webhook_endpoints').selectAll().where('webhook_id', '=', made.webhook_id).executeTakeFirstOrThrow();
      assert.ok(!JSON.stringify(stored).includes(made.secret.slice(6)), 'the database holds the secret sealed only');

      const rotated = await api(`/v1/webhooks/${made.webhook_id}/rotate-secret`, { method: 'POST' });
      assert.equal(rotated.status, 200);
      assert.notEqual(rotated.body.secret, made.secret);

      const disabled = await api(`/v1/webhooks/${made.webhook_id}/disable`, { method: 'POST' });
      assert.deepEqual([disabled.body.status, disabled.body.disabled_reason], ['disabled', 'manual']);
      assert.equal((await api(`/v1/webhooks/${made.webhook_id}/disable`, { method: 'POST' })).body.disabled_reason, 'manual');
      const enabled = await api(`/v1/webhooks/${made.webhook_id}/enable`, { method: 'POST' });
      assert.deepEqual([enabled.body.status, enabled.body.disabled_reason, enabled.body.disabled_at], ['active', null, null]);
      // Off again, so the events of the other tests are not queued for this unreachable URL.
      await api(`/v1/webhooks/${made.webhook_id}/disable`, { method: 'POST' });
    });

    test('endpoints: bad input is a 400 naming the field; another project and read keys are refused', async () => {
      const bad = await api('/v1/webhooks', { method: 'POST', body: { url: 'ftp://example.com/x' } });
      assert.deepEqual([bad.status, bad.body.code, bad.body.data.parameter], [400, 1101, 'url']);
      const unknown = await api('/v1/webhooks', { method: 'POST', body: { url: 'https://example.com/x', events: ['order.shipped'] } });
      assert.equal(unknown.status, 400);
      assert.match(unknown.body.data.parameter, /^events/);
      const extra = await api('/v1/webhooks', { method: 'POST', body: { url: 'https://example.com/x', secret: 'mine' } });
      assert.equal(extra.status, 400);

      const made = await addEndpoint({ url: 'https://example.com/other' });
      const other = basicAuth(await server.createKeys('webhooks-other'));
      const foreign = await requestJson(server.baseUrl, `/v1/webhooks/${made.webhook_id}/disable`, { method: 'POST', authorization: other });
      assert.deepEqual([foreign.status, foreign.body.code], [404, 4000]);
      const reader = basicAuth(await server.createKeys('webhooks', 'read'));
      const readOnly = await requestJson(server.baseUrl, '/v1/webhooks', { method: 'POST', authorization: reader, body: { url: 'https://example.com/r' } });
      assert.deepEqual([readOnly.status, readOnly.body.code], [403, 1703]);
      assert.equal((await requestJson(server.baseUrl, '/v1/webhooks', { authorization: reader })).status, 200);
      const noTest = await requestJson(server.baseUrl, '/v1/webhook/test', { method: 'POST', authorization: other });
      assert.deepEqual([noTest.status, noTest.body.code], [409, 4003]);
      const limit = await requestJson(server.baseUrl, `/v1/webhooks/${made.webhook_id}/deliveries?limit=abc`, { authorization });
      assert.deepEqual([limit.status, limit.body.code, limit.body.data.parameter], [400, 1100, 'limit']);
      await api(`/v1/webhooks/${made.webhook_id}/disable`, { method: 'POST' });
    });

    test('every event type arrives signed, verifiable with the documented snippet, in order per order, carrying the order as listed', async () => {
      receiver.received.length = 0;
      const endpoint = await addEndpoint({ url: receiver.url });
      const { changes, states } = await makeChanges(orders, EVERY_PATH);
      const test = await api('/v1/webhook/test', { method: 'POST', body: {} });
      assert.equal(test.status, 200);
      assert.equal(test.body.deliveries.length, 1);
      const total = [...changes.values()].reduce((n, types) => n + types.length, 0) + 1;
      await receiver.until(() => receiver.accepted.length >= total);
      assert.equal(receiver.received.length, total, 'each event once: nothing failed, so nothing was repeated');

      for (const hit of receiver.received) {
        assert.ok(verify(endpoint.secret, hit.headers['jumun-signature'] as string, hit.body), `${hit.json.event_type} verifies`);
        assert.ok(!verify(endpoint.secret, hit.headers['jumun-signature'] as string, `${hit.body} `), 'an altered body does not');
        assert.ok(!verify('whsec_wrong', hit.headers['jumun-signature'] as string, hit.body), 'another secret does not');
        const t = Number(/t=(\d+)/.exec(hit.headers['jumun-signature'] as string)![1]);
        assert.ok(!verify(endpoint.secret, hit.headers['jumun-signature'] as string, hit.body, 300, t + 301), 'an old signature is refused (replay)');
        assert.equal(hit.headers['jumun-event-id'], hit.json.event_id);
        assert.equal(hit.headers['jumun-event-type'], hit.json.event_type);
      }
      assert.deepEqual(sortedEntries(acceptedPerOrder(receiver)), sortedEntries(changes));
      const types = new Set(receiver.received.map((hit) => hit.json.event_type));
      assert.deepEqual([...types].sort(), [...new Set([...Object.values(EVENT_OF), 'webhook.test'])].sort());

      // The order in each event is the order right after that change, in the list's shape.
      for (const [id, answers] of states) {
        const events = receiver.received.filter((hit) => hit.json.order?.order_id === id);
        const listed = (await api(`/v1/orders?keyword=${id}`)).body.list[0];
        assert.deepEqual(Object.keys(events.at(-1)!.json.order), Object.keys(listed), 'the list item fields, in the list order');
        assert.deepEqual(events.at(-1)!.json.order, listed, 'the last event carries the order as the list shows it now');
        for (const [i, answer] of answers.entries()) {
          const detail = answer as Record<string, unknown>;
          const shown = events[i]!.json;
          for (const field of Object.keys(listed)) assert.deepEqual(shown.order[field], detail[field], `${shown.event_type} ${field}`);
          assert.deepEqual(
            [shown.order_id, shown.price, shown.tax_free, shown.order_name, shown.receipt_id, shown.status],
            [detail.order_id, detail.price, detail.tax_free_price, detail.order_name, detail.receipt_id, detail.receipt_status],
            'the Bootpay payment-webhook fields',
          );
        }
      }
      const testEvent = receiver.received.find((hit) => hit.json.event_type === 'webhook.test')!;
      assert.equal(testEvent.json.event_id, test.body.event_id);
      assert.equal(testEvent.json.order, null);

      // The receiver has answered; the server records each answer just after: wait for the records.
      let deliveries = await api(`/v1/webhooks/${endpoint.webhook_id}/deliveries?limit=100`);
      for (const deadline = Date.now() + 10_000; deliveries.body.list.some((d: { status: string }) => d.status === 'pending') && Date.now() < deadline;) {
        await new Promise((resolve) => setTimeout(resolve, 50));
        deliveries = await api(`/v1/webhooks/${endpoint.webhook_id}/deliveries?limit=100`);
      }
      assert.equal(deliveries.status, 200);
      assert.equal(deliveries.body.list.length, total);
      for (const delivery of deliveries.body.list) {
        assert.deepEqual([delivery.status, delivery.attempts, delivery.attempt_log.length, delivery.attempt_log[0].http_status], ['delivered', 1, 1, 200]);
        assert.equal(delivery.attempt_log[0].response_excerpt, '{"success":true}');
      }
      const outbox = await server.storage.db.selectFrom('webhook_events').select((e) => e.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
      assert.equal(Number(outbox.n), total, 'one event per change in the outbox');
      await api(`/v1/webhooks/${endpoint.webhook_id}/disable`, { method: 'POST' });
    });

    test('a receiver down for a while then back gets everything, in order per order; each attempt is recorded', async () => {
      receiver.received.length = 0;
      receiver.behaviour = () => ({ status: 503, body: 'down for maintenance' });
      const endpoint = await addEndpoint({ url: receiver.url });
      const { changes } = await makeChanges(orders, [['payment.complete', 'cancel.request', 'cancel.approve'], ['payment.start', 'payment.complete'], []]);
      const total = [...changes.values()].reduce((n, types) => n + types.length, 0);
      await receiver.until(() => receiver.received.length >= 6, 15_000, 'failed attempts');
      receiver.behaviour = () => ({ status: 204 });
      await receiver.until(() => new Set(receiver.accepted.map((hit) => hit.json.event_id)).size >= total, 15_000, 'every event accepted');
      assert.deepEqual(sortedEntries(acceptedPerOrder(receiver)), sortedEntries(changes));
      // While an order's earlier event was failing, its later events were not sent at all.
      for (const [id, types] of changes) {
        const sent = receiver.received.filter((hit) => hit.json.order.order_id === id).map((hit) => hit.json.event_type);
        const firstTimes = sent.filter((type, i) => sent.indexOf(type) === i);
        assert.deepEqual(firstTimes, types, `${id}: first sends in change order`);
      }
      // The receiver has answered; the server records each answer just after: wait for the records.
      let deliveries = (await api(`/v1/webhooks/${endpoint.webhook_id}/deliveries`)).body.list;
      for (const deadline = Date.now() + 10_000; deliveries.some((d: { status: string }) => d.status === 'pending') && Date.now() < deadline;) {
        await new Promise((resolve) => setTimeout(resolve, 50));
        deliveries = (await api(`/v1/webhooks/${endpoint.webhook_id}/deliveries`)).body.list;
      }
      const retried = deliveries.find((d: { attempts: number }) => d.attempts > 1);
      assert.ok(retried, 'some delivery needed retries');
      assert.equal(retried.status, 'delivered');
      assert.deepEqual(retried.attempt_log.slice(0, -1).map((a: { http_status: number }) => a.http_status), Array(retried.attempts - 1).fill(503));
      assert.equal(retried.attempt_log[0].response_excerpt, 'down for maintenance');
      assert.equal(retried.attempt_log[0].error, 'HTTP 503');
      assert.equal(retried.attempt_log.at(-1).http_status, 204);
      const row = (await api(`/v1/webhooks/${endpoint.webhook_id}`)).body;
      assert.deepEqual([row.status, row.failing_since], ['active', null], 'a success ends the failure streak');

      // Redelivery by hand: the same event again, a new attempt on the same delivery.
      const again = await api(`/v1/webhooks/deliveries/${retried.delivery_id}/redeliver`, { method: 'POST' });
      assert.equal(again.status, 200);
      assert.equal(again.body.status, 'pending');
      const before = receiver.received.filter((hit) => hit.json.event_id === retried.event_id).length;
      await receiver.until(() => receiver.received.filter((hit) => hit.json.event_id === retried.event_id).length > before);
      // And recorded, so no send of this test is still under way when the next one counts its own.
      for (const deadline = Date.now() + 10_000; Date.now() < deadline;) {
        const redelivered = (await api(`/v1/webhooks/${endpoint.webhook_id}/deliveries`)).body.list.find((d: { delivery_id: string }) => d.delivery_id === retried.delivery_id);
        if (redelivered.status !== 'pending') break;
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      const missing = await api('/v1/webhooks/deliveries/whd_000000000000000000000000/redeliver', { method: 'POST' });
      assert.deepEqual([missing.status, missing.body.code], [404, 4002]);
      await api(`/v1/webhooks/${endpoint.webhook_id}/disable`, { method: 'POST' });
      const refused = await api(`/v1/webhooks/deliveries/${retried.delivery_id}/redeliver`, { method: 'POST' });
      assert.deepEqual([refused.status, refused.body.code], [409, 4004]);
      receiver.behaviour = () => ({ status: 200, body: '{"success":true}' });
    });

    test('a slow receiver does not slow the API: requests answer while a delivery is held', async () => {
      receiver.received.length = 0;
      receiver.behaviour = () => ({ status: 200, delayMs: 5_000 });
      const endpoint = await addEndpoint({ url: receiver.url });
      await orders.create();
      const deadline = Date.now() + 5_000;
      while (receiver.open === 0 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 20));
      assert.equal(receiver.open, 1, 'the receiver is holding a delivery');
      const started = Date.now();
      for (let i = 0; i < 5; i++) {
        assert.equal((await api('/v1/orders?limit=5')).status, 200);
        assert.equal((await orders.create()).status, 201);
      }
      const elapsed = Date.now() - started;
      assert.ok(receiver.open >= 1, 'still held while the API answered');
      assert.ok(elapsed < 2_500, `ten API requests took ${elapsed} ms while the receiver slept`);
      await api(`/v1/webhooks/${endpoint.webhook_id}/disable`, { method: 'POST' });
      receiver.behaviour = () => ({ status: 200, body: '{"success":true}' });
    });

    test("the SDK's webhook.sendTest sends a signed test event through jumun", async () => {
      receiver.received.length = 0;
      const keys = await server.createKeys('webhooks-sdk');
      const sdkAuth = basicAuth(keys);
      const made = await requestJson(server.baseUrl, '/v1/webhooks', { method: 'POST', authorization: sdkAuth, body: { url: receiver.url } });
      const { BootpayCommerce } = (await import('@bootpay/backend-js')) as any;
      const commerce = new BootpayCommerce({ client_key: keys.client_key, secret_key: keys.secret_key, mode: 'production' });
      const base = `${server.baseUrl}/v1`;
      commerce.API_ENTRYPOINTS = { production: base, development: base, stage: base };
      const answer = await commerce.webhook.sendTest({ header_content_type: 1 });
      assert.equal(answer.deliveries.length, 1);
      await receiver.until(() => receiver.accepted.some((hit) => hit.json.event_id === answer.event_id));
      const hit = receiver.accepted.find((h) => h.json.event_id === answer.event_id)!;
      assert.equal(hit.json.event_type, 'webhook.test');
      assert.ok(verify(made.body.secret, hit.headers['jumun-signature'] as string, hit.body));
    });
  });

  describe(`webhook failure handling (${dialect})`, () => {
    test('an endpoint failing without a success is disabled and says so; deliveries past the window are given up', async () => {
      const receiver = new WebhookReceiver();
      await receiver.start();
      receiver.behaviour = () => ({ status: 500 });
      const server = await serverWith(dialect, { disableAfterMs: 300, retryWindowMs: 800 });
      try {
        const authorization = basicAuth(await server.createKeys('failing'));
        const made = (await requestJson(server.baseUrl, '/v1/webhooks', { method: 'POST', authorization, body: { url: receiver.url } })).body;
        const endpointNow = async () => (await requestJson(server.baseUrl, `/v1/webhooks/${made.webhook_id}`, { authorization })).body;
        const firstDelivery = async () => (await requestJson(server.baseUrl, `/v1/webhooks/${made.webhook_id}/deliveries`, { authorization })).body.list.at(-1);
        const waitFor = async (done: () => Promise<boolean>, what: string) => {
          const deadline = Date.now() + 10_000;
          while (!(await done())) {
            if (Date.now() > deadline) throw new Error(`timed out waiting until ${what}`);
            await new Promise((resolve) => setTimeout(resolve, 50));
          }
        };
        const orders = new OrdersApi(server.baseUrl, authorization);
        const firstEventAt = Date.now();
        await orders.create();
        await waitFor(async () => (await endpointNow()).status === 'disabled', 'the endpoint is disabled');
        const endpoint = await endpointNow();
        assert.equal(endpoint.disabled_reason, 'failing');
        assert.ok(endpoint.failing_since && endpoint.disabled_at);
        const waiting = await firstDelivery();
        assert.equal(waiting.status, 'pending', 'its delivery waits while the endpoint is disabled');
        assert.ok(waiting.attempts >= 2);

        const hits = receiver.received.length;
        await orders.create();
        await new Promise((resolve) => setTimeout(resolve, 400));
        assert.equal(receiver.received.length, hits, 'a disabled endpoint is sent nothing');

        // Enabled again past the first event's window: one more failed try gives that delivery up.
        await new Promise((resolve) => setTimeout(resolve, Math.max(0, firstEventAt + 900 - Date.now())));
        assert.equal((await requestJson(server.baseUrl, `/v1/webhooks/${made.webhook_id}/enable`, { method: 'POST', authorization })).body.status, 'active');
        await waitFor(async () => (await firstDelivery()).status === 'failed', 'the first delivery is given up');
        const given = await firstDelivery();
        assert.equal(given.attempts, waiting.attempts + 1);
        assert.equal(given.attempt_log.length, given.attempts);
        assert.ok(given.finished_at);
      } finally {
        await server.close();
        await receiver.close();
      }
    });

    test('with JUMUN_WEBHOOK_TARGETS=any a host name resolving to loopback is delivered to', async () => {
      const receiver = new WebhookReceiver();
      await receiver.start();
      const server = await serverWith(dialect, { targets: 'any' });
      try {
        const authorization = basicAuth(await server.createKeys('named'));
        const url = receiver.url.replace('127.0.0.1', 'localhost');
        assert.equal((await requestJson(server.baseUrl, '/v1/webhooks', { method: 'POST', authorization, body: { url } })).status, 201);
        const created = await new OrdersApi(server.baseUrl, authorization).create();
        await receiver.until(() => receiver.accepted.some((hit) => hit.json.order?.order_id === created.body.order_id));
      } finally {
        await server.close();
        await receiver.close();
      }
    });

    test('finished deliveries past the retention are purged with their attempts and events; pending ones stay', async () => {
      const server = await serverWith(dialect, { deliver: false });
      try {
        const authorization = basicAuth(await server.createKeys('purge'));
        const made = (await requestJson(server.baseUrl, '/v1/webhooks', { method: 'POST', authorization, body: { url: 'https://example.com/h' } })).body;
        const orders = new OrdersApi(server.baseUrl, authorization);
        for (let i = 0; i < 4; i++) await orders.create();
        const db = server.storage.db;
        const rows = await db.selectFrom('webhook_deliveries').select(['project_id', 'delivery_id', 'event_id']).orderBy('created_ms').orderBy('delivery_id').execute();
        assert.equal(rows.length, 4);
        const day = 86_400_000;
        const now = Date.now();
        // old delivered, old failed, recent delivered, old but still pending
        const states = [
          { status: 'delivered' as const, finished_ms: now - 40 * day, created_ms: now - 40 * day },
          { status: 'failed' as const, finished_ms: now - 31 * day, created_ms: now - 34 * day },
          { status: 'delivered' as const, finished_ms: now - day, created_ms: now - 40 * day },
          { status: 'pending' as const, finished_ms: null, created_ms: now - 40 * day },
        ];
        for (const [i, row] of rows.entries()) {
          await db.updateTable('webhook_deliveries').set(states[i]!).where('delivery_id', '=', row.delivery_id).execute();
          await db.updateTable('webhook_events').set({ created_ms: states[i]!.created_ms }).where('event_id', '=', row.event_id).execute();
          await db.insertInto('webhook_attempts').values({ project_id: row.project_id, delivery_id: row.delivery_id, attempt: 1, started_ms: now, duration_ms: 5, http_status: 200, error: null, response_excerpt: null }).execute();
        }
        assert.equal(await purgeFinishedDeliveries(db, now - 30 * day), 2);
        const kept = rows.slice(2);
        const ids = async (table: 'webhook_deliveries' | 'webhook_attempts') =>
          (await db.selectFrom(table).select('delivery_id').orderBy('delivery_id').execute()).map((r) => r.delivery_id);
        const expected = kept.map((r) => r.delivery_id).sort();
        assert.deepEqual(await ids('webhook_deliveries'), expected);
        assert.deepEqual(await ids('webhook_attempts'), expected);
        const events = (await db.selectFrom('webhook_events').select('event_id').orderBy('event_id').execute()).map((r) => r.event_id);
        assert.deepEqual(events, kept.map((r) => r.event_id).sort());
        assert.equal((await requestJson(server.baseUrl, `/v1/webhooks/${made.webhook_id}/deliveries`, { authorization })).body.list.length, 2);
      } finally {
        await server.close();
      }
    });

    test('the address policy refuses private and loopback targets, on creation and when sending', async () => {
      const receiver = new WebhookReceiver();
      await receiver.start();
      const server = await serverWith(dialect, { targets: 'public' });
      try {
        const authorization = basicAuth(await server.createKeys('ssrf'));
        for (const url of ['http://127.0.0.1:8080/x', 'http://10.1.2.3/x', 'http://169.254.169.254/latest', 'http://[::1]/x', 'http://[::ffff:192.168.0.1]/x', 'http://localhost/x']) {
          const refused = await requestJson(server.baseUrl, '/v1/webhooks', { method: 'POST', authorization, body: { url } });
          assert.deepEqual([refused.status, refused.body.code, refused.body.data?.parameter], [400, 4001, 'url'], url);
        }
        // Names are checked where the connection resolves them: an endpoint that reads as public but
        // points inward (written directly, as a name re-pointed after creation would be) is refused.
        const made = (await requestJson(server.baseUrl, '/v1/webhooks', { method: 'POST', authorization, body: { url: 'https://example.com/hook' } })).body;
        await server.storage.db.updateTable('webhook_endpoints').set({ url: receiver.url.replace('127.0.0.1', 'localhost') }).where('webhook_id', '=', made.webhook_id).execute();
        await new OrdersApi(server.baseUrl, authorization).create();
        const deadline = Date.now() + 5_000;
        let delivery: any;
        while (Date.now() < deadline) {
          [delivery] = (await requestJson(server.baseUrl, `/v1/webhooks/${made.webhook_id}/deliveries`, { authorization })).body.list;
          if (delivery?.attempts > 0) break;
          await new Promise((resolve) => setTimeout(resolve, 50));
        }
        assert.match(delivery.attempt_log[0].error, /refused address (127\.0\.0\.1|::1)/);
        assert.equal(delivery.attempt_log[0].http_status, null);
        assert.equal(receiver.received.length, 0, 'nothing reached the loopback receiver');
      } finally {
        await server.close();
        await receiver.close();
      }
    });
  });
}
