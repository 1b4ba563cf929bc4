import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import { newOrderId } from '../src/domain/order-ids.js';
import { importOrders } from '../src/services/order-import.js';
import type { NewKeyPair } from '../src/services/projects.js';
import { addOperator, consoleRequest, signIn, signInRequest, TEST_PASSWORD, type ConsoleSession, type TestOperator } from './support/operators.js';
import { ACTION_BODIES, ACTION_PATHS, newOrderBody, OrdersApi, type Action } from './support/order-writes.js';
import { createTestDatabase, TEST_DIALECTS } from './support/test-database.js';
import { basicAuth, requestJson, startServerOn, type TestServer } from './support/test-server.js';

const now = () => Math.floor(Date.now() / 1000);
const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');
const envelopeOf = (body: any) => ({ status: body.status, code: body.code, message: body.message });

/** Cookie attributes of a Set-Cookie header, lower-cased names. */
function cookieAttributes(setCookie: string): Record<string, string | true> {
  const [, ...parts] = setCookie.split(';').map((p) => p.trim());
  return Object.fromEntries(parts.map((p) => {
    const [name, value] = p.split('=');
    return [name!.toLowerCase(), value ?? true];
  }));
}

type Role = 'viewer' | 'agent' | 'admin' | 'read key' | 'write key';
/** The order state a request needs to succeed: created (0), paid (2) or cancellation requested (3). */
type Needs = 0 | 2 | 3 | null;

/**
 * The role matrix the issue states: viewer reads, lists, summarizes and exports; agent also
 * approves and rejects cancellation requests and cancels; admin also manages operators (and may
 * do every order change); keys by scope, and never staff management.
 */
const MATRIX: Array<{ name: string; method: string; path: (id: string) => string; needs: Needs; allowed: Role[]; ok: number }> = [
  { name: 'list', method: 'GET', path: () => '/v1/orders', needs: null, allowed: ['viewer', 'agent', 'admin', 'read key', 'write key'], ok: 200 },
  { name: 'detail', method: 'GET', path: (id) => `/v1/orders/${id}`, needs: 0, allowed: ['viewer', 'agent', 'admin', 'read key', 'write key'], ok: 200 },
  { name: 'summary', method: 'GET', path: () => '/v1/orders/summary', needs: null, allowed: ['viewer', 'agent', 'admin', 'read key', 'write key'], ok: 200 },
  { name: 'export', method: 'GET', path: () => '/v1/orders/export', needs: null, allowed: ['viewer', 'agent', 'admin', 'read key', 'write key'], ok: 200 },
  { name: 'create', method: 'POST', path: () => '/v1/orders', needs: null, allowed: ['admin', 'write key'], ok: 201 },
  ...(['payment.start', 'cancel.request', 'cancel.approve', 'cancel.reject', 'cancel'] as const).map((action) => ({
    name: action, method: 'POST', path: (id: string) => `/v1/orders/${id}/${ACTION_PATHS[action]}`,
    needs: ({ 'payment.start': 0, 'cancel.request': 2, 'cancel.approve': 3, 'cancel.reject': 3, cancel: 2 } as const)[action],
    allowed: (['cancel.approve', 'cancel.reject', 'cancel'].includes(action)
      ? ['agent', 'admin', 'write key'] : ['admin', 'write key']) as Role[],
    ok: 200,
  })),
  { name: 'operators', method: 'GET', path: () => '/v1/operators', needs: null, allowed: ['admin'], ok: 200 },
  { name: 'new operator', method: 'POST', path: () => '/v1/operators', needs: null, allowed: ['admin'], ok: 201 },
  { name: 'audit log', method: 'GET', path: () => '/v1/audit-log', needs: null, allowed: ['admin'], ok: 200 },
];

