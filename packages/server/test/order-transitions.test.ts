import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { ACTION_PATHS, OrdersApi, type Action } from './support/order-writes.js';
import { TEST_DIALECTS } from './support/test-database.js';
import { basicAuth, startTestServer, type TestServer } from './support/test-server.js';

/** The history's Korean action labels, as the issue words them. */
const KOREAN_LABELS: Record<Action, string> = {
  'payment.start': '결제 시작', 'payment.complete': '결제 완료', 'payment.fail': '결제 실패',
  'cancel.request': '취소 요청', 'cancel.approve': '취소 승인', 'cancel.reject': '취소 거절', cancel: '취소',
};

const ACTIONS = Object.keys(ACTION_PATHS) as Action[];

/** How each status is reached, and the status and receipt status it leaves the order with. */
const STATES = [
  { name: 'created', path: [] as Action[], status: 0, receipt: 0 },
  { name: 'payment started', path: ['payment.start'] as Action[], status: 1, receipt: 0 },
  { name: 'paid', path: ['payment.start', 'payment.complete'] as Action[], status: 2, receipt: 1 },
  { name: 'cancel requested', path: ['payment.complete', 'cancel.request'] as Action[], status: 3, receipt: 1 },
  { name: 'cancelled', path: ['payment.complete', 'cancel.request', 'cancel.approve'] as Action[], status: 4, receipt: 20 },
];

type Outcome = { to: number; receipt: number } | 'duplicate' | 'illegal';
const ok = (to: number, receipt: number): Outcome => ({ to, receipt });

/**
 * The table, written out per status (rows) and action (columns), independently of the
 * server's own table. "duplicate" is a repeat of the change that brought the order where it is.
 */
const EXPECTED: Record<number, Record<Action, Outcome>> = {
  0: {
    'payment.start': ok(1, 0), 'payment.complete': ok(2, 1), 'payment.fail': 'illegal', 'cancel.request': 'illegal',
    'cancel.approve': 'illegal', 'cancel.reject': 'illegal', cancel: 'illegal',
  },
  1: {
    'payment.start': 'duplicate', 'payment.complete': ok(2, 1), 'payment.fail': ok(0, 0), 'cancel.request': 'illegal',
    'cancel.approve': 'illegal', 'cancel.reject': 'illegal', cancel: 'illegal',
  },
  2: {
    'payment.start': 'illegal', 'payment.complete': 'duplicate', 'payment.fail': 'illegal', 'cancel.request': ok(3, 1),
    'cancel.approve': 'illegal', 'cancel.reject': 'illegal', cancel: ok(4, 20),
  },
  3: {
    'payment.start': 'illegal', 'payment.complete': 'illegal', 'payment.fail': 'illegal', 'cancel.request': 'duplicate',
    'cancel.approve': ok(4, 20), 'cancel.reject': ok(2, 1), cancel: 'illegal',
  },
  4: {
    'payment.start': 'illegal', 'payment.complete': 'illegal', 'payment.fail': 'illegal', 'cancel.request': 'illegal',
    'cancel.approve': 'duplicate', 'cancel.reject': 'illegal', cancel: 'duplicate',
  },
};

const REASONS: Partial<Record<Action, string>> = {
  'payment.fail': '카드 한도 초과',
  'cancel.request': '단순 변심',
  'cancel.reject': '이미 배송된 상품입니다',
  cancel: '재고 부족',
};

