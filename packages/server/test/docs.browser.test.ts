import assert from 'node:assert/strict';
import { existsSync, mkdirSync } from 'node:fs';
import { after, before, describe, test } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from './support/console-page.js';
import { requestJson, startTestServer, type TestServer } from './support/test-server.js';

const SKIP = existsSync(CHROMIUM_PATH)
  ? false
  : `${CHROMIUM_PATH} is absent: the /docs browser test is skipped (install it with apt-get install -y chromium)`;

// From packages/server/dist/test: the repository root's test-artifacts/docs.
const ARTIFACTS_DIR = new URL('../../../../test-artifacts/docs/', import.meta.url).pathname;

describe('the API reference at /docs in headless Chromium', { skip: SKIP }, () => {
  let server: TestServer;
  let browser: Browser;
  let page: Page;
  const problems: string[] = [];
  const requestedHosts = new Set<string>();

  before(async () => {
    const { chromium } = await import('playwright-core');
    server = await startTestServer('sqlite');
    browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });
    page = await (await browser.newContext({ locale: 'ko-KR' })).newPage();
    // A CSP violation, a script error or a failed load would show here.
    page.on('console', (message) => {
      if (message.type() === 'error') problems.push(`console: ${message.text()}`);
    });
    page.on('pageerror', (error) => problems.push(`page: ${error.message}`));
    page.on('requestfailed', (request) => problems.push(`failed: ${request.url()}`));
    page.on('request', (request) => requestedHosts.add(new URL(request.url()).host));
  });
  after(async () => {
    await browser?.close();
    await server?.close();
  });

  test('renders every operation of the document, from local files only, under its CSP', async () => {
    const response = await page.goto(`${server.baseUrl}/docs`);
    assert.equal(response?.status(), 200);
    const csp = (await response!.allHeaders())['content-security-policy'] ?? '';
    assert.match(csp, /default-src 'self'/);
    assert.match(csp, /script-src 'self'/);
    assert.doesNotMatch(csp, /https:|unsafe-eval/);

    await page.waitForSelector('.opblock', { timeout: 20_000 });
    const document = (await requestJson(server.baseUrl, '/openapi.json')).body;
    const operations = Object.values(document.paths as Record<string, object>).flatMap((item) => Object.keys(item)).length;
    assert.equal(await page.locator('.opblock').count(), operations);

    const paths = await page.locator('.opblock-summary-path').allTextContents();
    for (const path of ['/v1/orders', '/v1/orders/{order_id}', '/v1/orders/summary', '/v1/orders/export', '/v1/request/token', '/healthz']) {
      assert.ok(paths.map((p) => p.replace(/\u200b/g, '')).includes(path), `${path} is shown: ${paths.join(', ')}`);
    }
    assert.ok((await page.locator('.opblock-summary-description').allTextContents()).includes('주문 조회'));
    assert.match((await page.locator('.info .title').textContent()) ?? '', /jumun API/);

    // Opening the list shows its parameters from the parameter table.
    await page.locator('#operations-주문-listOrders .opblock-summary').click();
    await page.waitForSelector('#operations-주문-listOrders .parameters');
    const parameters = await page.locator('#operations-주문-listOrders .parameter__name').allTextContents();
    for (const name of ['css_at', 'cse_at', 'status', 'order_type', 'cursor']) {
      assert.ok(parameters.some((p) => p.startsWith(name)), `${name} among ${parameters.join(', ')}`);
    }

    mkdirSync(ARTIFACTS_DIR, { recursive: true });
    await page.screenshot({ path: `${ARTIFACTS_DIR}docs.png`, fullPage: false });
    assert.deepEqual([...requestedHosts], [new URL(server.baseUrl).host], 'nothing is fetched from elsewhere');
    assert.deepEqual(problems, []);
  });
});
