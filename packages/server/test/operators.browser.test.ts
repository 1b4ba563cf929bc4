import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, test } from 'node:test';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import type { NewKeyPair } from '../src/services/projects.js';
import { CHROMIUM_ARGS, CHROMIUM_PATH, screenshot, settled } from './support/console-page.js';
import { addOperator, type TestOperator } from './support/operators.js';
import { OrdersApi } from './support/order-writes.js';
import { createTestDatabase, TEST_DIALECTS } from './support/test-database.js';
import { basicAuth, startServerOn, type TestServer } from './support/test-server.js';

const SKIP = existsSync(CHROMIUM_PATH) ? false : `${CHROMIUM_PATH} is absent: browser tests skipped`;
const IDLE_SECONDS = 4;

for (const dialect of TEST_DIALECTS) {
  describe(`staff in the console, in headless Chromium on ${dialect}`, { skip: SKIP }, () => {
    let server: TestServer;
    let keys: NewKeyPair;
    let orders: OrdersApi;
    let browser: Browser;
    const staff = {} as Record<'viewer' | 'agent' | 'admin', TestOperator>;
    /** Requests to the cancel routes as the server saw them: whether a session cookie came, and the answer. */
    const cancelAttempts: Array<{ cookie: boolean; origin: string | undefined; status: number }> = [];

    before(async () => {
      const { chromium } = await import('playwright-core');
      server = await startServerOn(await createTestDatabase(dialect), {
        beforeRoutes: (app) => app.addHook('onResponse', async (request, reply) => {
          if (request.url.endsWith('/cancel/approve')) {
            cancelAttempts.push({ cookie: (request.headers.cookie ?? '').includes('jumun_session='), origin: request.headers.origin, status: reply.statusCode });
          }
        }),
      });
      keys = await server.createKeys('console-staff');
      orders = new OrdersApi(server.baseUrl, basicAuth(keys));
      for (const role of ['viewer', 'agent', 'admin'] as const) {
        staff[role] = await addOperator(server.storage, keys.project_id, role, { viewer: '이조회', agent: '박상담', admin: '최관리' }[role]);
      }
      browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });
    });
    after(async () => {
      await browser?.close();
      await server?.close();
    });

    async function newPage(): Promise<{ context: BrowserContext; page: Page }> {
      const context = await browser.newContext({ viewport: { width: 1280, height: 860 }, locale: 'ko-KR' });
      return { context, page: await context.newPage() };
    }

    async function signIn(page: Page, operator: { email: string; password: string }): Promise<void> {
      await page.goto(`${server.baseUrl}/console`);
      await page.fill('#email', operator.email);
      await page.fill('#password', operator.password);
      await page.click('form.sign-in-card button[type="submit"]');
      await page.waitForSelector('[data-field="operator"]');
      await settled(page);
    }

    async function requestedCancellation(): Promise<string> {
      const id = (await orders.create()).body.order_id as string;
      assert.equal((await orders.act(id, 'payment.complete')).status, 200);
      assert.equal((await orders.act(id, 'cancel.request')).status, 200);
      return id;
    }

    /** A write from the signed-in page itself, with the session's CSRF token (what the console's buttons send). */
    const approveFromPage = (page: Page, orderId: string, withToken = true) => page.evaluate<{ status: number; code: number }>(`(async () => {
      const session = await (await fetch('/v1/console/session')).json();
      const headers = { 'content-type': 'application/json' };
      if (${withToken}) headers['x-csrf-token'] = session.csrf_token;
      const response = await fetch('/v1/orders/${orderId}/cancel/approve', { method: 'POST', headers });
      return { status: response.status, code: (await response.json()).code ?? null };
    })()`);

    const statusOf = async (orderId: string) =>
      (await server.storage.db.selectFrom('orders').select('status').where('order_id', '=', orderId).executeTakeFirstOrThrow()).status;

    test('a viewer sees no staff management, and the API refuses its approval with 403; an agent approves from the same page', async () => {
      const { context, page } = await newPage();
      await signIn(page, staff.viewer);
      assert.equal(await page.textContent('[data-field="operator"]'), '이조회 (조회)');
      assert.equal(await page.locator('[data-action="operators"]').count(), 0, 'no operators link for a viewer');
      const id = await requestedCancellation();
      assert.deepEqual(await approveFromPage(page, id), { status: 403, code: 1713 });
      assert.equal(await statusOf(id), 3);
      // The operators page is for admins: a viewer who goes there gets the console.
      await page.goto(`${server.baseUrl}/console/operators`);
      await page.waitForSelector('[data-field="operator"]');
      assert.equal(new URL(page.url()).pathname, '/console');
      assert.equal(await page.locator('[aria-label="운영자 목록"]').count(), 0);
      await context.close();

      const agent = await newPage();
      await signIn(agent.page, staff.agent);
      assert.deepEqual(await approveFromPage(agent.page, id, false), { status: 403, code: 1712 }, 'without the CSRF token: refused');
      assert.equal(await statusOf(id), 3);
      assert.deepEqual(await approveFromPage(agent.page, id), { status: 200, code: null });
      assert.equal(await statusOf(id), 4);
      // The history names the agent and the console, in Korean.
      await agent.page.goto(`${server.baseUrl}/console?order=${id}`);
      await agent.page.waitForSelector('.history li:has-text("취소 승인")');
      const last = await agent.page.locator('.history li').last().textContent();
      assert.match(last ?? '', /취소 승인/);
      assert.match(last ?? '', /박상담 · 콘솔/);
      assert.match(await agent.page.locator('.history li').first().textContent() ?? '', new RegExp(`주문 생성.*API 키 ${keys.client_key} · API`));
      await screenshot(agent.page, 'staff-01-history');
      await agent.context.close();
    });

    test('another site\'s page cannot approve with the agent\'s cookie: the foreign Origin is refused', async () => {
      const { context, page } = await newPage();
      await signIn(page, staff.agent);
      const id = await requestedCancellation();
      // Another port of the same host is the same site, so SameSite=Strict still sends the cookie: only the Origin check stops it.
      const evil: Server = createServer((_request, response) => {
        response.setHeader('content-type', 'text/html; charset=utf-8');
        response.end(`<!doctype html><script>
          fetch(${JSON.stringify(`${server.baseUrl}/v1/orders/${id}/cancel/approve`)}, { method: 'POST', credentials: 'include', mode: 'no-cors', headers: { 'content-type': 'text/plain' }, body: '{}' })
            .then(() => { document.title = 'sent'; }, () => { document.title = 'failed'; });
        </script>`);
      });
      await new Promise<void>((resolve) => evil.listen(0, '127.0.0.1', resolve));
      try {
        const before = cancelAttempts.length;
        await page.goto(`http://127.0.0.1:${(evil.address() as AddressInfo).port}/`);
        await page.waitForFunction(() => document.title === 'sent' || document.title === 'failed');
        const attempt = cancelAttempts.slice(before);
        assert.equal(attempt.length, 1, 'the forged request reached the server');
        assert.deepEqual({ ...attempt[0], origin: attempt[0]!.origin?.startsWith('http://127.0.0.1:') }, { cookie: true, origin: true, status: 403 });
        assert.equal(await statusOf(id), 3, 'the order did not change');
      } finally {
        evil.close();
        await context.close();
      }
    });

    test('an admin adds an agent with a one-time link; the agent sets a password and signs in; disabling ends that session', async () => {
      const admin = await newPage();
      admin.page.on('dialog', (dialog) => void dialog.accept());
      await signIn(admin.page, staff.admin);
      await admin.page.click('[data-action="operators"]');
      await admin.page.waitForSelector('[aria-label="운영자 목록"] tr[data-operator-id]');
      await admin.page.fill('#new-operator-email', 'new.agent@example.com');
      await admin.page.fill('#new-operator-name', '정상담');
      await admin.page.selectOption('#new-operator-role', 'agent');
      await admin.page.click('form[aria-label="운영자 추가"] button[type="submit"]');
      const link = await (await admin.page.waitForSelector('[data-field="set-password-url"]')).inputValue();
      assert.match(link, new RegExp(`^${server.baseUrl}/console/set-password\\?token=[A-Za-z0-9_-]{43}$`));
      await screenshot(admin.page, 'staff-02-operators');

      const newcomer = await newPage();
      await newcomer.page.goto(link);
      await newcomer.page.waitForSelector('#new-password');
      assert.equal(new URL(newcomer.page.url()).search, '', 'the token left the address bar');
      await newcomer.page.fill('#new-password', '정상담의 새 비밀번호입니다');
      await newcomer.page.fill('#confirm-password', '정상담의 새 비밀번호입니다');
      await newcomer.page.click('form.sign-in-card button[type="submit"]');
      await newcomer.page.waitForSelector('#email');
      assert.equal(await newcomer.page.inputValue('#email'), 'new.agent@example.com');
      await newcomer.page.fill('#password', '정상담의 새 비밀번호입니다');
      await newcomer.page.click('form.sign-in-card button[type="submit"]');
      await newcomer.page.waitForSelector('[data-field="operator"]');
      assert.equal(await newcomer.page.textContent('[data-field="operator"]'), '정상담 (상담)');
      await settled(newcomer.page);

      await admin.page.reload();
      const row = admin.page.locator('tr[data-operator-id]', { hasText: 'new.agent@example.com' });
      await row.locator('[data-field="state"]:has-text("사용 중")').waitFor();
      await row.locator('[data-action="disable"]').click();
      await row.locator('[data-field="state"]:has-text("비활성화됨")').waitFor();
      const audit = await admin.page.locator('[aria-label="감사 로그"] tbody tr').allTextContents();
      const stored = await server.storage.db.selectFrom('audit_log').select('action').where('project_id', '=', keys.project_id).orderBy('at', 'desc').orderBy('audit_id', 'desc').execute();
      assert.equal(audit.length, stored.length);
      assert.match(audit[0]!, /운영자 비활성화.*최관리.*new\.agent@example\.com/);

      // The disabled agent's next request ends on the sign-in page.
      await newcomer.page.click('.chip >> nth=0');
      await newcomer.page.waitForSelector('#email');
      assert.equal(await newcomer.page.textContent('.form-message'), '로그인 세션이 만료되었습니다. 다시 로그인해 주세요.');
      await admin.context.close();
      await newcomer.context.close();
    });

    test('a session left idle ends by itself: the console returns to sign-in', async () => {
      // A server of its own, whose sessions end after a few idle seconds.
      const quick = await startServerOn(await createTestDatabase(dialect), { limits: { sessions: { idleSeconds: IDLE_SECONDS } } });
      const { context, page } = await newPage();
      try {
        const viewer = await addOperator(quick.storage, (await quick.createKeys('idle')).project_id, 'viewer');
        const started = Date.now();
        await page.goto(`${quick.baseUrl}/console`);
        await page.fill('#email', viewer.email);
        await page.fill('#password', viewer.password);
        await page.click('form.sign-in-card button[type="submit"]');
        await page.waitForSelector('[data-field="operator"]');
        await page.waitForSelector('#email', { timeout: (IDLE_SECONDS + 5) * 1000 });
        assert.ok(Date.now() - started >= (IDLE_SECONDS - 1) * 1000, 'not before the idle time');
        assert.equal(await page.textContent('.form-message'), '로그인 세션이 만료되었습니다. 다시 로그인해 주세요.');
        await page.reload();
        await page.waitForSelector('#email');
        assert.equal(await page.textContent('.form-message'), '로그인 세션이 만료되었습니다. 다시 로그인해 주세요.', 'the server ended it too');
      } finally {
        await context.close();
        await quick.close();
      }
    });

    test('saved views: tabs with live counts; choosing one puts its filters in the URL; an admin\'s shared view reaches everyone', async () => {
      const countOf = async (status: 0 | 1 | 2 | 3 | 4) =>
        Number((await server.storage.db.selectFrom('orders').select((eb) => eb.fn.countAll().as('n')).where('project_id', '=', keys.project_id).where('status', '=', status).executeTakeFirstOrThrow()).n);
      const admin = await newPage();
      await signIn(admin.page, staff.admin);
      await admin.page.goto(`${server.baseUrl}/console?status=3`);
      await admin.page.waitForSelector('[data-action="save-view"]');
      await settled(admin.page);
      await admin.page.click('[data-action="save-view"]');
      await admin.page.fill('#view-name', '취소 요청 대기');
      await admin.page.check('#view-shared');
      await admin.page.click('form.view-save button[type="submit"]');
      const tab = admin.page.locator('.view-tab', { hasText: '취소 요청 대기' });
      await tab.locator('.view-count').waitFor();
      assert.equal(Number(await tab.locator('.view-count').getAttribute('data-count')), await countOf(3));
      assert.equal(await tab.getAttribute('class'), 'view-tab current', 'the current filters are this view');
      await screenshot(admin.page, 'staff-03-saved-views');
      await admin.context.close();

      const viewer = await newPage();
      await signIn(viewer.page, staff.viewer);
      const shared = viewer.page.locator('.view-tab', { hasText: '취소 요청 대기' });
      await shared.locator('.view-count').waitFor();
      assert.equal(await shared.locator('[data-action="delete-view"]').count(), 0, 'a viewer cannot delete the admin\'s view');
      await shared.locator('.view-tab-button').click();
      await viewer.page.waitForURL(/status=3/);
      await settled(viewer.page);
      assert.equal(new URL(viewer.page.url()).searchParams.get('status'), '3');
      await viewer.page.click('[data-view-id="all"]');
      await viewer.page.waitForURL((url) => !url.searchParams.has('status'));
      await viewer.context.close();
    });

    test('signing out, then back: the console asks for a password again', async () => {
      const { context, page } = await newPage();
      await signIn(page, staff.admin);
      await page.click('[data-action="sign-out"]');
      await page.waitForSelector('#email');
      await page.goto(`${server.baseUrl}/console`);
      await page.waitForSelector('#email');
      assert.equal(await page.textContent('.form-message'), '', 'a signed-out visitor is simply asked to sign in');
      await context.close();
    });
  });
}
