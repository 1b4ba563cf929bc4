import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import {
  BootpayCommerce,
  BootpayCommerceConflictError,
  BootpayCommerceNotFoundError,
  CONFLICT_CODE,
  ORDER_STATUS,
  RECEIPT_STATUS,
} from '../src/index.js';
import type { BootpayCommerceOptions, CreateOrderParams, InvalidStateChangeData, OrderDetail } from '../src/index.js';
import { startJumunServer } from './helpers/jumun-server.js';
import type { JumunServer } from './helpers/jumun-server.js';
import { startProxy } from './helpers/local-servers.js';
import type { FailureScript, LocalServer } from './helpers/local-servers.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

let server: JumunServer;
before(async () => {
  server = await startJumunServer({ orders: 10 });
});
after(() => server?.stop());

function client(options: Partial<BootpayCommerceOptions> = {}): BootpayCommerce {
  return new BootpayCommerce({ client_key: server.clientKey, secret_key: server.secretKey, base_url: server.baseUrl, ...options });
}

/** Runs `body` against a proxy to the real server that fails as scripted first. */
async function withProxy<T>(failure: FailureScript | undefined, body: (commerce: BootpayCommerce, proxy: LocalServer) => Promise<T>): Promise<T> {
  const proxy = await startProxy(server.origin, failure);
  try {
    return await body(client({ base_url: `${proxy.origin}/v1` }), proxy);
  } finally {
    await proxy.close();
  }
}

let buyers = 0;
/** A create body for a buyer no other test (nor the demo data) uses, so `list({ user_id })` counts this test's orders. */
function newOrder(overrides: Partial<CreateOrderParams> = {}): CreateOrderParams {
  const userId = `client-writes-${process.pid}-${++buyers}`;
  return {
    order_name: '프리미엄 원두 외 1건',
    price: 33000,
    tax_free_price: 3000,
    order_type: 'direct',
    user: { user_id: userId, name: '김하나', email: 'buyer1@example.com', phone: '010-1234-5678', user_group_id: 'group_1' },
    products: [
      { product_id: 'bean_1', name: '프리미엄 원두', quantity: 2, price: 15000 },
      { product_id: 'cup_1', name: '종이컵', quantity: 1, price: 3000 },
    ],
    ...overrides,
  };
}

async function ordersOf(userId: string | null | undefined): Promise<number> {
  return (await client().order.list({ user_id: userId ?? undefined, limit: 1 })).count;
}

/** The detail as GET shows it equals what the write answered, and has these statuses. */
async function assertStored(answer: OrderDetail, status: number, receiptStatus: number): Promise<void> {
  assert.equal(answer.status, status);
  assert.equal(answer.receipt_status, receiptStatus);
  assert.deepEqual(await client().order.detail(answer.order_id), answer);
}

async function rejection(promise: Promise<unknown>): Promise<BootpayCommerceConflictError> {
  const error = await promise.then(
    () => assert.fail('expected a rejection'),
    (e: unknown) => e,
  );
  assert.ok(error instanceof BootpayCommerceConflictError, `expected a conflict, got ${String(error)}`);
  assert.equal(error.status, 409);
  return error;
}

describe('order.create', () => {
  test('creates an order that detail shows exactly as create answered', async () => {
    const body = newOrder();
    const created = await client().order.create(body);
    assert.match(created.order_id, /^[0-9a-f]{24}$/);
    assert.equal(created.order_name, body.order_name);
    assert.equal(created.price, 33000);
    assert.equal(created.tax_free_price, 3000);
    assert.equal(created.user_id, body.user.user_id);
    // Each line also carries its id (`<order_id>-<line>`), which partial cancellations name.
    assert.deepEqual(created.products, body.products!.map((p, i) => ({ order_product_id: `${created.order_id}-${i + 1}`, ...p })));
    assert.deepEqual(
      created.history.map((h) => h.action),
      ['create'],
    );
    await assertStored(created, ORDER_STATUS.CREATED, RECEIPT_STATUS.UNPAID);
    assert.equal(await ordersOf(body.user.user_id), 1);
  });

  test('every write sends an Idempotency-Key: a new UUID per call unless one is given', async () => {
    await withProxy(undefined, async (commerce, proxy) => {
      const first = await commerce.order.create(newOrder());
      await commerce.order.create(newOrder());
      await commerce.order.create(newOrder(), { idempotency_key: 'my-own-key-1' });
      await commerce.order.startPayment(first.order_id);
      const keys = proxy.requests.map((r) => r.headers['idempotency-key']);
      assert.equal(keys.length, 4);
      assert.match(String(keys[0]), UUID);
      assert.match(String(keys[1]), UUID);
      assert.notEqual(keys[0], keys[1]);
      assert.equal(keys[2], 'my-own-key-1');
      assert.match(String(keys[3]), UUID);
      assert.equal(proxy.requests[3]!.url, `/v1/orders/${first.order_id}/payment/start`);
    });
  });
});

