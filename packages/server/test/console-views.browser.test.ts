/**
 * The console's layout, keyboard paths and accessibility, in headless Chromium against the real
 * server: axe-core on each main view, the list above the fold, phone cards, dates applied only
 * when complete, focus after the detail, skip link and shortcuts, presets, refresh.
 */
import assert from 'node:assert/strict';
import { addOperator, type TestOperator } from './support/operators.js';
import { existsSync } from 'node:fs';
import { after, before, describe, test } from 'node:test';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import type { NewKeyPair } from '../src/services/projects.js';
import {
  CHROMIUM_ARGS,
  CHROMIUM_PATH,
  screenshot,
  seriousA11yViolations,
  settled,
  shownNumber,
  signIn,
  urlFilters,
} from './support/console-page.js';
import { localDay, seedOrders } from './support/summary-export-oracle.js';
import { basicAuth, requestJson, startTestServer, type TestServer } from './support/test-server.js';

const SKIP = existsSync(CHROMIUM_PATH) ? false : `${CHROMIUM_PATH} is absent: console browser tests skipped`;

describe('console views, keyboard and accessibility in headless Chromium', { skip: SKIP }, () => {
  let server: TestServer;
  let keys: NewKeyPair;
  let agent: TestOperator;
  let browser: Browser;
  let desktop: Page;

  const api = async (path: string, params: Record<string, string> = {}) => {
    const query = new URLSearchParams(params).toString();
    const { status, body } = await requestJson(server.baseUrl, `${path}${query ? `?${query}` : ''}`, { authorization: basicAuth(keys) });
    assert.equal(status, 200, JSON.stringify(body));
    return body;
  };

  /** A signed-in page in its own context (axe is injected as a script: the context bypasses the CSP for it). */
  async function openConsole(options: Parameters<Browser['newContext']>[0] = {}, prepare?: (context: BrowserContext) => Promise<void>): Promise<Page> {
    const context = await browser.newContext({ viewport: { width: 1440, height: 900 }, locale: 'ko-KR', timezoneId: 'Asia/Seoul', bypassCSP: true, ...options });
    await prepare?.(context);
    const page = await context.newPage();
    await page.goto(`${server.baseUrl}/console`);
    await signIn(page, agent);
    await page.waitForSelector('tr[data-order-id]');
    await settled(page);
    return page;
  }

  /** Requests for the list (not the summary, not the export) made while `work` runs. */
  async function listRequests(page: Page, work: () => Promise<void>): Promise<string[]> {
    const urls: string[] = [];
    const onRequest = (request: { url(): string }) => {
      const url = new URL(request.url());
      if (url.pathname === '/v1/orders') urls.push(url.search);
    };
    page.on('request', onRequest);
    try {
      await work();
    } finally {
      page.off('request', onRequest);
    }
    return urls;
  }

  before(async () => {
    const { chromium } = await import('playwright-core');
    server = await startTestServer('sqlite');
    keys = await server.createKeys('console-views');
    agent = await addOperator(server.storage, keys.project_id, 'agent');
    await seedOrders(server.storage, keys.project_id, 600, Math.floor(Date.now() / 1000));
    browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });
    desktop = await openConsole();
  });
  after(async () => {
    await browser?.close();
    await server?.close();
  });

  test('axe-core: no serious or critical violations on the list, the detail, an issue\'s list and the confirmation', async () => {
    assert.deepEqual(await seriousA11yViolations(desktop), [], 'list');
    assert.equal(await desktop.locator('h1').count(), 1, 'one page heading');
    await desktop.click('[data-issue="cancellation_requests"]');
    await settled(desktop);
    assert.deepEqual(await seriousA11yViolations(desktop), [], 'issue list with selection');
    await desktop.locator('tr[data-order-id] td.time').first().click();
    await desktop.waitForSelector('dialog.detail .detail-section');
    assert.deepEqual(await seriousA11yViolations(desktop), [], 'detail');
    await desktop.click('[data-order-action="reject"]');
    await desktop.waitForSelector('dialog.confirm[open]');
    assert.deepEqual(await seriousA11yViolations(desktop), [], 'confirmation');
    await desktop.keyboard.press('Escape');
    await desktop.keyboard.press('Escape');
    await desktop.waitForSelector('dialog.detail', { state: 'hidden' });
  });

  test('at 1440×900 the order table starts, and its first rows show, without scrolling', async () => {
    await desktop.goto(`${server.baseUrl}/console`);
    await settled(desktop);
    const table = await desktop.locator('table.orders').boundingBox();
    const thirdRow = await desktop.locator('tr[data-order-id]').nth(2).boundingBox();
    assert.ok(table && thirdRow);
    assert.ok(table.y <= 900 - 120, `the table starts at ${table.y}px`);
    assert.ok(thirdRow.y + thirdRow.height <= 900, `the third row ends at ${thirdRow.y + thirdRow.height}px`);
    await screenshot(desktop, '20-desktop-fold', { fullPage: false });
  });

  test('on a 390×844 phone the orders are readable cards within the screen; axe finds nothing serious', async () => {
    const phone = await openConsole({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
    const pageWidth = await phone.evaluate<number>('document.documentElement.scrollWidth');
    assert.ok(pageWidth <= 390, `the page is ${pageWidth}px wide`);
    const card = await phone.locator('tr[data-order-id]').first().boundingBox();
    assert.ok(card && card.x >= 0 && card.x + card.width <= 390, `a card spans ${card?.x}–${(card?.x ?? 0) + (card?.width ?? 0)}px`);
    await screenshot(phone, '21-phone-top', { fullPage: false });
    await phone.locator('tr[data-order-id]').first().scrollIntoViewIfNeeded();
    await screenshot(phone, '22-phone-cards', { fullPage: false });
    // The chips and the other text fields are folded away on a phone, and open on demand.
    assert.equal(await phone.isVisible('.chips [data-value="3"]'), false);
    await phone.click('.filters-toggle');
    assert.equal(await phone.getAttribute('.filters-toggle', 'aria-expanded'), 'true');
    assert.ok(await phone.isVisible('.chips [data-value="3"]'));
    // Every field is labelled on the card (the table's header is not shown on a phone).
    const labels = await phone.locator('tr[data-order-id]').first().locator('td[data-label]').evaluateAll((cells) =>
      cells.map((cell) => getComputedStyle(cell, '::before').content));
    assert.ok(labels.includes('"주문명"') && labels.includes('"결제 금액"'), labels.join(' '));
    assert.deepEqual(await seriousA11yViolations(phone), [], 'phone');
    await phone.context().close();
  });

  test('typing a date sends nothing until it is a complete, plausible date', async () => {
    await desktop.goto(`${server.baseUrl}/console`);
    await settled(desktop);
    // Korean field order: the digits the issue typed end up as years 0006 … 60110: none is applied.
    const typed = await listRequests(desktop, async () => {
      await desktop.focus('#filter-css_at');
      await desktop.keyboard.type('20260110');
      await desktop.waitForTimeout(900);
    });
    assert.deepEqual(typed, []);
    assert.equal(urlFilters(desktop).css_at, undefined);
    assert.equal(await desktop.getAttribute('#filter-css_at', 'aria-invalid'), 'true');
    const today = localDay(Math.floor(Date.now() / 1000), 'Asia/Seoul');
    const complete = await listRequests(desktop, async () => {
      await desktop.fill('#filter-css_at', today);
      await desktop.waitForURL(/css_at=/);
      await settled(desktop);
    });
    assert.equal(complete.length, 1, complete.join(' '));
    assert.equal(urlFilters(desktop).css_at, today);

    // US field order (month, day, year): 0002-, 0020-, 0202-01-10 are skipped, 2026-01-10 applied once.
    const us = await openConsole({ locale: 'en-US' });
    const usTyped = await listRequests(us, async () => {
      await us.focus('#filter-cse_at');
      await us.keyboard.type('01102026');
      await us.waitForURL(/cse_at=2026-01-10/);
      await settled(us);
    });
    assert.equal(usTyped.length, 1, usTyped.join(' '));
    await us.context().close();
  });

  test('a bad date in the URL is named under the date field', async () => {
    await desktop.goto(`${server.baseUrl}/console?css_at=2025-02-30`);
    await settled(desktop);
    assert.match(await desktop.textContent('#date-error') ?? '', /시작일 '2025-02-30'/);
    assert.equal(await desktop.getAttribute('#filter-css_at', 'aria-invalid'), 'true');
  });

  test('Escape closes the detail and focus returns to its row; the skip link reaches the list', async () => {
    await desktop.goto(`${server.baseUrl}/console`);
    await settled(desktop);
    // Opened by the keyboard, and by a click on the row (which leaves nothing focused), alike.
    for (const [n, open] of [[3, 'keyboard'], [5, 'mouse']] as const) {
      const row = desktop.locator('tr[data-order-id]').nth(n);
      const orderId = await row.getAttribute('data-order-id');
      if (open === 'keyboard') {
        await row.locator('.order-link').focus();
        await desktop.keyboard.press('Enter');
      } else {
        await row.locator('td.time').first().click();
      }
      await desktop.waitForSelector('dialog.detail .detail-section');
      await desktop.keyboard.press('Escape');
      await desktop.waitForSelector('dialog.detail', { state: 'hidden' });
      assert.equal(await desktop.evaluate<string | undefined>('document.activeElement?.dataset.orderId'), orderId!, open);
    }

    await desktop.goto(`${server.baseUrl}/console`);
    await settled(desktop);
    await desktop.keyboard.press('Tab');
    assert.equal(await desktop.evaluate<string>('document.activeElement.textContent'), '주문 목록으로 건너뛰기');
    assert.ok(await desktop.isVisible('.skip-link'), 'visible when focused');
    await desktop.keyboard.press('Enter');
    assert.equal(await desktop.evaluate<string>('document.activeElement.id'), 'list-title');
  });

  test('shortcuts: / focuses the search, n and p walk the pages; not while typing', async () => {
    await desktop.goto(`${server.baseUrl}/console`);
    await settled(desktop);
    await desktop.keyboard.press('n');
    await settled(desktop);
    assert.equal(new URL(desktop.url()).searchParams.get('page'), '2');
    await desktop.keyboard.press('n');
    await settled(desktop);
    assert.equal(new URL(desktop.url()).searchParams.get('page'), '3');
    await desktop.keyboard.press('p');
    await settled(desktop);
    assert.equal(new URL(desktop.url()).searchParams.get('page'), '2');
    await desktop.keyboard.press('/');
    assert.equal(await desktop.evaluate<string>('document.activeElement.id'), 'filter-keyword');
    await desktop.keyboard.type('np');
    assert.equal(await desktop.inputValue('#filter-keyword'), 'np', 'typed text, not shortcuts');
    assert.equal(new URL(desktop.url()).searchParams.get('page'), '2');
  });

  test('a status card filter says why the other cards read 0; paid revenue is shown beside the total', async () => {
    await desktop.goto(`${server.baseUrl}/console`);
    await settled(desktop);
    const summary = await api('/v1/orders/summary');
    assert.equal(await shownNumber(desktop, '[data-paid-amount]', 'data-paid-amount'), summary.by_payment_status['1'].amount);
    assert.equal(await shownNumber(desktop, '[data-total-amount]', 'data-total-amount'), summary.amount);
    assert.equal((await desktop.textContent('[data-filter-note]'))?.trim(), '');
    await desktop.click('.status-cards [data-filter="status=2"]');
    await settled(desktop);
    assert.match(await desktop.textContent('[data-filter-note]') ?? '', /주문 상태 결제 완료 조건이 적용되어 있어 그 밖의 상태는 0건/);
  });

  test('on the 1st of a month only 오늘 is lit, not 이번 달 too', async () => {
    const today = localDay(Math.floor(Date.now() / 1000), 'Asia/Seoul');
    const first = await openConsole({}, async (context) => {
      // Just after midnight in Seoul on the 1st of this month (never after the real now, which would
      // make the fresh token look expired); timers keep running.
      await context.clock.setFixedTime(new Date(`${today.slice(0, 7)}-01T00:00:30+09:00`));
    });
    await first.click('[data-preset="today"]');
    await settled(first);
    assert.equal(urlFilters(first).css_at, `${today.slice(0, 7)}-01`);
    assert.deepEqual(await first.locator('.preset[aria-pressed="true"]').allTextContents(), ['오늘']);
    await first.context().close();
  });

  test('the console shows when it was updated and reloads every 60 s while visible', async () => {
    const page = await openConsole({}, async (context) => {
      await context.clock.install();
    });
    const stamp = await page.getAttribute('[data-updated-at]', 'data-updated-at');
    assert.match(stamp ?? '', /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/);
    const reloads = await listRequests(page, async () => {
      await page.clock.runFor(30_000);
      await page.waitForTimeout(200);
    });
    assert.deepEqual(reloads, [], 'not before 60 s');
    const later = await listRequests(page, async () => {
      await page.clock.runFor(31_000);
      await page.waitForResponse((response) => new URL(response.url()).pathname === '/v1/orders/summary');
      await settled(page);
    });
    assert.equal(later.length, 1, later.join(' '));
    await page.context().close();
  });
});
