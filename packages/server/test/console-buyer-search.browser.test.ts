import { TEST_DIALECTS } from './support/test-database.js';
import assert from 'node:assert/strict';
import { addOperator } from './support/operators.js';
import { existsSync } from 'node:fs';
import { after, before, describe, test } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import type { OrderWithProducts } from '../src/domain/order.js';
import type { NewKeyPair } from '../src/services/projects.js';
import { insertOrders } from '../src/storage/order-repository.js';
import { CHROMIUM_ARGS, CHROMIUM_PATH, settled, shownNumber, signIn, shownOrderIds, urlFilters } from './support/console-page.js';
import { handMadeOrder } from './support/fixtures.js';
import { seedOrders } from './support/summary-export-oracle.js';
import { basicAuth, requestJson, startTestServer, type TestServer } from './support/test-server.js';

const SKIP = existsSync(CHROMIUM_PATH) ? false : `${CHROMIUM_PATH} is absent: console browser tests skipped`;

for (const dialect of TEST_DIALECTS) {
  describe(`the console search box finds buyers by email and phone (headless Chromium) on ${dialect}`, { skip: SKIP }, () => {
    let server: TestServer;
    let keys: NewKeyPair;
    let browser: Browser;
    let page: Page;
    let buyerOrders: OrderWithProducts[];

    before(async () => {
      const { chromium } = await import('playwright-core');
      server = await startTestServer(dialect);
      keys = await server.createKeys('console-buyers');
      const now = Math.floor(Date.now() / 1000);
      await seedOrders(server.storage, keys.project_id, 300, now);
      buyerOrders = [0, 1, 2].map((n) => handMadeOrder(keys.project_id, {
        created_at: now - 86_400 * (n + 1), username: '홍길동', user_email: 'Gildong.Hong@Example.com', user_phone: '010-4321-9876',
        order_name: `검색 주문 ${n + 1}`,
      }));
      await insertOrders(server.storage, buyerOrders);
      browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });
      page = await (await browser.newContext({ viewport: { width: 1440, height: 900 }, locale: 'ko-KR' })).newPage();
      await page.goto(`${server.baseUrl}/console`);
      await signIn(page, await addOperator(server.storage, keys.project_id, 'viewer'));
      await settled(page);
    });
    after(async () => {
      await browser?.close();
      await server?.close();
    });

    async function search(text: string): Promise<void> {
      await page.fill('#filter-keyword', text);
      await page.click('form.filters button[type="submit"]');
      await settled(page);
    }

    const expectedIds = () => [...buyerOrders].sort((a, b) => b.created_at - a.created_at).map((o) => o.order_id);

    const cases: Array<[text: string, parameter: string]> = [
      ['gildong.hong@example.COM', 'user_email'],
      ['010-4321-9876', 'user_phone'],
      ['01043219876', 'user_phone'],
      ['9876', 'user_phone'],
    ];
    for (const [text, parameter] of cases) {
      test(`'${text}' is sent as ${parameter} and shows that buyer's orders`, async () => {
        await search(text);
        assert.deepEqual(urlFilters(page), { [parameter]: text });
        const shown = await shownOrderIds(page);
        // The API's own answer to the same URL, and the buyer's orders as seeded.
        const { body } = await requestJson(server.baseUrl, `/v1/orders?${new URLSearchParams({ [parameter]: text })}`, { authorization: basicAuth(keys) });
        assert.deepEqual(shown, body.list.map((o: { order_id: string }) => o.order_id));
        if (parameter === 'user_phone' && text === '9876') assert.ok(expectedIds().every((id) => shown.includes(id)));
        else assert.deepEqual(shown, expectedIds());
        assert.equal(await shownNumber(page, '[data-list-count]', 'data-list-count'), body.count);
        assert.equal(await page.inputValue('#filter-keyword'), text, 'the box keeps showing what was searched');
      });
    }

    test('a product name or an order number stays a keyword, and replaces the buyer search', async () => {
      await search('9876');
      await search('검색 주문');
      assert.deepEqual(urlFilters(page), { keyword: '검색 주문' });
      assert.deepEqual(await shownOrderIds(page), expectedIds());
      await search(buyerOrders[0]!.order_number.slice(0, 10));
      assert.deepEqual(urlFilters(page), { keyword: buyerOrders[0]!.order_number.slice(0, 10) });
    });

    test('the name field sends username', async () => {
      await page.fill('#filter-keyword', '');
      await page.fill('#filter-username', '홍길');
      await page.click('form.filters button[type="submit"]');
      await settled(page);
      assert.deepEqual(urlFilters(page), { username: '홍길' });
      const { body } = await requestJson(server.baseUrl, `/v1/orders?username=${encodeURIComponent('홍길')}`, { authorization: basicAuth(keys) });
      assert.ok(body.count >= 3);
      assert.equal(await shownNumber(page, '[data-list-count]', 'data-list-count'), body.count);
    });
  });
}