describe('status actions', () => {
  test('create → startPayment → completePayment → requestCancel → approveCancel, each as detail shows it', async () => {
    const commerce = client();
    const created = await commerce.order.create(newOrder());
    await assertStored(created, ORDER_STATUS.CREATED, RECEIPT_STATUS.UNPAID);

    const started = await commerce.order.startPayment(created.order_id);
    await assertStored(started, ORDER_STATUS.PAYMENT_IN_PROGRESS, RECEIPT_STATUS.UNPAID);

    const paid = await commerce.order.completePayment(created.order_id, {
      receipt_id: 'receipt-lifecycle-1',
      method: 'card',
      card_name: '국민',
      card_no: '1234-****-****-5678',
    });
    await assertStored(paid, ORDER_STATUS.PAID, RECEIPT_STATUS.PAID);
    assert.equal(paid.receipt_id, 'receipt-lifecycle-1');
    assert.deepEqual(paid.payment, { method: 'card', card_name: '국민', card_no: '1234-****-****-5678' });
    assert.ok(paid.purchased_at !== null && paid.purchased_at >= paid.created_at);

    const requested = await commerce.order.requestCancel(created.order_id, { reason: '단순 변심' });
    await assertStored(requested, ORDER_STATUS.CANCELLATION_REQUESTED, RECEIPT_STATUS.PAID);

    const cancelled = await commerce.order.approveCancel(created.order_id);
    await assertStored(cancelled, ORDER_STATUS.CANCELLED, RECEIPT_STATUS.PAYMENT_CANCELLED);
    assert.ok(cancelled.cancelled_at !== null);
    assert.deepEqual(
      cancelled.history.map((h) => [h.action, h.from_status, h.to_status, h.reason]),
      [
        ['create', null, 0, null],
        ['payment.start', 0, 1, null],
        ['payment.complete', 1, 2, null],
        ['cancel.request', 2, 3, '단순 변심'],
        ['cancel.approve', 3, 4, null],
      ],
    );
    assert.ok(cancelled.history.slice(1).every((h) => h.actor === server.clientKey));
  });

  test('failPayment, rejectCancel and cancel', async () => {
    const commerce = client();
    const { order_id } = await commerce.order.create(newOrder());
    await commerce.order.startPayment(order_id);
    await assertStored(await commerce.order.failPayment(order_id, { reason: '한도 초과' }), ORDER_STATUS.CREATED, RECEIPT_STATUS.UNPAID);
    await assertStored(await commerce.order.completePayment(order_id, { receipt_id: 'receipt-2' }), ORDER_STATUS.PAID, RECEIPT_STATUS.PAID);
    await commerce.order.requestCancel(order_id, { reason: '배송 지연' });
    const rejected = await commerce.order.rejectCancel(order_id, { message: '이미 발송되었습니다' });
    await assertStored(rejected, ORDER_STATUS.PAID, RECEIPT_STATUS.PAID);
    const cancelled = await commerce.order.cancel(order_id, { reason: '판매자 취소' });
    await assertStored(cancelled, ORDER_STATUS.CANCELLED, RECEIPT_STATUS.PAYMENT_CANCELLED);
    assert.deepEqual(
      cancelled.history.map((h) => [h.action, h.reason]),
      [
        ['create', null],
        ['payment.start', null],
        ['payment.fail', '한도 초과'],
        ['payment.complete', null],
        ['cancel.request', '배송 지연'],
        ['cancel.reject', '이미 발송되었습니다'],
        ['cancel', '판매자 취소'],
      ],
    );
  });

  test('an action the status does not allow → conflict with code 3701, order unchanged', async () => {
    const commerce = client();
    const created = await commerce.order.create(newOrder());
    const error = await rejection(commerce.order.approveCancel(created.order_id));
    assert.equal(error.code, CONFLICT_CODE.INVALID_STATE_CHANGE);
    assert.equal(error.code, 3701);
    assert.ok(error.isInvalidStateChange);
    assert.ok(!error.isDuplicate);
    const data = error.data as InvalidStateChangeData;
    assert.equal(data.current_status, ORDER_STATUS.CREATED);
    assert.equal(data.requested_status, ORDER_STATUS.CANCELLED);
    assert.deepEqual(data.allowed_from, [ORDER_STATUS.CANCELLATION_REQUESTED]);
    assert.deepEqual(await commerce.order.detail(created.order_id), created);
  });

  test('an action already applied (a new call, so a new key) → conflict with code 1200', async () => {
    const commerce = client();
    const { order_id } = await commerce.order.create(newOrder());
    await commerce.order.startPayment(order_id);
    const error = await rejection(commerce.order.startPayment(order_id));
    assert.equal(error.code, CONFLICT_CODE.PROCESS_DUPLICATED);
    assert.ok(error.isDuplicate);
    assert.ok(!error.isInvalidStateChange);
  });

  test('unknown order → not found, code 3700', async () => {
    const error = await client()
      .order.cancel('000000000000000000000000', { reason: 'x' })
      .catch((e: unknown) => e);
    assert.ok(error instanceof BootpayCommerceNotFoundError);
    assert.equal(error.code, 3700);
  });
});

