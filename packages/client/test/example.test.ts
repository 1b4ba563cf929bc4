import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { after, before, test } from 'node:test';
import { BootpayCommerce, ORDER_STATUS } from '../src/index.js';
import { REPO_ROOT, startJumunServer } from './helpers/jumun-server.js';
import type { JumunServer } from './helpers/jumun-server.js';

const execFileAsync = promisify(execFile);

let server: JumunServer;
before(async () => {
  server = await startJumunServer({ orders: 300 });
});
after(() => server?.stop());

test("examples/list-orders.mjs lists exactly this month's paid orders", async () => {
  const { stdout } = await execFileAsync(process.execPath, [join(REPO_ROOT, 'examples/list-orders.mjs')], {
    cwd: REPO_ROOT,
    env: { ...process.env, JUMUN_CLIENT_KEY: server.clientKey, JUMUN_SECRET_KEY: server.secretKey, JUMUN_BASE_URL: server.baseUrl },
  });
  const summary = /^(\d+) paid orders from (\S+) to (\S+),/m.exec(stdout);
  assert.ok(summary, stdout);
  const [, printed, from, to] = summary;
  const commerce = new BootpayCommerce({ client_key: server.clientKey, secret_key: server.secretKey, base_url: server.baseUrl });
  const expected = await commerce.order.list({ status: [ORDER_STATUS.PAID], css_at: from, cse_at: to, limit: 1 });
  assert.equal(Number(printed), expected.count);
  assert.equal(stdout.trim().split('\n').length, expected.count + 1, 'one line per order and a summary');
  assert.match(from ?? '', /^\d{4}-\d{2}-01$/);
});
