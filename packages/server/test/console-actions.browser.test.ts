/**
 * Operators act from the console, in headless Chromium against the real server: approve, reject
 * and cancel from the detail, bulk approve on the cancellation-request list. Every outcome on
 * screen is compared with what the API says afterwards (GET of each order, a fresh summary).
 */
import { TEST_DIALECTS } from './support/test-database.js';
import assert from 'node:assert/strict';
import { addOperator, type TestOperator } from './support/operators.js';
import { existsSync } from 'node:fs';
import { after, before, describe, test } from 'node:test';
import type { Browser, Page, Request } from 'playwright-core';
import type { NewKeyPair } from '../src/services/projects.js';
import type { OrderWithProducts } from '../src/domain/order.js';
import { insertOrders } from '../src/storage/order-repository.js';
import { CHROMIUM_ARGS, CHROMIUM_PATH, screenshot, settled, shownNumber, shownOrderIds, signIn } from './support/console-page.js';
import { handMadeOrder } from './support/fixtures.js';
import { seedOrders } from './support/summary-export-oracle.js';
import { basicAuth, requestJson, startTestServer, type TestServer } from './support/test-server.js';

const SKIP = existsSync(CHROMIUM_PATH) ? false : `${CHROMIUM_PATH} is absent: console browser tests skipped`;
const won = (amount: number) => `₩${amount.toLocaleString('ko-KR')}`;