describe('idempotency keys', () => {
  test('the same call with the same key returns the same order and creates no second one', async () => {
    const commerce = client();
    const body = newOrder();
    const key = `create-${body.user.user_id}`;
    const first = await commerce.order.create(body, { idempotency_key: key });
    const again = await commerce.order.create({ ...body }, { idempotency_key: key });
    assert.deepEqual(again, first);
    assert.equal(await ordersOf(body.user.user_id), 1);

    const paid = await commerce.order.completePayment(first.order_id, { receipt_id: 'r-same' }, { idempotency_key: `${key}-pay` });
    const paidAgain = await commerce.order.completePayment(first.order_id, { receipt_id: 'r-same' }, { idempotency_key: `${key}-pay` });
    assert.deepEqual(paidAgain, paid, 'the replay answers 200 with the first answer, not 409');
    assert.equal((await commerce.order.detail(first.order_id)).history.length, 2);
  });

  test('the same key with a different body → conflict with code 1200, nothing created', async () => {
    const commerce = client();
    const body = newOrder();
    const key = `create-${body.user.user_id}`;
    await commerce.order.create(body, { idempotency_key: key });
    const error = await rejection(commerce.order.create({ ...body, order_name: '다른 주문' }, { idempotency_key: key }));
    assert.equal(error.code, 1200);
    assert.ok(error.isDuplicate);
    assert.equal(await ordersOf(body.user.user_id), 1);
  });

  for (const answer of ['drop', 503] as const) {
    test(`a create whose answer is lost (${answer}) is retried with the same generated key: exactly one order`, async () => {
      const body = newOrder();
      await withProxy({ times: 1, answer, afterUpstream: true }, async (commerce, proxy) => {
        const created = await commerce.order.create(body);
        assert.equal(proxy.requests.length, 2, 'sent, then retried once');
        const [sent, retried] = proxy.requests;
        assert.match(String(sent!.headers['idempotency-key']), UUID);
        assert.equal(retried!.headers['idempotency-key'], sent!.headers['idempotency-key']);
        assert.equal(retried!.body, sent!.body);
        assert.equal(await ordersOf(body.user.user_id), 1);
        assert.deepEqual(await client().order.detail(created.order_id), created);
      });
    });
  }

  test('a status action whose answer is lost is retried and answers the change, not a 1200 conflict', async () => {
    const { order_id } = await client().order.create(newOrder());
    await withProxy({ times: 1, answer: 'drop', afterUpstream: true }, async (commerce, proxy) => {
      const paid = await commerce.order.completePayment(order_id, { receipt_id: 'r-lost' });
      assert.equal(proxy.requests.length, 2);
      assert.equal(paid.status, ORDER_STATUS.PAID);
      assert.equal(paid.history.length, 2, 'applied once');
      assert.deepEqual(await client().order.detail(order_id), paid);
    });
  });
});
