import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { after, before, describe, test } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import type { NewKeyPair } from '../src/services/projects.js';
import { basicAuth, requestJson, startTestServer, type TestServer } from './support/test-server.js';
import {
  CHROMIUM_ARGS,
  CHROMIUM_PATH,
  screenshot,
  sessionStorageText,
  settled,
  shownNumber,
  shownOrderIds,
  urlFilters,
} from './support/console-page.js';
import { insertOrders } from '../src/storage/order-repository.js';
import { handMadeOrder } from './support/fixtures.js';
import { addOperator, type TestOperator } from './support/operators.js';
import { localDateTime, localDay, parseCsv, seedOrders, spreadsheetValue } from './support/summary-export-oracle.js';

const ORDERS = 2_000;
const SKIP = existsSync(CHROMIUM_PATH)
  ? false
  : `${CHROMIUM_PATH} is absent: console browser tests skipped (install it with apt-get install -y chromium)`;

const won = (amount: number) => `₩${amount.toLocaleString('ko-KR')}`;
const count = (n: number) => `${n.toLocaleString('ko-KR')}건`;

describe('the operator console in headless Chromium', { skip: SKIP }, () => {
  let server: TestServer;
  let keys: NewKeyPair;
  let browser: Browser;
  let page: Page;

  /** The API's own answer, fetched over HTTP independently of the browser. */
  const api = async (path: string, params: Record<string, string> = {}) => {
    const query = new URLSearchParams(params).toString();
    const { status, body } = await requestJson(server.baseUrl, `${path}${query ? `?${query}` : ''}`, { authorization: basicAuth(keys) });
    assert.equal(status, 200, JSON.stringify(body));
    return body;
  };

  let operator: TestOperator;

  async function signIn(password = operator.password): Promise<void> {
    await page.fill('#email', operator.email);
    await page.fill('#password', password);
    await page.click('form.sign-in-card button[type="submit"]');
  }

  before(async () => {
    const { chromium } = await import('playwright-core');
    server = await startTestServer('sqlite');
    keys = await server.createKeys('console');
    operator = await addOperator(server.storage, keys.project_id, 'viewer', '이조회');
    const orders = await seedOrders(server.storage, keys.project_id, ORDERS, Math.floor(Date.now() / 1000));
    // Two failed payment attempts, as the write path records them.
    await server.storage.bulkInsert([{
      table: 'order_status_history',
      rows: orders.filter((o) => o.status === 0).slice(0, 2).map((o) => ({
        order_id: o.order_id, seq: 1, project_id: keys.project_id, at: o.created_at + 30, action: 'payment.fail',
        from_status: 1, to_status: 0, from_receipt_status: 0, to_receipt_status: 0, actor: 'pg', reason: '카드 한도 초과',
      })),
    }]);
    // Cancellation requests paid last month (Seoul time), so that scenario never depends on chance.
    const now = Math.floor(Date.now() / 1000);
    const seoulToday = localDay(now, 'Asia/Seoul');
    const lastMonthMiddle = Date.parse(`${seoulToday.slice(0, 7)}-01T00:00:00+09:00`) / 1000 - 15 * 86_400;
    await insertOrders(server.storage, [0, 1, 2].map((n) => handMadeOrder(keys.project_id, {
      created_at: lastMonthMiddle + n * 3600, purchased_at: lastMonthMiddle + n * 3600 + 60,
      status: 3, receipt_status: 1, receipt_id: `rcpt_console_${n}`, price: 10_000 * (n + 1),
      order_name: `취소 요청 주문 ${n + 1}`, user_id: `console_user_${n}`,
    })));
    browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });
    // The browser runs in another zone than the service: the screen must follow the service.
    const context = await browser.newContext({ viewport: { width: 1440, height: 900 }, locale: 'ko-KR', timezoneId: 'America/Los_Angeles' });
    page = await context.newPage();
  });
  after(async () => {
    await browser?.close();
    await server?.close();
  });

  test('a wrong password is refused with the API\'s message, and the password field is emptied', async () => {
    await page.goto(`${server.baseUrl}/console`);
    await screenshot(page, '01-sign-in');
    await signIn('not the password at all');
    await page.waitForSelector('.form-message:has-text("로그인하지 못했습니다")');
    assert.match(await page.textContent('.form-message') ?? '', /이메일 또는 비밀번호가 올바르지 않습니다\./);
    assert.equal(await page.inputValue('#password'), '');
  });

  test('signing in keeps nothing in web storage; the session is an HttpOnly cookie the page cannot read', async () => {
    await signIn();
    await page.waitForSelector('tr[data-order-id]');
    await settled(page);
    assert.equal(await sessionStorageText(page), '{}');
    assert.equal(await page.evaluate<string>('JSON.stringify(localStorage)'), '{}');
    assert.ok(!(await page.evaluate<string>('document.cookie')).includes('jumun_session'), 'not readable by scripts');
    const cookies = await page.context().cookies();
    const session = cookies.find((c) => c.name === 'jumun_session');
    assert.ok(session, 'the browser holds the session cookie');
    assert.deepEqual([session.httpOnly, session.sameSite, session.path], [true, 'Strict', '/']);
    assert.match(await page.textContent('[data-field="operator"]') ?? '', /이조회 \(조회\)/);
    await screenshot(page, '02-overview');
  });

  test('the overview shows the API\'s numbers, times in the service time zone', async () => {
    const [summary, list] = await Promise.all([api('/v1/orders/summary'), api('/v1/orders')]);
    assert.equal(await shownNumber(page, '[data-total-count]', 'data-total-count'), summary.count);
    assert.equal(await shownNumber(page, '[data-list-count]', 'data-list-count'), list.count);
    assert.equal(list.count, ORDERS + 3);
    for (const [status, totals] of Object.entries(summary.by_status as Record<string, { count: number; amount: number }>)) {
      const card = page.locator(`.status-cards [data-filter="status=${status}"]`);
      assert.equal(await card.locator('.card-count').textContent(), count(totals.count));
      assert.equal(await card.locator('.card-amount').textContent(), won(totals.amount));
    }
    for (const name of ['stuck_payments', 'cancellation_requests', 'payment_failures']) {
      assert.equal(await shownNumber(page, `[data-issue="${name}"] [data-count]`, 'data-count'), summary.issues[name].count, name);
    }
    assert.equal(summary.issues.payment_failures.count, 2);
    assert.deepEqual(await shownOrderIds(page), list.list.map((o: { order_id: string }) => o.order_id));
    const firstRow = page.locator('tr[data-order-id]').first();
    assert.equal(await firstRow.locator('td.time').first().textContent(), localDateTime(Date.parse(list.list[0].created_at) / 1000, 'Asia/Seoul'));
    assert.equal(await firstRow.locator('td.amount').textContent(), won(list.list[0].price));
    assert.equal(await page.locator('.daily-chart .bar').count(), summary.daily.days.length);
  });

  test('last month by payment date, then cancellation requests: count and amount as the API says', async () => {
    await page.click('[data-cs-type="p_at"]');
    await page.click('[data-preset="last-month"]');
    await settled(page);
    await page.click('.status-cards [data-filter="status=3"]');
    await settled(page);
    const today = localDay(Math.floor(Date.now() / 1000), 'Asia/Seoul');
    const lastMonthEnd = new Date(Date.parse(`${today.slice(0, 7)}-01T00:00:00Z`) - 86_400_000).toISOString().slice(0, 10);
    const filters = urlFilters(page);
    assert.deepEqual(filters, { cs_type: 'p_at', css_at: `${lastMonthEnd.slice(0, 7)}-01`, cse_at: lastMonthEnd, status: '3' });
    const [summary, list] = await Promise.all([api('/v1/orders/summary', filters), api('/v1/orders', filters)]);
    assert.ok(summary.count > 0, 'the demo data has such orders');
    assert.equal(await shownNumber(page, '[data-total-count]', 'data-total-count'), summary.count);
    assert.equal(await shownNumber(page, '[data-total-amount]', 'data-total-amount'), summary.amount);
    assert.equal(await page.locator('.status-cards [data-filter="status=3"] .card-amount').textContent(), won(summary.by_status['3'].amount));
    assert.equal(await shownNumber(page, '[data-list-count]', 'data-list-count'), list.count);
    assert.equal(await page.getAttribute('.chips [data-value="3"]', 'aria-pressed'), 'true');
    await screenshot(page, '03-last-month-cancellation-requests');
  });

  test('status chips select several; back and forward restore each view', async () => {
    await page.click('.chips [data-value="2"]');
    await settled(page);
    assert.equal(urlFilters(page).status, '2,3');
    const both = await api('/v1/orders', urlFilters(page));
    assert.equal(await shownNumber(page, '[data-list-count]', 'data-list-count'), both.count);
    await page.goBack();
    await settled(page);
    assert.equal(urlFilters(page).status, '3');
    assert.equal(await page.getAttribute('.chips [data-value="2"]', 'aria-pressed'), 'false');
    assert.equal(await shownNumber(page, '[data-list-count]', 'data-list-count'), (await api('/v1/orders', urlFilters(page))).count);
    await page.goForward();
    await settled(page);
    assert.equal(await shownNumber(page, '[data-list-count]', 'data-list-count'), both.count);
  });

  test('pages and page size follow the API\'s pages', async () => {
    await page.click('button:has-text("초기화")');
    await settled(page);
    assert.deepEqual(urlFilters(page), {});
    await page.click('[data-page="next"]');
    await settled(page);
    assert.equal(new URL(page.url()).searchParams.get('page'), '2');
    const second = await api('/v1/orders', { page: '2' });
    assert.deepEqual(await shownOrderIds(page), second.list.map((o: { order_id: string }) => o.order_id));
    await page.selectOption('#page-size', '50');
    await settled(page);
    const fifty = await api('/v1/orders', { limit: '50' });
    assert.deepEqual(await shownOrderIds(page), fifty.list.map((o: { order_id: string }) => o.order_id));
    assert.equal(await page.locator('.pagination [aria-current="page"]').textContent(), '1');
  });

  test('a row opens the order\'s detail; Escape closes it; the keyboard reaches it', async () => {
    const [firstId] = await shownOrderIds(page);
    await page.locator('tr[data-order-id] td.time').first().click();
    await page.waitForSelector('dialog.detail .detail-section');
    const detail = await api(`/v1/orders/${firstId}`);
    assert.equal(new URL(page.url()).searchParams.get('order'), firstId);
    assert.equal(await page.textContent('dialog.detail h2'), detail.order_name);
    assert.equal(await page.textContent('dialog.detail [data-field="order_number"]'), detail.order_number);
    assert.equal(await page.textContent('dialog.detail [data-field="price"]'), won(detail.price));
    const products = await page.locator('dialog.detail table.products tbody tr td:first-child').allTextContents();
    assert.deepEqual(products, detail.products.map((p: { name: string }) => p.name));
    await screenshot(page, '04-detail', { fullPage: false });
    await page.keyboard.press('Escape');
    await page.waitForSelector('dialog.detail', { state: 'hidden' });
    assert.equal(new URL(page.url()).searchParams.get('order'), null);

    await page.locator('.order-link').first().focus();
    await page.keyboard.press('Enter');
    await page.waitForSelector('dialog.detail .detail-section');
    await page.keyboard.press('Escape');
    await page.waitForSelector('dialog.detail', { state: 'hidden' });
  });

  test('an issue lists exactly the orders it counts', async () => {
    for (const name of ['stuck_payments', 'cancellation_requests', 'payment_failures']) {
      const shown = await shownNumber(page, `[data-issue="${name}"] [data-count]`, 'data-count');
      await page.click(`[data-issue="${name}"]`);
      await settled(page);
      const { issues } = await api('/v1/orders/summary');
      const filters = urlFilters(page);
      const expected = issues[name].filter;
      if (name === 'stuck_payments') {
        // The threshold moves with the clock; it only has to be there.
        assert.ok(filters.created_before && expected.created_before);
        filters.created_before = expected.created_before;
      }
      assert.deepEqual(filters, expected, name);
      assert.equal(await shownNumber(page, '[data-list-count]', 'data-list-count'), shown, name);
      assert.equal((await api('/v1/orders', urlFilters(page))).count, shown, name);
    }
    await screenshot(page, '05-issue-payment-failures');
  });

  test('export downloads the current filters as a CSV', async () => {
    await page.click('[data-issue="stuck_payments"]');
    await settled(page);
    const filters = urlFilters(page);
    assert.ok(filters.created_before, 'the stuck-payments filter carries its threshold');
    const [download] = await Promise.all([page.waitForEvent('download'), page.click('[data-action="export"]')]);
    assert.match(download.suggestedFilename(), /^jumun-orders-\d{8}-\d{6}\.csv$/);
    const text = readFileSync((await download.path())!, 'utf8');
    assert.ok(text.startsWith('\uFEFF주문 ID,주문번호,주문명,결제 금액,'), 'a BOM and the Korean header (the console\'s default)');
    const rows = parseCsv(text.slice(1));
    const list = await api('/v1/orders', { ...filters, limit: '50' });
    assert.ok(list.count <= 50);
    // Ids are written as ="…" so a spreadsheet keeps them as text.
    assert.deepEqual(rows.slice(1).map((row) => spreadsheetValue(row[0]!)), list.list.map((o: { order_id: string }) => o.order_id));
  });

  test('an API error is shown with its message; no match is an empty state', async () => {
    await page.goto(`${server.baseUrl}/console?css_at=2025-02-30`);
    await page.waitForSelector('.error-banner:not([hidden])');
    assert.match(await page.textContent('.error-banner') ?? '', /css_at 값이 올바르지 않습니다: '2025-02-30'.*\(코드 1100\)/);
    await settled(page);
    assert.match(await page.textContent('.list .empty') ?? '', /목록을 불러오지 못했습니다\. css_at 값이 올바르지 않습니다/);
    await page.goto(`${server.baseUrl}/console?keyword=${encodeURIComponent('없는주문명')}`);
    await settled(page);
    assert.equal((await page.textContent('.list .empty'))?.trim(), '조건에 맞는 주문이 없습니다.');
    assert.equal(await page.textContent('.chart .empty'), '표시할 데이터가 없습니다.');
  });

  test('signing out ends the session on the server, not only on the screen', async () => {
    const cookie = (await page.context().cookies()).find((c) => c.name === 'jumun_session')!;
    await page.click('[data-action="sign-out"]');
    await page.waitForSelector('#email');
    assert.ok(!(await page.context().cookies()).some((c) => c.name === 'jumun_session'), 'the cookie is deleted');
    const replayed = await requestJson(server.baseUrl, '/v1/console/session', { headers: { cookie: `jumun_session=${cookie.value}` } });
    assert.deepEqual([replayed.status, replayed.body.code], [401, 1711], 'the old cookie opens nothing');
  });

  test('a session the server ended returns to sign-in with a message, on the next request and on reload', async () => {
    await signIn();
    await page.waitForSelector('[data-field="operator"]');
    await settled(page);
    await server.storage.db.updateTable('operator_sessions').set({ revoked_at: Math.floor(Date.now() / 1000) }).where('operator_id', '=', operator.operator_id).execute();
    await page.click('.chip >> nth=0');
    await page.waitForSelector('#email');
    assert.equal(await page.textContent('.form-message'), '로그인 세션이 만료되었습니다. 다시 로그인해 주세요.');
    await signIn();
    await page.waitForSelector('[data-field="operator"]');
    await settled(page);
    await server.storage.db.updateTable('operator_sessions').set({ revoked_at: Math.floor(Date.now() / 1000) }).where('operator_id', '=', operator.operator_id).execute();
    await page.reload();
    await page.waitForSelector('#email');
    assert.equal(await page.textContent('.form-message'), '로그인 세션이 만료되었습니다. 다시 로그인해 주세요.');
    await screenshot(page, '06-session-expired');
  });
});