for (const dialect of TEST_DIALECTS) {
  describe(`console actions in headless Chromium on ${dialect}`, { skip: SKIP }, () => {
    let server: TestServer;
    let keys: NewKeyPair;
    let agent: TestOperator;
    let browser: Browser;
    let page: Page;
    const writes: Request[] = [];
    const made: Record<string, OrderWithProducts> = {};

    const api = async (path: string, params: Record<string, string> = {}) => {
      const query = new URLSearchParams(params).toString();
      const { status, body } = await requestJson(server.baseUrl, `${path}${query ? `?${query}` : ''}`, { authorization: basicAuth(keys) });
      assert.equal(status, 200, JSON.stringify(body));
      return body;
    };
    const apiAction = async (orderId: string, path: string, body?: unknown) => {
      const response = await requestJson(server.baseUrl, `/v1/orders/${orderId}/${path}`, { method: 'POST', authorization: basicAuth(keys), body });
      assert.equal(response.status, 200, JSON.stringify(response.body));
    };
    const lastHistory = async (orderId: string) => (await api(`/v1/orders/${orderId}`)).history.at(-1);

    /** Opens an order's detail from its URL, as a shared link would. */
    async function openDetail(orderId: string): Promise<void> {
      await page.goto(`${server.baseUrl}/console?order=${orderId}`);
      await page.waitForSelector('dialog.detail .detail-section');
      await settled(page);
    }

    before(async () => {
      const { chromium } = await import('playwright-core');
      server = await startTestServer(dialect);
      keys = await server.createKeys('console-actions');
      agent = await addOperator(server.storage, keys.project_id, 'agent');
      const now = Math.floor(Date.now() / 1000);
      await seedOrders(server.storage, keys.project_id, 300, now - 86_400);
      // Hand-made orders, newer than the seed, so they lead the list's first page.
      const paid = (name: string, n: number, status: 2 | 3, price: number) => handMadeOrder(keys.project_id, {
        created_at: now - 3_600 + n * 60, purchased_at: now - 3_600 + n * 60 + 30, status, receipt_status: 1,
        receipt_id: `rcpt_actions_${n}`, price, order_name: name, user_id: `actions_user_${n}`,
      });
      const orders = {
        approve: paid('승인할 취소 요청', 1, 3, 12_000),
        reject: paid('거절할 취소 요청', 2, 3, 23_000),
        cancel: paid('바로 취소할 주문', 3, 2, 34_000),
        bulk1: paid('일괄 주문 1', 4, 3, 41_000),
        bulk2: paid('일괄 주문 2', 5, 3, 42_000),
        bulk3: paid('일괄 주문 3', 6, 3, 43_000),
        bulk4: paid('일괄 주문 4', 7, 3, 44_000),
      };
      Object.assign(made, orders);
      await insertOrders(server.storage, Object.values(orders));
      browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });
      const context = await browser.newContext({ viewport: { width: 1440, height: 900 }, locale: 'ko-KR', timezoneId: 'Asia/Seoul' });
      page = await context.newPage();
      page.on('request', (request) => {
        if (request.method() === 'POST' && /\/v1\/orders\/[^/]+\//.test(request.url())) writes.push(request);
      });
      await page.goto(`${server.baseUrl}/console`);
      await signIn(page, agent);
      await page.waitForSelector('tr[data-order-id]');
      await settled(page);
    });
    after(async () => {
      await browser?.close();
      await server?.close();
    });

    test('approve from the detail: the confirmation names the order and amount; detail, cards and issues follow', async () => {
      const order = made.approve!;
      const before = await api('/v1/orders/summary');
      await openDetail(order.order_id);
      writes.length = 0;
      await page.click('[data-order-action="approve"]');
      await page.waitForSelector('dialog.confirm[open]');
      assert.match(await page.textContent('#confirm-title') ?? '', /취소 승인: 승인할 취소 요청/);
      const subject = await page.textContent('#confirm-subject') ?? '';
      assert.ok(subject.includes(order.order_number) && subject.includes(won(order.price)), subject);
      await screenshot(page, '10-confirm-approve', { fullPage: false });
      await page.click('dialog.confirm [data-action="confirm"]');
      await page.waitForSelector('.action-notice.done');
      assert.match(await page.textContent('.action-notice') ?? '', /취소 승인 완료: 취소 완료/);
      assert.equal(await page.evaluate<string>('document.activeElement.className'), 'action-notice done', 'focus on the outcome');
      assert.equal(await page.textContent('dialog.detail .badge.status-4'), '취소 완료');
      assert.equal(await page.locator('[data-order-action]').count(), 0, 'a cancelled order offers no action');

      const detail = await api(`/v1/orders/${order.order_id}`);
      assert.equal(detail.status, 4);
      assert.equal(detail.history.at(-1).action, 'cancel.approve');
      assert.equal(writes.length, 1);
      assert.match(writes[0]!.headers()['idempotency-key'] ?? '', /^console-[0-9a-f]{32}$/);

      // The cards and the issues reload: they equal a fresh summary, which moved by exactly this order.
      await settled(page);
      const after = await api('/v1/orders/summary');
      assert.equal(after.by_status['3'].count, before.by_status['3'].count - 1);
      assert.equal(after.by_status['4'].count, before.by_status['4'].count + 1);
      for (const status of ['2', '3', '4']) {
        assert.equal(await page.locator(`.status-cards [data-filter="status=${status}"] .card-count`).textContent(),
          `${after.by_status[status].count.toLocaleString('ko-KR')}건`, status);
      }
      assert.equal(await shownNumber(page, '[data-issue="cancellation_requests"] [data-count]', 'data-count'), after.issues.cancellation_requests.count);
      assert.equal(after.issues.cancellation_requests.count, before.issues.cancellation_requests.count - 1);
      // The list behind the detail shows the order's new status too.
      assert.equal(await page.textContent(`tr[data-order-id="${order.order_id}"] .badge[class*="status-"]`), '취소 완료');
    });

    test('reject asks for the message; a retry after a failed request reuses the same idempotency key', async () => {
      const order = made.reject!;
      await openDetail(order.order_id);
      writes.length = 0;
      await page.click('[data-order-action="reject"]');
      await page.click('dialog.confirm [data-action="confirm"]');
      assert.match(await page.textContent('dialog.confirm [role="alert"]') ?? '', /거절 메시지.*입력해 주세요/);
      assert.equal(writes.length, 0, 'nothing is sent without the message');

      await page.fill('#confirm-text', '이미 배송이 시작되었습니다');
      // The first attempt never reaches the server (the network drops it): the dialog stays, says so.
      await page.route('**/cancel/reject', (route) => route.abort('connectionfailed'), { times: 1 });
      await page.click('dialog.confirm [data-action="confirm"]');
      await page.waitForSelector('dialog.confirm [role="alert"]:has-text("다시 시도할 수 있습니다")');
      assert.equal((await api(`/v1/orders/${order.order_id}`)).status, 3, 'not applied yet');
      await page.click('dialog.confirm [data-action="confirm"]');
      await page.waitForSelector('.action-notice.done');
      assert.equal(writes.length, 2);
      assert.equal(writes[1]!.headers()['idempotency-key'], writes[0]!.headers()['idempotency-key'], 'the retry is the same request');

      const detail = await api(`/v1/orders/${order.order_id}`);
      assert.equal(detail.status, 2);
      assert.deepEqual({ action: detail.history.at(-1).action, reason: detail.history.at(-1).reason },
        { action: 'cancel.reject', reason: '이미 배송이 시작되었습니다' });
      assert.equal(await page.textContent('dialog.detail .badge.status-2'), '결제 완료');
    });

    test('cancel a paid order with a reason; Escape closes the confirmation without sending', async () => {
      const order = made.cancel!;
      await openDetail(order.order_id);
      writes.length = 0;
      await page.click('[data-order-action="cancel"]');
      await page.keyboard.press('Escape');
      await page.waitForSelector('dialog.confirm', { state: 'hidden' });
      assert.ok(await page.isVisible('dialog.detail'), 'the detail stays open');
      assert.equal(writes.length, 0);

      await page.click('[data-order-action="cancel"]');
      await page.fill('#confirm-text', '재고 부족');
      await page.click('dialog.confirm [data-action="confirm"]');
      await page.waitForSelector('.action-notice.done');
      const detail = await api(`/v1/orders/${order.order_id}`);
      assert.equal(detail.status, 4);
      assert.equal(detail.receipt_status, 20);
      assert.deepEqual([detail.history.at(-1).action, detail.history.at(-1).reason], ['cancel', '재고 부족']);
    });

    test('an action the order no longer allows says so and shows the order as it is now', async () => {
      const order = made.bulk4!;
      await openDetail(order.order_id);
      // Someone else rejects it meanwhile.
      await apiAction(order.order_id, 'cancel/reject', { message: '다른 상담원이 처리' });
      await page.click('[data-order-action="approve"]');
      await page.click('dialog.confirm [data-action="confirm"]');
      await page.waitForSelector('.action-notice.warning');
      assert.match(await page.textContent('.action-notice') ?? '', /^처리 불가: 현재 주문 상태\(2 결제 완료\)/);
      assert.equal(await page.textContent('dialog.detail .badge.status-2'), '결제 완료');
      assert.equal((await api(`/v1/orders/${order.order_id}`)).status, 2);
      // Put it back for the bulk test: a cancellation request again.
      await apiAction(order.order_id, 'cancel/request', { reason: '단순 변심' });
    });

    test('bulk approve on 취소 요청 대기: one result per order, as the API says afterwards', async () => {
      const [first, second, third, fourth] = [made.bulk1!, made.bulk2!, made.bulk3!, made.bulk4!];
      await page.goto(`${server.baseUrl}/console`);
      await settled(page);
      await page.click('[data-issue="cancellation_requests"]');
      await settled(page);
      assert.ok(await page.isVisible('.bulk-bar'), 'the cancellation-request list offers selection');
      for (const order of [first, second, third, fourth]) await page.check(`input[data-select="${order.order_id}"]`);
      assert.match(await page.textContent('.bulk-summary') ?? '', new RegExp(`선택 4건 · ${won(first.price + second.price + third.price + fourth.price)}`));

      // Meanwhile, through the API: the first is approved, the second rejected.
      await apiAction(first.order_id, 'cancel/approve');
      await apiAction(second.order_id, 'cancel/reject', { message: '교환으로 처리' });
      writes.length = 0;
      await page.click('[data-bulk-action="approve"]');
      assert.match(await page.textContent('#confirm-title') ?? '', /취소 요청 4건 취소 승인/);
      assert.equal(await page.locator('.confirm-orders li').count(), 4);
      await page.click('dialog.confirm [data-action="confirm"]');
      await page.waitForSelector('.bulk-results:not([hidden])');
      assert.equal(await page.evaluate<string>('document.activeElement.className'), 'bulk-results', 'focus on the results');
      await settled(page);
      await screenshot(page, '11-bulk-results');

      const shown = Object.fromEntries(await page.locator('.bulk-results-list li').evaluateAll((items) =>
        items.map((item) => [(item as HTMLElement).dataset.orderId, (item as HTMLElement).dataset.outcome])));
      assert.deepEqual(shown, {
        [first.order_id]: 'already', [second.order_id]: 'not-allowed', [third.order_id]: 'done', [fourth.order_id]: 'done',
      });
      // The oracle: each order as the API has it now, and who moved it.
      for (const order of [first, second, third, fourth]) {
        const detail = await api(`/v1/orders/${order.order_id}`);
        const expected: number = shown[order.order_id] === 'not-allowed' ? 2 : 4;
        assert.equal(detail.status, expected, order.order_name);
      }
      assert.equal((await lastHistory(third.order_id)).action, 'cancel.approve');
      assert.equal(writes.length, 4, 'one request per order');
      assert.equal(new Set(writes.map((w) => w.headers()['idempotency-key'])).size, 4, 'a key per order');
      // The list and the issue reloaded: none of the four waits any more.
      const list = await api('/v1/orders', { status: '3' });
      assert.deepEqual(await shownOrderIds(page), list.list.map((o: { order_id: string }) => o.order_id));
      assert.equal(await shownNumber(page, '[data-issue="cancellation_requests"] [data-count]', 'data-count'), list.count);
    });

    test('a viewer sees no action buttons, and the API refuses the action to the viewer\'s session', async () => {
      const viewer = await addOperator(server.storage, keys.project_id, 'viewer');
      const order = handMadeOrder(keys.project_id, {
        created_at: Math.floor(Date.now() / 1000) - 600, purchased_at: Math.floor(Date.now() / 1000) - 500, status: 3, receipt_status: 1, receipt_id: 'rcpt_viewer',
      });
      await insertOrders(server.storage, [order]);
      await page.click('[data-action="sign-out"]');
      await signIn(page, viewer);
      await page.waitForSelector('[data-action="sign-out"]');
      await settled(page);
      await page.goto(`${server.baseUrl}/console?order=${order.order_id}`);
      await page.waitForSelector('dialog.detail .detail-section');
      assert.equal(await page.locator('[data-order-action]').count(), 0, 'no action button for a viewer');
      // With the session's own CSRF token: the refusal is the role's (1713), not the CSRF check's.
      const refused = await page.evaluate(async (path) => {
        const session = await (await fetch('/v1/console/session')).json();
        const response = await fetch(path, { method: 'POST', headers: { 'content-type': 'application/json', 'x-csrf-token': session.csrf_token }, body: '{}' });
        return { status: response.status, code: (await response.json()).code };
      }, `/v1/orders/${order.order_id}/cancel/approve`);
      assert.deepEqual(refused, { status: 403, code: 1713 });
      const unchanged = await requestJson(server.baseUrl, `/v1/orders/${order.order_id}`, { authorization: basicAuth(keys) });
      assert.equal(unchanged.body.status, 3, 'the viewer changed nothing');
    });

  });
}
