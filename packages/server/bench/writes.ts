import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { nowSeconds } from '../src/domain/timestamps.js';
import { loadHashKey } from '../src/services/hash-key.js';
import { importFile } from '../src/services/import-file.js';
import { createKeyPair } from '../src/services/projects.js';
import { migrate, openStorage } from '../src/storage/storage.js';
import { writeImportFile } from './import-records.js';

const JUMUN = new URL('../../bin/jumun.js', import.meta.url).pathname;
const CONCURRENCY = 8;

export interface WritesBenchOptions {
  dbUrl: string;
  /** Orders imported (default 100,000); creates over HTTP are a tenth of that, at least 2,000. */
  orders?: number;
}

export interface WritesBenchResult {
  createRps: number;
  createP99Ms: number;
  importOrdersPerSecond: number;
  lines: string[];
}

async function startServer(dbUrl: string): Promise<{ child: ChildProcess; baseUrl: string }> {
  const child = spawn(process.execPath, [JUMUN, 'serve', '--port', '0', '--db', dbUrl], {
    env: { ...process.env, LOG_LEVEL: 'silent' },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const baseUrl = await new Promise<string>((resolve, reject) => {
    let output = '';
    child.stdout!.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      const match = /jumun listening on (http:\/\/\S+)/.exec(output);
      if (match) resolve(match[1]!);
    });
    child.once('exit', (code) => reject(new Error(`jumun serve exited with ${code}: ${output}`)));
  });
  return { child, baseUrl };
}

function percentile(sorted: number[], share: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * share))] ?? 0;
}

/** `total` creates from CONCURRENCY clients, each with its own Idempotency-Key; every answer must be 201. */
async function createLoad(baseUrl: string, authorization: string, total: number): Promise<{ rps: number; p50: number; p99: number }> {
  const body = JSON.stringify({
    order_name: '벤치마크 주문',
    price: 30_000,
    order_type: 'direct',
    user: { user_id: 'bench_user', name: '벤치', email: 'bench@example.com' },
    products: [{ product_id: 'p1', name: '상품', quantity: 2, price: 15_000 }],
  });
  const latencies: number[] = [];
  let sent = 0;
  const client = async () => {
    while (sent < total) {
      sent++;
      const started = performance.now();
      const response = await fetch(`${baseUrl}/v1/orders`, {
        method: 'POST',
        headers: { authorization, 'content-type': 'application/json', 'idempotency-key': randomUUID() },
        body,
      });
      const text = await response.text();
      if (response.status !== 201) throw new Error(`POST /v1/orders answered ${response.status}: ${text.slice(0, 300)}`);
      latencies.push(performance.now() - started);
    }
  };
  const started = performance.now();
  await Promise.all(Array.from({ length: CONCURRENCY }, client));
  const seconds = (performance.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  return { rps: latencies.length / seconds, p50: percentile(latencies, 0.5), p99: percentile(latencies, 0.99) };
}

/** Create throughput over HTTP and the import rate of `jumun import`'s code path, on one database. */
export async function benchWrites(options: WritesBenchOptions): Promise<WritesBenchResult> {
  const orders = options.orders ?? 100_000;
  const creates = Math.max(2_000, Math.round(orders / 10));
  const storage = openStorage(options.dbUrl);
  const dir = mkdtempSync(join(tmpdir(), 'jumun-bench-writes-'));
  let server: { child: ChildProcess; baseUrl: string } | null = null;
  try {
    await migrate(storage);
    const projectName = `bench-writes-${randomBytes(4).toString('hex')}`;
    const keys = await createKeyPair(storage, await loadHashKey(storage), projectName);
    const authorization = `Basic ${Buffer.from(`${keys.client_key}:${keys.secret_key}`).toString('base64')}`;

    server = await startServer(options.dbUrl);
    await createLoad(server.baseUrl, authorization, 200);
    const create = await createLoad(server.baseUrl, authorization, creates);
    server.child.kill('SIGTERM');
    server = null;

    const file = join(dir, 'history.ndjson');
    await writeImportFile(file, orders, nowSeconds());
    const started = performance.now();
    const summary = await importFile(storage, {
      path: file,
      projectName,
      timeZone: 'Asia/Seoul',
      onBadRecord: (line, reason) => {
        throw new Error(`generated record ${line} was refused: ${reason}`);
      },
    });
    const seconds = (performance.now() - started) / 1000;
    if (summary.imported !== orders) throw new Error(`imported ${summary.imported} of ${orders} generated orders`);
    const importRate = orders / seconds;
    const megabytes = statSync(file).size / 1e6;

    return {
      createRps: create.rps,
      createP99Ms: create.p99,
      importOrdersPerSecond: importRate,
      lines: [
        `writes on ${storage.description}`,
        `  POST /v1/orders, ${creates.toLocaleString('en-US')} creates, ${CONCURRENCY} concurrent, each with an Idempotency-Key: ` +
          `${Math.round(create.rps).toLocaleString('en-US')} req/s, p50 ${create.p50.toFixed(1)} ms, p99 ${create.p99.toFixed(1)} ms`,
        `  jumun import of ${orders.toLocaleString('en-US')} NDJSON orders (${megabytes.toFixed(0)} MB): ` +
          `${seconds.toFixed(1)} s, ${Math.round(importRate).toLocaleString('en-US')} orders/s`,
      ],
    };
  } finally {
    server?.child.kill('SIGTERM');
    await storage.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

// `node dist/bench/writes.js [DB_URL] [ORDERS]` runs it alone.
if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const dir = mkdtempSync(join(tmpdir(), 'jumun-bench-db-'));
  const dbUrl = process.argv[2] || `sqlite:${join(dir, 'bench.sqlite')}`;
  const result = await benchWrites({ dbUrl, orders: process.argv[3] ? Number(process.argv[3]) : undefined });
  for (const line of result.lines) console.log(line);
  rmSync(dir, { recursive: true, force: true });
}
