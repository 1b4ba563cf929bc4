import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { importFile } from '../src/services/import-file.js';
import { insertOrders } from '../src/storage/order-repository.js';
import { seedDemoOrders } from './support/fixtures.js';
import { makeOrder } from './support/summary-export-oracle.js';
import { TEST_DIALECTS } from './support/test-database.js';
import { basicAuth, requestJson, startTestServer, type TestServer } from './support/test-server.js';

/** Text a spreadsheet would change or run, in the fields a merchant's data carries. */
function awkwardOrders(projectId: string) {
  const base = 0x68707c59;
  return [
    makeOrder(projectId, { created_at: base, order_name: '=HYPERLINK("http://evil.example","클릭")', user_phone: '+82 10-1234-5678' }),
    makeOrder(projectId, { created_at: base + 1, order_name: '  @관리자 메모', username: "'따옴표", user_email: '-x@example.com' }),
    makeOrder(projectId, { created_at: base + 2, order_name: '＝전각 등호 | 파이프', user_phone: '01012345678', user_id: '000123' }),
    makeOrder(projectId, { created_at: base + 3, order_name: '줄\n바꿈, 쉼표 "따옴표"', user_group_id: '\tgroup' }),
  ];
}

/**
 * An order as the detail shows it, without what an import records anew (its history, the
 * bookkeeping time, the contract it registers from its first order).
 */
function comparable(detail: Record<string, unknown>) {
  const { history: _history, updated_at: _updated, subscription: _subscription, order_subscriptions: _contract, ...rest } = detail;
  return rest;
}

for (const dialect of TEST_DIALECTS) {
  describe(`export → import round trip on ${dialect}`, () => {
    let source: TestServer;
    // One fresh database per header language: an order id belongs to one project only.
    const targets: Record<'en' | 'ko', TestServer> = {} as Record<'en' | 'ko', TestServer>;
    let dir: string;

    before(async () => {
      dir = mkdtempSync(join(tmpdir(), 'jumun-round-trip-'));
      [source, targets.en, targets.ko] = await Promise.all([startTestServer(dialect), startTestServer(dialect), startTestServer(dialect)]);
    });
    after(async () => {
      await Promise.all([source.close(), targets.en.close(), targets.ko.close()]);
      rmSync(dir, { recursive: true, force: true });
    });

    it('imports an exported project into a fresh database with every order as it was, with English or Korean column names', async () => {
      const keys = await source.createKeys('shop');
      const seeded = await seedDemoOrders(source.storage, keys.project_id, 300, 41);
      const awkward = awkwardOrders(keys.project_id);
      await insertOrders(source.storage, awkward);
      const ids = [...seeded, ...awkward].map((o) => o.order_id);

      for (const language of ['en', 'ko'] as const) {
        const target = targets[language];
        const response = await fetch(`${source.baseUrl}/v1/orders/export?header_language=${language}`, {
          headers: { authorization: basicAuth(keys), 'accept-encoding': 'identity' },
        });
        assert.equal(response.status, 200);
        const bytes = Buffer.from(await response.arrayBuffer());
        assert.ok(bytes.toString('utf8').startsWith(language === 'ko' ? '\uFEFF주문 ID,주문번호,' : '\uFEFForder_id,order_number,'), language);
        const file = join(dir, `export-${dialect}-${language}.csv`);
        writeFileSync(file, bytes);

        const copyKeys = await target.createKeys('shop-copy');
        const bad: string[] = [];
        const summary = await importFile(target.storage, {
          path: file,
          projectName: 'shop-copy',
          timeZone: 'Asia/Seoul',
          onBadRecord: (line, reason) => bad.push(`${line}: ${reason}`),
        });
        assert.deepEqual(bad, [], `every exported row imports (${language})`);
        assert.equal(summary.imported, ids.length, language);

        const list = await requestJson(target.baseUrl, '/v1/orders?limit=1', { authorization: basicAuth(copyKeys) });
        assert.equal(list.body.count, ids.length);
        for (const id of ids) {
          const [original, copy] = await Promise.all([
            requestJson(source.baseUrl, `/v1/orders/${id}`, { authorization: basicAuth(keys) }),
            requestJson(target.baseUrl, `/v1/orders/${id}`, { authorization: basicAuth(copyKeys) }),
          ]);
          assert.equal(copy.status, 200, id);
          assert.deepEqual(comparable(copy.body), comparable(original.body), `${id} (${language})`);
        }

        const badAgain: string[] = [];
        const again = await importFile(target.storage, {
          path: file,
          projectName: 'shop-copy',
          timeZone: 'Asia/Seoul',
          onBadRecord: (line, reason) => badAgain.push(`${line}: ${reason}`),
        });
        assert.equal(again.imported, 0, 'importing the same export again adds nothing');
        assert.deepEqual(badAgain, []);
      }
    });
  });
}
