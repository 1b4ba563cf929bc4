import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { after, before, test } from 'node:test';
import { REPO_ROOT, startJumunServer } from './helpers/jumun-server.js';
import type { JumunServer } from './helpers/jumun-server.js';

const execFileAsync = promisify(execFile);
const PACKAGE_DIR = fileURLToPath(new URL('../../', import.meta.url));

/** What a consumer script prints: enough to tell it listed, paged and read real orders. */
const CONSUMER_BODY = `
const commerce = new BootpayCommerce({
  client_key: process.env.JUMUN_CLIENT_KEY,
  secret_key: process.env.JUMUN_SECRET_KEY,
  mode: 'production',
  base_url: process.env.JUMUN_BASE_URL,
});
const page = await commerce.order.list({ page: 1, limit: 5 });
let iterated = 0;
for await (const order of commerce.order.iterate({ limit: 50 })) iterated++;
const detail = await commerce.order.detail(page.list[0].order_id);
let errorName = null;
try { await commerce.order.detail('000000000000000000000000'); } catch (e) { errorName = e.name + ':' + (e instanceof BootpayCommerceError) + ':' + e.code; }
console.log(JSON.stringify({ count: page.count, listed: page.list.length, iterated, detailId: detail.order_id === page.list[0].order_id, errorName, paid: ORDER_STATUS.PAID }));
`;

const TYPED_CONSUMER = `
import { BootpayCommerce, BootpayCommerceConflictError, BootpayCommerceError, CONFLICT_CODE, ORDER_STATUS } from 'jumun-client';
import type { CreateOrderParams, OrderDetail, OrderListItem, OrderListParams } from 'jumun-client';
const commerce = new BootpayCommerce({ client_key: 'ck', secret_key: 'sk', base_url: 'http://127.0.0.1:8080/v1' });
const params: OrderListParams = { status: [ORDER_STATUS.PAID], css_at: '2025-01-01' };
export async function firstPaid(): Promise<OrderListItem | undefined> {
  try {
    const page = await commerce.order.list(params);
    const order: OrderListItem | undefined = page.list[0];
    const count: number = page.count;
    return count > 0 ? order : undefined;
  } catch (error) {
    if (error instanceof BootpayCommerceError) console.log(error.status, error.code);
    throw error;
  }
}
export async function buy(body: CreateOrderParams): Promise<OrderDetail | null> {
  const order = await commerce.order.create(body, { idempotency_key: 'checkout-1' });
  try {
    return await commerce.order.completePayment(order.order_id, { receipt_id: 'r1', method: 'card' });
  } catch (error) {
    if (error instanceof BootpayCommerceConflictError && error.code === CONFLICT_CODE.INVALID_STATE_CHANGE) return null;
    throw error;
  }
}
`;

let server: JumunServer;
let workDir: string;
let consumerDir: string;
let packedFiles: string[] = [];

before(async () => {
  server = await startJumunServer({ orders: 120 });
  workDir = await mkdtemp(join(tmpdir(), 'jumun-client-package-'));
  const { stdout } = await execFileAsync('npm', ['pack', '--json', '--pack-destination', workDir], { cwd: PACKAGE_DIR });
  const [packed] = JSON.parse(stdout) as Array<{ filename: string; files: Array<{ path: string }> }>;
  assert.ok(packed);
  packedFiles = packed.files.map((f) => f.path);
  consumerDir = join(workDir, 'consumer');
  await mkdir(consumerDir);
  await writeFile(join(consumerDir, 'package.json'), JSON.stringify({ name: 'consumer', private: true }));
  await execFileAsync('npm', ['install', '--no-audit', '--no-fund', '--offline', join(workDir, packed.filename)], { cwd: consumerDir });
});

after(async () => {
  await server?.stop();
  if (workDir) await rm(workDir, { recursive: true, force: true });
});

test('the tarball holds both builds with their types, and no tests', () => {
  for (const file of ['cjs/package.json', 'cjs/index.js', 'cjs/index.d.ts', 'dist/src/index.js', 'dist/src/index.d.ts', 'package.json']) {
    assert.ok(packedFiles.includes(file), `${file} is packed`);
  }
  assert.ok(!packedFiles.some((f) => f.startsWith('dist/test/') || f.endsWith('.tsbuildinfo')), packedFiles.join('\n'));
});

for (const [format, file, header] of [
  ['CommonJS require', 'consumer.cjs', "const { BootpayCommerce, BootpayCommerceError, ORDER_STATUS } = require('jumun-client');\n(async () => {"],
  ['ES module import', 'consumer.mjs', "import { BootpayCommerce, BootpayCommerceError, ORDER_STATUS } from 'jumun-client';\n{"],
] as const) {
  test(`an outside project can ${format} it and list, page and read orders`, async () => {
    const closing = format === 'CommonJS require' ? '})().catch((e) => { console.error(e); process.exit(1); });' : '}';
    await writeFile(join(consumerDir, file), `${header}\n${CONSUMER_BODY}\n${closing}\n`);
    const { stdout } = await execFileAsync(process.execPath, [file], {
      cwd: consumerDir,
      env: { ...process.env, JUMUN_CLIENT_KEY: server.clientKey, JUMUN_SECRET_KEY: server.secretKey, JUMUN_BASE_URL: server.baseUrl },
    });
    const result = JSON.parse(stdout) as { count: number; listed: number; iterated: number };
    assert.deepEqual(result, {
      count: 120,
      listed: 5,
      iterated: 120,
      detailId: true,
      errorName: 'BootpayCommerceNotFoundError:true:3700',
      paid: 2,
    });
  });
}

test('TypeScript consumers get the types from both the import and the require condition', async () => {
  await writeFile(join(consumerDir, 'typed.mts'), TYPED_CONSUMER);
  await writeFile(join(consumerDir, 'typed.cts'), TYPED_CONSUMER);
  await writeFile(
    join(consumerDir, 'tsconfig.json'),
    JSON.stringify({
      compilerOptions: {
        module: 'NodeNext',
        moduleResolution: 'NodeNext',
        target: 'ES2022',
        strict: true,
        noEmit: true,
        skipLibCheck: true,
        types: ['node'],
        typeRoots: [join(REPO_ROOT, 'node_modules/@types')],
      },
      files: ['typed.mts', 'typed.cts'],
    }),
  );
  const tsc = join(REPO_ROOT, 'node_modules/typescript/bin/tsc');
  await execFileAsync(process.execPath, [tsc, '-p', consumerDir]).catch((error: { stdout?: string }) => {
    assert.fail(`tsc rejected the consumer:\n${error.stdout ?? String(error)}`);
  });
});