for (const dialect of TEST_DIALECTS) {
  describe(`order status actions on ${dialect}`, () => {
    let server: TestServer;
    let api: OrdersApi;
    let other: OrdersApi;
    let clientKey: string;

    before(async () => {
      server = await startTestServer(dialect);
      const keys = await server.createKeys('shop-a');
      clientKey = keys.client_key;
      api = new OrdersApi(server.baseUrl, basicAuth(keys));
      other = new OrdersApi(server.baseUrl, basicAuth(await server.createKeys('shop-b')));
    });
    after(() => server.close());

    for (const state of STATES) {
      it(`from ${state.name} (${state.status}): every action is applied, a duplicate or illegal as the table says`, async () => {
        // Each action gets its own order, so the seven run side by side.
        await Promise.all(ACTIONS.map(async (action) => {
          const orderId = await api.orderAfter(state.path);
          const before = (await api.detail(orderId)).body;
          assert.equal(before.status, state.status);
          assert.equal(before.receipt_status, state.receipt);
          const startedAt = Math.floor(Date.now() / 1000);
          const response = await api.act(orderId, action);
          const after = (await api.detail(orderId)).body;
          const expected = EXPECTED[state.status]![action];
          const label = `${action} from ${state.status}: ${JSON.stringify(response.body)}`;

          if (typeof expected === 'object') {
            assert.equal(response.status, 200, label);
            assert.deepEqual(response.body, after, 'the answer is the order as GET shows it');
            assert.equal(after.status, expected.to, label);
            assert.equal(after.receipt_status, expected.receipt, label);
            assert.equal(after.history.length, before.history.length + 1);
            const entry = after.history.at(-1);
            assert.deepEqual({ ...entry, at: undefined }, {
              seq: before.history.length + 1,
              at: undefined,
              action,
              from_status: state.status,
              to_status: expected.to,
              from_receipt_status: state.receipt,
              to_receipt_status: expected.receipt,
              actor: clientKey,
              reason: REASONS[action] ?? null,
              action_label: KOREAN_LABELS[action],
              actor_type: 'key',
              actor_id: clientKey,
              actor_name: null,
              channel: 'api',
              // Cancellation steps name the cancellation request they made or processed.
              cancellation_request_id: action.startsWith('cancel') ? after.cancellation_requests.at(-1).order_cancellation_request_id : null,
            });
            assert.ok(Date.parse(entry.at) / 1000 >= startedAt, 'the entry carries the time of the change');
            assert.equal(after.updated_at, entry.at);
            if (action === 'payment.complete') {
              assert.equal(after.receipt_id, 'receipt_1');
              assert.deepEqual(after.payment, { method: '카드', card_name: '국민카드', card_no: '1234-****-****-5678' });
              assert.equal(after.purchased_at, entry.at, 'purchased now when no time is given');
            }
            if (expected.to === 4) assert.equal(after.cancelled_at, entry.at);
            else assert.equal(after.cancelled_at, null);
          } else {
            assert.equal(response.status, 409, label);
            assert.deepEqual(after, before, 'a refused change changes nothing');
            if (expected === 'duplicate') {
              assert.equal(response.body.code, 1200, label);
              assert.equal(response.body.message, '이미 처리된 요청이에요');
            } else {
              assert.equal(response.body.code, 3701, label);
              assert.equal(response.body.data.current_status, state.status);
              assert.ok(response.body.message.includes(`현재 주문 상태(${state.status} `), response.body.message);
              assert.ok(response.body.message.includes(action), response.body.message);
              assert.ok(/→ \d /.test(response.body.message), `names the requested status: ${response.body.message}`);
            }
          }
        }));
      });
    }

    it('tells a repeated return (failed payment, rejected cancellation, direct cancel) from a first illegal one', async () => {
      const failed = await api.orderAfter(['payment.start', 'payment.fail']);
      assert.equal((await api.act(failed, 'payment.fail')).body.code, 1200);
      const rejected = await api.orderAfter(['payment.complete', 'cancel.request', 'cancel.reject']);
      assert.equal((await api.act(rejected, 'cancel.reject')).body.code, 1200);
      const cancelled = await api.orderAfter(['payment.complete', 'cancel']);
      assert.equal((await api.act(cancelled, 'cancel')).body.code, 1200);
      assert.equal((await api.act(cancelled, 'cancel.approve')).body.code, 1200, 'the order is already cancelled');
      // After a failed payment the order can be paid again; the history keeps the failure.
      const retried = await api.act(failed, 'payment.start');
      assert.equal(retried.status, 200);
      assert.deepEqual(retried.body.history.map((h: { action: string }) => h.action), ['create', 'payment.start', 'payment.fail', 'payment.start']);
    });

    it('takes the payment time given, and refuses one before the order existed', async () => {
      const orderId = await api.orderAfter([]);
      const created = (await api.detail(orderId)).body.created_at;
      const early = await api.act(orderId, 'payment.complete', { receipt_id: 'r', purchased_at: '2001-01-01T00:00:00Z' });
      assert.equal(early.status, 400);
      assert.equal(early.body.data.parameter, 'purchased_at');
      const paid = await api.act(orderId, 'payment.complete', { receipt_id: 'r2', purchased_at: created.replace('Z', '+00:00') });
      assert.equal(paid.status, 200, JSON.stringify(paid.body));
      assert.equal(paid.body.purchased_at, created);
      assert.equal(paid.body.payment, null, 'no payment details given');
    });

    it('answers invalid action bodies with 400 naming the field', async () => {
      const orderId = await api.orderAfter(['payment.start']);
      const cases: Array<[Action, unknown, string]> = [
        ['payment.complete', {}, 'receipt_id'],
        ['payment.complete', { receipt_id: '' }, 'receipt_id'],
        ['payment.complete', { receipt_id: 'r', purchased_at: 'yesterday' }, 'purchased_at'],
        ['payment.complete', { receipt_id: 'r', method: 5 }, 'method'],
        ['payment.complete', { receipt_id: 'r', card: 'x' }, 'card'],
        ['payment.fail', null, 'reason'],
        ['payment.fail', { reason: '  ' }, 'reason'],
        ['payment.fail', { reason: 'x'.repeat(501) }, 'reason'],
        ['payment.start', { reason: 'x' }, 'reason'],
      ];
      for (const [action, body, field] of cases) {
        const response = await api.act(orderId, action, body);
        assert.equal(response.status, 400, `${action} ${JSON.stringify(body)}: ${JSON.stringify(response.body)}`);
        assert.equal(response.body.data.parameter, field, response.body.message);
      }
      assert.equal((await api.detail(orderId)).body.history.length, 2);
    });

    it('answers 404 / 3700 for unknown, malformed and other projects\' orders', async () => {
      const foreign = await other.orderAfter([]);
      for (const orderId of ['0123456789abcdef01234567', 'not-an-id', foreign]) {
        for (const action of ACTIONS) {
          const response = await api.act(orderId, action);
          assert.deepEqual(response.body, { status: 404, code: 3700, message: '주문내역을 찾지 못했습니다.', data: null }, `${action} ${orderId}`);
        }
      }
      assert.equal((await other.detail(foreign)).body.history.length, 1);
    });

    it('replays an action repeated with its Idempotency-Key, even after later changes', async () => {
      const orderId = await api.orderAfter([]);
      const key = randomUUID();
      const started = await api.act(orderId, 'payment.start', undefined, key);
      assert.equal(started.status, 200);
      await api.act(orderId, 'payment.complete');
      const replay = await api.act(orderId, 'payment.start', undefined, key);
      assert.equal(replay.status, 200);
      assert.equal(replay.headers.get('idempotent-replayed'), 'true');
      assert.deepEqual(replay.body, started.body);
      assert.equal((await api.detail(orderId)).body.status, 2);
      // A refusal is kept with its key as well.
      const refusedKey = randomUUID();
      const refused = await api.act(orderId, 'cancel.approve', undefined, refusedKey);
      assert.equal(refused.status, 409);
      await api.act(orderId, 'cancel.request');
      const refusedAgain = await api.act(orderId, 'cancel.approve', undefined, refusedKey);
      assert.deepEqual([refusedAgain.status, refusedAgain.body], [409, refused.body]);
    });

    it('lets exactly one of concurrent approve and reject win', async () => {
      const orders = await Promise.all(Array.from({ length: 6 }, () => api.orderAfter(['payment.complete', 'cancel.request'])));
      await Promise.all(orders.map(async (orderId) => {
        const [approve, reject] = await Promise.all([api.act(orderId, 'cancel.approve'), api.act(orderId, 'cancel.reject')]);
        const statuses = [approve.status, reject.status].sort();
        assert.deepEqual(statuses, [200, 409], `${JSON.stringify(approve.body)} / ${JSON.stringify(reject.body)}`);
        const loser = approve.status === 409 ? approve : reject;
        assert.equal(loser.body.code, 3701);
        const after = (await api.detail(orderId)).body;
        assert.equal(after.status, approve.status === 200 ? 4 : 2);
        assert.equal(after.history.length, 4);
        assert.equal(after.history[3].action, approve.status === 200 ? 'cancel.approve' : 'cancel.reject');
      }));
    });

    it('applies one of 10 concurrent identical changes and calls the rest duplicates', async () => {
      const orderId = await api.orderAfter([]);
      const responses = await Promise.all(Array.from({ length: 10 }, () => api.act(orderId, 'payment.start')));
      assert.equal(responses.filter((r) => r.status === 200).length, 1);
      assert.deepEqual(responses.filter((r) => r.status !== 200).map((r) => r.body.code), Array(9).fill(1200));
      assert.equal((await api.detail(orderId)).body.history.length, 2);
    });

    it('keeps the list and its counts in step with the changes', async () => {
      const fresh = new OrdersApi(server.baseUrl, basicAuth(await server.createKeys('shop-count')));
      const paths: Action[][] = [[], ['payment.start'], ['payment.complete'], ['payment.complete', 'cancel.request'], ['payment.complete', 'cancel']];
      for (const path of paths) await fresh.orderAfter(path);
      for (let status = 0; status <= 4; status++) assert.equal(await fresh.count(`&status=${status}`), 1, `status ${status}`);
      assert.equal(await fresh.count('&payment_status=1'), 2);
      assert.equal(await fresh.count('&payment_status=20'), 1);
      assert.equal(await fresh.count('&cs_type=p_at&css_at=2000-01-01'), 3, 'paid orders have a payment date');
    });
  });
}
