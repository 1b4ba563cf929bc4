import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { writeImportFile } from '../bench/import-records.js';
import { newOrderBody, OrdersApi } from './support/order-writes.js';
import { TEST_DIALECTS } from './support/test-database.js';
import { basicAuth, startTestServer, type TestServer } from './support/test-server.js';

const JUMUN = new URL('../../bin/jumun.js', import.meta.url).pathname;
const IMPORTED = 1_000;

for (const dialect of TEST_DIALECTS) {
  describe(`jumun import while the server takes writes on ${dialect}`, () => {
    let server: TestServer;
    let dir: string;
    before(async () => {
      server = await startTestServer(dialect);
      dir = mkdtempSync(join(tmpdir(), 'jumun-live-'));
    });
    after(async () => {
      await server.close();
      rmSync(dir, { recursive: true, force: true });
    });

    it('answers every create and status action (no 5xx) and loses nothing of either', async () => {
      const api = new OrdersApi(server.baseUrl, basicAuth(await server.createKeys('live')));
      const file = join(dir, 'history.ndjson');
      await writeImportFile(file, IMPORTED, Math.floor(Date.now() / 1000) - 60);
      const ids: string[] = [];
      for (let i = 0; i < 20; i++) ids.push((await api.create()).body.order_id);

      const importer = spawn(process.execPath, [JUMUN, 'import', '--project', 'live', '--db', server.storage.description, '--batch', '250', file]);
      let output = '';
      importer.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
      importer.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
      const exitCode = new Promise<number | null>((resolve) => importer.on('exit', resolve));
      let running = true;
      void exitCode.then(() => (running = false));

      let created = 0;
      for (let n = 0; running || n < ids.length * 2; n++) {
        const action = await api.act(ids[n % ids.length]!, n < ids.length ? 'payment.start' : 'payment.complete');
        const create = await api.create(newOrderBody({ order_name: `동시 주문 ${n}` }));
        assert.ok(action.status < 500 && create.status < 500, `${JSON.stringify(action.body)} ${JSON.stringify(create.body)}`);
        if (create.status === 201) created++;
      }
      assert.equal(await exitCode, 0, output);
      assert.match(output, new RegExp(`${IMPORTED.toLocaleString('en-US')} new, 0 already present, 0 bad`));
      assert.equal(await api.count(), ids.length + created + IMPORTED);
      for (const orderId of ids) {
        const order = (await api.detail(orderId)).body;
        assert.deepEqual(order.history.map((h: { action: string }) => h.action), ['create', 'payment.start', 'payment.complete']);
      }
    });
  });
}