for (const dialect of TEST_DIALECTS) {
  describe(`staff accounts, console sessions and roles (${dialect})`, () => {
    let server: TestServer;
    let keys: NewKeyPair;
    let readKeys: NewKeyPair;
    let orders: OrdersApi;
    const staff = {} as Record<'viewer' | 'agent' | 'admin', TestOperator>;
    const sessions = {} as Record<'viewer' | 'agent' | 'admin', ConsoleSession>;

    before(async () => {
      server = await startServerOn(await createTestDatabase(dialect), {
        limits: { rateLimits: { authFailuresPerMinute: 0, signInFailuresPerHour: 0 }, sessions: { idleSeconds: 600, absoluteSeconds: 3600 } },
      });
      keys = await server.createKeys('operators');
      readKeys = await server.createKeys('operators', 'read');
      orders = new OrdersApi(server.baseUrl, basicAuth(keys));
      for (const role of ['viewer', 'agent', 'admin'] as const) {
        staff[role] = await addOperator(server.storage, keys.project_id, role, { viewer: '이조회', agent: '박상담', admin: '최관리' }[role]);
        sessions[role] = await signIn(server.baseUrl, staff[role]);
      }
    });
    after(async () => server?.close());

    /** An order of the project brought to `status` through the key's API. */
    async function orderIn(status: 0 | 2 | 3): Promise<string> {
      const id = (await orders.create()).body.order_id as string;
      if (status >= 2) assert.equal((await orders.act(id, 'payment.complete')).status, 200);
      if (status === 3) assert.equal((await orders.act(id, 'cancel.request')).status, 200);
      return id;
    }

    const statusOf = async (orderId: string) =>
      (await server.storage.db.selectFrom('orders').select('status').where('order_id', '=', orderId).executeTakeFirstOrThrow()).status;

    test('sign-in: an HttpOnly, SameSite=Strict cookie, the operator and a CSRF token; only hashes are stored', async () => {
      const session = sessions.agent;
      const attributes = cookieAttributes(session.setCookie);
      assert.deepEqual(attributes, { path: '/', httponly: true, samesite: 'Strict', 'max-age': '3600' }, session.setCookie);
      assert.match(session.cookie, /^jumun_session=[A-Za-z0-9_-]{43}$/);
      assert.deepEqual(session.body.operator, { operator_id: staff.agent.operator_id, email: staff.agent.email, name: '박상담', role: 'agent' });
      assert.equal(typeof session.csrf, 'string');
      const token = session.cookie.slice('jumun_session='.length);
      const stored = await server.storage.db.selectFrom('operator_sessions').selectAll().where('operator_id', '=', staff.agent.operator_id).execute();
      assert.equal(stored.length, 1);
      assert.equal(stored[0]!.session_hash, sha256(token), 'the session is stored as the SHA-256 of its token');
      const account = await server.storage.db.selectFrom('operators').selectAll().where('operator_id', '=', staff.agent.operator_id).executeTakeFirstOrThrow();
      assert.match(account.password_hash!, /^scrypt\$32768\$8\$1\$[A-Za-z0-9_-]{22}\$[A-Za-z0-9_-]{43}$/);
      assert.ok(!account.password_hash!.includes(TEST_PASSWORD));
      const me = await consoleRequest(server.baseUrl, session, '/v1/console/session');
      assert.equal(me.status, 200);
      assert.equal(me.body.csrf_token, session.csrf);
      assert.equal(me.body.operator.role, 'agent');
    });

    test('every failed sign-in is the same 401 / 1710, and the audit log records each with its reason', async () => {
      const pending = (await server.storage.db.selectFrom('operators').select('email').execute()).length;
      const { createOperator } = await import('../src/services/operators.js');
      const noPassword = await createOperator(server.storage, { email: 'pending@example.com', name: '대기', role: 'viewer' }, null, {
        projectId: keys.project_id, by: { actor_type: 'system', actor_id: null, actor_name: 'test' }, now: now(), linkSeconds: 60,
      });
      assert.ok(noPassword.link && pending >= 3);
      const disabled = await addOperator(server.storage, keys.project_id, 'viewer');
      assert.equal((await consoleRequest(server.baseUrl, sessions.admin, `/v1/operators/${disabled.operator_id}/disable`, { method: 'POST' })).status, 200);
      const before = Number((await server.storage.db.selectFrom('audit_log').select((eb) => eb.fn.countAll().as('n')).where('action', '=', 'sign_in_failed').executeTakeFirstOrThrow()).n);
      const attempts = [
        [staff.viewer.email, 'wrong password, long enough'],
        ['nobody@example.com', TEST_PASSWORD],
        ['pending@example.com', TEST_PASSWORD],
        [disabled.email, TEST_PASSWORD],
        [staff.viewer.email, ''],
      ] as const;
      for (const [email, password] of attempts) {
        const response = await signInRequest(server.baseUrl, email, password);
        assert.deepEqual(envelopeOf(response.body), { status: 401, code: 1710, message: '이메일 또는 비밀번호가 올바르지 않습니다.' }, email);
        assert.equal(response.status, 401);
        assert.equal(response.headers.get('set-cookie'), null);
      }
      const failures = await server.storage.db.selectFrom('audit_log').selectAll().where('action', '=', 'sign_in_failed').orderBy('at').execute();
      assert.equal(failures.length - before, attempts.length);
      const reasons = failures.slice(before).map((f) => JSON.parse(f.detail!).reason).sort();
      assert.deepEqual(reasons, ['disabled', 'no_password', 'unknown_email', 'wrong_password', 'wrong_password']);
      assert.ok(failures.every((f) => !f.detail!.includes('wrong password') && !f.detail!.includes(TEST_PASSWORD)), 'no password is logged');
    });

    test('a session reads; its writes need the CSRF token and no foreign Origin (403 / 1712, nothing changed)', async () => {
      const list = await consoleRequest(server.baseUrl, sessions.viewer, '/v1/orders?limit=1');
      assert.equal(list.status, 200);
      const stored = Number((await server.storage.db.selectFrom('orders').select((eb) => eb.fn.countAll().as('n')).where('project_id', '=', keys.project_id).executeTakeFirstOrThrow()).n);
      assert.equal(list.body.count, stored);
      const id = await orderIn(2);
      const cancel = (headers: Record<string, string>) =>
        requestJson(server.baseUrl, `/v1/orders/${id}/cancel`, { method: 'POST', body: ACTION_BODIES.cancel, headers: { cookie: sessions.agent.cookie, ...headers } });
      for (const [label, headers] of [
        ['no token', {}],
        ['a wrong token', { 'x-csrf-token': sessions.viewer.csrf }],
        ['a foreign origin', { 'x-csrf-token': sessions.agent.csrf, origin: 'https://evil.example' }],
        ['a cross-site fetch', { 'x-csrf-token': sessions.agent.csrf, 'sec-fetch-site': 'cross-site' }],
      ] as const) {
        const response = await cancel(headers);
        assert.equal(response.status, 403, label);
        assert.equal(response.body.code, 1712, label);
        assert.equal(await statusOf(id), 2, `${label}: the order did not change`);
      }
      const done = await cancel({ 'x-csrf-token': sessions.agent.csrf, origin: server.baseUrl });
      assert.equal(done.status, 200, JSON.stringify(done.body));
      assert.equal(await statusOf(id), 4);
      // Sign-in from a foreign page is refused too (login CSRF).
      const foreign = await signInRequest(server.baseUrl, staff.viewer.email, TEST_PASSWORD, { origin: 'https://evil.example' });
      assert.equal(foreign.status, 403);
      assert.equal(foreign.body.code, 1712);
    });

    test('the role matrix: every route answers each role as the table says', async () => {
      /** Any answer (the export is CSV): the status, and the envelope when it is JSON. */
      const send = async (method: string, path: string, body: unknown, headers: Record<string, string>) => {
        const response = await fetch(server.baseUrl + path, {
          method, headers: { 'content-type': 'application/json', ...headers }, body: body === undefined ? undefined : JSON.stringify(body),
        });
        const text = await response.text();
        return { status: response.status, body: (response.headers.get('content-type') ?? '').includes('json') ? JSON.parse(text) : text };
      };
      const asStaff = (session: ConsoleSession) => (method: string, path: string, body?: unknown) =>
        send(method, path, body, { cookie: session.cookie, ...(method === 'GET' ? {} : { 'x-csrf-token': session.csrf, origin: server.baseUrl }) });
      const callers: Record<Role, (method: string, path: string, body?: unknown) => Promise<{ status: number; body: any }>> = {
        viewer: asStaff(sessions.viewer),
        agent: asStaff(sessions.agent),
        admin: asStaff(sessions.admin),
        'read key': (method, path, body) => send(method, path, body, { authorization: basicAuth(readKeys) }),
        'write key': (method, path, body) => send(method, path, body, { authorization: basicAuth(keys) }),
      };
      let checked = 0;
      for (const row of MATRIX) {
        for (const role of Object.keys(callers) as Role[]) {
          const id = row.needs === null ? '' : await orderIn(row.needs);
          const body = row.name === 'create' ? newOrderBody()
            : row.name === 'new operator' ? { email: `new-${checked}@example.com`, name: '새 운영자', role: 'viewer' }
              : (ACTION_BODIES as Record<string, unknown>)[row.name as Action];
          const response = await callers[role](row.method, row.path(id), body);
          const allowed = row.allowed.includes(role);
          const label = `${role} ${row.name}: ${response.status} ${JSON.stringify(response.body).slice(0, 200)}`;
          if (allowed) {
            assert.equal(response.status, row.ok, label);
          } else {
            assert.equal(response.status, 403, label);
            // A read key keeps its own code; staff and keys refused by role get 1713.
            assert.equal(response.body.code, role === 'read key' && !['operators', 'new operator', 'audit log'].includes(row.name) ? 1703 : 1713, label);
            if (row.needs !== null) assert.equal(await statusOf(id), row.needs, `${label}: the order did not change`);
          }
          checked++;
        }
      }
      assert.equal(checked, MATRIX.length * 5);
    });

    test('the history names who changed an order and through what, with Korean action labels', async () => {
      const id = await orderIn(3);
      const approved = await consoleRequest(server.baseUrl, sessions.agent, `/v1/orders/${id}/cancel/approve`, { method: 'POST' });
      assert.equal(approved.status, 200);
      const detail = (await requestJson(server.baseUrl, `/v1/orders/${id}`, { authorization: basicAuth(keys) })).body;
      const rows = await server.storage.db.selectFrom('order_status_history').selectAll().where('order_id', '=', id).orderBy('seq').execute();
      assert.deepEqual(
        detail.history.map((h: any) => [h.action, h.action_label, h.actor_type, h.actor_id, h.actor_name, h.channel, h.actor]),
        [
          ['create', '주문 생성', 'key', keys.client_key, null, 'api', keys.client_key],
          ['payment.complete', '결제 완료', 'key', keys.client_key, null, 'api', keys.client_key],
          ['cancel.request', '취소 요청', 'key', keys.client_key, null, 'api', keys.client_key],
          ['cancel.approve', '취소 승인', 'operator', staff.agent.operator_id, '박상담', 'console', `operator:${staff.agent.operator_id}`],
        ],
      );
      assert.deepEqual(detail.history.map((h: any) => [h.actor_type, h.actor_id, h.actor_name, h.channel]), rows.map((r) => [r.actor_type, r.actor_id, r.actor_name, r.channel]));
      assert.deepEqual(approved.body.history.at(-1).actor_name, '박상담', 'the write answers with the same history');

      const importedId = newOrderId(now());
      async function* records() {
        yield { line: 1, record: { ...newOrderBody(), order_id: importedId } };
      }
      const summary = await importOrders(server.storage, records(), {
        projectId: keys.project_id, timeZone: 'Asia/Seoul', now: now(), source: 'orders.ndjson', onBadRecord: (line, reason) => assert.fail(`${line}: ${reason}`),
      });
      assert.equal(summary.imported, 1);
      const imported = (await requestJson(server.baseUrl, `/v1/orders/${importedId}`, { authorization: basicAuth(keys) })).body;
      assert.deepEqual(
        imported.history.map((h: any) => [h.action, h.action_label, h.actor_type, h.actor_id, h.actor_name, h.channel, h.reason]),
        [['import', '가져오기', 'system', null, null, 'import', 'orders.ndjson:1']],
      );
    });

    test('sessions end when idle, at their absolute expiry, on sign-out and when the operator is disabled', async () => {
      const me = (session: ConsoleSession) => consoleRequest(server.baseUrl, session, '/v1/console/session');
      const hashOf = (session: ConsoleSession) => sha256(session.cookie.slice('jumun_session='.length));
      const expectEnded = async (session: ConsoleSession, label: string) => {
        const response = await me(session);
        assert.equal(response.status, 401, label);
        assert.equal(response.body.code, 1711, label);
        assert.equal(cookieAttributes(response.headers.get('set-cookie') ?? '')['max-age'], '0', `${label}: the cookie is deleted`);
        const row = await server.storage.db.selectFrom('operator_sessions').select('revoked_at').where('session_hash', '=', hashOf(session)).executeTakeFirstOrThrow();
        assert.notEqual(row.revoked_at, null, `${label}: revoked in the database`);
      };
      const idle = await signIn(server.baseUrl, staff.viewer);
      assert.equal((await me(idle)).status, 200);
      await server.storage.db.updateTable('operator_sessions').set({ last_seen_at: now() - 601 }).where('session_hash', '=', hashOf(idle)).execute();
      await expectEnded(idle, 'idle');

      const old = await signIn(server.baseUrl, staff.viewer);
      await server.storage.db.updateTable('operator_sessions').set({ expires_at: now() - 1 }).where('session_hash', '=', hashOf(old)).execute();
      await expectEnded(old, 'absolute');

      const leaving = await signIn(server.baseUrl, staff.viewer);
      const noCsrf = await requestJson(server.baseUrl, '/v1/console/session', { method: 'DELETE', headers: { cookie: leaving.cookie } });
      assert.equal(noCsrf.status, 403, 'sign-out needs the CSRF token too');
      const out = await consoleRequest(server.baseUrl, leaving, '/v1/console/session', { method: 'DELETE' });
      assert.equal(out.status, 200);
      assert.deepEqual(out.body, { signed_out: true });
      assert.equal(cookieAttributes(out.headers.get('set-cookie') ?? '')['max-age'], '0');
      await expectEnded(leaving, 'signed out');

      const colleague = await addOperator(server.storage, keys.project_id, 'agent');
      const theirs = await signIn(server.baseUrl, colleague);
      assert.equal((await me(theirs)).status, 200);
      assert.equal((await consoleRequest(server.baseUrl, sessions.admin, `/v1/operators/${colleague.operator_id}/disable`, { method: 'POST' })).status, 200);
      await expectEnded(theirs, 'disabled');
    });

    test('an admin creates an account with a one-time link, resets it and disables it; the audit log says who', async () => {
      const admin = sessions.admin;
      const created = await consoleRequest(server.baseUrl, admin, '/v1/operators', { method: 'POST', body: { email: ' New.Agent@Example.com ', name: '정상담', role: 'agent' } });
      assert.equal(created.status, 201, JSON.stringify(created.body));
      assert.equal(created.body.operator.email, 'new.agent@example.com');
      assert.equal(created.body.operator.state, 'pending');
      const url = new URL(created.body.set_password_url);
      assert.equal(`${url.origin}${url.pathname}`, `${server.baseUrl}/console/set-password`);
      const token = url.searchParams.get('token')!;
      const link = await server.storage.db.selectFrom('operator_password_links').selectAll().where('operator_id', '=', created.body.operator.operator_id).executeTakeFirstOrThrow();
      assert.equal(link.token_hash, sha256(token), 'only the hash of the link is stored');

      const short = await requestJson(server.baseUrl, '/v1/console/set-password', { method: 'POST', body: { token, password: 'short' } });
      assert.equal(short.status, 400);
      assert.equal(short.body.code, 1101);
      assert.equal(short.body.data.parameter, 'password');
      assert.ok(!JSON.stringify(short.body).includes('short'.repeat(1) + '"'), 'the password is not echoed');
      const newPassword = '새 비밀번호는 열두 글자 이상';
      const set = await requestJson(server.baseUrl, '/v1/console/set-password', { method: 'POST', body: { token, password: newPassword } });
      assert.deepEqual([set.status, set.body], [200, { email: 'new.agent@example.com' }]);
      const again = await requestJson(server.baseUrl, '/v1/console/set-password', { method: 'POST', body: { token, password: newPassword } });
      assert.deepEqual([again.status, again.body.code], [400, 1716], 'a link works once');
      const first = await signIn(server.baseUrl, { email: 'new.agent@example.com', password: newPassword });
      assert.equal(first.body.operator.name, '정상담');

      const duplicate = await consoleRequest(server.baseUrl, admin, '/v1/operators', { method: 'POST', body: { email: 'NEW.agent@example.com', name: 'x', role: 'viewer' } });
      assert.deepEqual([duplicate.status, duplicate.body.code], [409, 1715]);
      const badRole = await consoleRequest(server.baseUrl, admin, '/v1/operators', { method: 'POST', body: { email: 'r@example.com', name: 'x', role: 'owner' } });
      assert.deepEqual([badRole.status, badRole.body.code, badRole.body.data.parameter], [400, 1101, 'role']);

      const id = created.body.operator.operator_id;
      const reset = await consoleRequest(server.baseUrl, admin, `/v1/operators/${id}/reset-password`, { method: 'POST' });
      assert.equal(reset.status, 200);
      assert.equal(reset.body.operator.state, 'pending');
      assert.equal((await signInRequest(server.baseUrl, 'new.agent@example.com', newPassword)).status, 401, 'the old password stopped working');
      assert.equal((await consoleRequest(server.baseUrl, first, '/v1/console/session')).status, 401, 'and so did its session');

      const self = await consoleRequest(server.baseUrl, admin, `/v1/operators/${staff.admin.operator_id}/disable`, { method: 'POST' });
      assert.deepEqual([self.status, self.body.code], [409, 1717]);
      const disabled = await consoleRequest(server.baseUrl, admin, `/v1/operators/${id}/disable`, { method: 'POST' });
      assert.equal(disabled.body.state, 'disabled');
      const twice = await consoleRequest(server.baseUrl, admin, `/v1/operators/${id}/disable`, { method: 'POST' });
      assert.deepEqual([twice.status, twice.body.code], [409, 1717]);
      const missing = await consoleRequest(server.baseUrl, admin, '/v1/operators/000000000000000000000000/disable', { method: 'POST' });
      assert.deepEqual([missing.status, missing.body.code], [404, 1714]);

      const list = await consoleRequest(server.baseUrl, admin, '/v1/operators');
      const stored = await server.storage.db.selectFrom('operators').select(['operator_id', 'disabled_at']).where('project_id', '=', keys.project_id).orderBy('created_at').orderBy('operator_id').execute();
      assert.deepEqual(list.body.list.map((o: any) => [o.operator_id, o.state === 'disabled']), stored.map((o) => [o.operator_id, o.disabled_at !== null]));

      const audit = await consoleRequest(server.baseUrl, admin, '/v1/audit-log');
      assert.equal(audit.status, 200);
      const rows = await server.storage.db.selectFrom('audit_log').selectAll().where('project_id', '=', keys.project_id).orderBy('at', 'desc').orderBy('audit_id', 'desc').limit(200).execute();
      assert.deepEqual(audit.body.list.map((e: any) => e.audit_id), rows.map((r) => r.audit_id));
      const mine = audit.body.list.filter((e: any) => e.target_operator_id === id).map((e: any) => [e.action, e.action_label, e.actor_name]).reverse();
      assert.deepEqual(mine, [
        ['operator.create', '운영자 추가', '최관리'],
        ['password_set', '비밀번호 설정', '정상담'],
        ['sign_in', '로그인', '정상담'],
        ['operator.reset_password', '비밀번호 재설정 링크 발급', '최관리'],
        ['sign_in_failed', '로그인 실패', null],
        ['operator.disable', '운영자 비활성화', '최관리'],
      ]);
      const text = JSON.stringify(audit.body);
      assert.ok(!text.includes(newPassword) && !text.includes(token) && !text.includes(TEST_PASSWORD), 'no password or token in the audit log');
    });
    test('saved views: each operator keeps their own, an admin shares with the project; a view\'s query is a valid list', async () => {
      const views = (who: ConsoleSession) => consoleRequest(server.baseUrl, who, '/v1/saved-views');
      const save = (who: ConsoleSession, body: unknown) => consoleRequest(server.baseUrl, who, '/v1/saved-views', { method: 'POST', body });
      const mine = await save(sessions.viewer, { name: ' 취소 요청 ', query: '?status=3' });
      assert.equal(mine.status, 201, JSON.stringify(mine.body));
      assert.deepEqual([mine.body.name, mine.body.query, mine.body.shared, mine.body.mine, mine.body.owner_name], ['취소 요청', 'status=3', false, true, '이조회']);
      assert.deepEqual((await views(sessions.agent)).body.list.map((v: any) => v.view_id).includes(mine.body.view_id), false, 'another operator does not see it');
      const sharing = await save(sessions.viewer, { name: 'x', query: 'status=3', shared: true });
      assert.deepEqual([sharing.status, sharing.body.code], [403, 1713], 'only admins share');

      const shared = await save(sessions.admin, { name: '결제 완료', query: 'status=2&cs_type=p_at', shared: true });
      assert.equal(shared.status, 201);
      for (const who of [sessions.viewer, sessions.agent]) {
        const seen = (await views(who)).body.list.find((v: any) => v.view_id === shared.body.view_id);
        assert.deepEqual([seen?.shared, seen?.mine, seen?.owner_name], [true, false, '최관리']);
      }
      // A view's live count is the list's count for its query: the same as a plain COUNT(*).
      const counted = await consoleRequest(server.baseUrl, sessions.viewer, `/v1/orders?${shared.body.query}&limit=1`);
      const paid = Number((await server.storage.db.selectFrom('orders').select((eb) => eb.fn.countAll().as('n')).where('project_id', '=', keys.project_id).where('status', '=', 2).executeTakeFirstOrThrow()).n);
      assert.equal(counted.body.count, paid);

      for (const [query, why] of [['page=2', 'not a filter'], ['status=9', 'not a status'], ['css_at=2025-02-30', 'not a date']] as const) {
        const bad = await save(sessions.viewer, { name: 'bad', query });
        assert.deepEqual([bad.status, bad.body.code, bad.body.data?.parameter], [400, 1101, 'query'], why);
      }
      const byKey = await requestJson(server.baseUrl, '/v1/saved-views', { authorization: basicAuth(keys) });
      assert.deepEqual([byKey.status, byKey.body.code], [403, 1713]);

      const agentDeletes = await consoleRequest(server.baseUrl, sessions.agent, `/v1/saved-views/${shared.body.view_id}`, { method: 'DELETE' });
      assert.deepEqual([agentDeletes.status, agentDeletes.body.code], [403, 1713]);
      const othersPrivate = await consoleRequest(server.baseUrl, sessions.agent, `/v1/saved-views/${mine.body.view_id}`, { method: 'DELETE' });
      assert.deepEqual([othersPrivate.status, othersPrivate.body.code], [404, 1718], 'another operator\'s own view does not exist for you');
      const unshared = await consoleRequest(server.baseUrl, sessions.admin, `/v1/saved-views/${shared.body.view_id}/share`, { method: 'POST', body: { shared: false } });
      assert.deepEqual([unshared.status, unshared.body.shared], [200, false]);
      assert.equal((await views(sessions.agent)).body.list.some((v: any) => v.view_id === shared.body.view_id), false);
      const removed = await consoleRequest(server.baseUrl, sessions.viewer, `/v1/saved-views/${mine.body.view_id}`, { method: 'DELETE' });
      assert.deepEqual([removed.status, removed.body], [200, { deleted: true }]);
      const stored = await server.storage.db.selectFrom('saved_views').select('view_id').execute();
      assert.deepEqual(stored.map((v) => v.view_id), [shared.body.view_id]);

      for (let i = 0; i < 20; i++) assert.equal((await save(sessions.agent, { name: `보기 ${i}`, query: `status=${i % 5}` })).status, 201);
      const tooMany = await save(sessions.agent, { name: '21번째', query: 'status=1' });
      assert.deepEqual([tooMany.status, tooMany.body.code], [409, 1719]);
    });
  });

  describe(`sign-in limits and Secure cookies (${dialect})`, () => {
    let server: TestServer;
    let projectId: string;

    before(async () => {
      server = await startServerOn(await createTestDatabase(dialect), {
        limits: { rateLimits: { authFailuresPerMinute: 6, signInFailuresPerHour: 3 }, sessions: { secureCookies: 'always' } },
      });
      projectId = (await server.createKeys('limits')).project_id;
    });
    after(async () => server?.close());

    test('an account that failed too often waits even with the right password; so does an address', async () => {
      const target = await addOperator(server.storage, projectId, 'admin');
      const ok = await signIn(server.baseUrl, target);
      assert.equal(cookieAttributes(ok.setCookie).secure, true, 'Secure when configured for a TLS proxy');
      for (let i = 0; i < 3; i++) assert.equal((await signInRequest(server.baseUrl, target.email, `wrong password ${i}!!`)).status, 401);
      const locked = await signInRequest(server.baseUrl, target.email, target.password);
      assert.equal(locked.status, 429);
      assert.equal(locked.body.code, 1900);
      assert.ok(Number(locked.headers.get('retry-after')) > 0);
      const other = await addOperator(server.storage, projectId, 'viewer');
      assert.equal((await signInRequest(server.baseUrl, other.email, other.password)).status, 200, 'another account is not locked');
      // Failures from this address (each a new account) until its per-minute allowance of six is
      // spent: it refills one every 10 s, so a loaded machine may need a few more than three.
      let refused = null;
      for (let i = 0; i < 20 && !refused; i++) {
        const guess = await signInRequest(server.baseUrl, `guess${i}@example.com`, 'wrong password!!');
        if (guess.status === 429) refused = guess;
        else assert.equal(guess.status, 401);
      }
      assert.equal(refused?.body.code, 1900, 'the address is refused before twenty guesses');
      const blocked = await signInRequest(server.baseUrl, other.email, other.password);
      assert.deepEqual([blocked.status, blocked.body.code], [429, 1900], 'even with the right password');
    });
  });
}
