import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { nowSeconds } from '../src/domain/timestamps.js';
import { loadHashKey } from '../src/services/hash-key.js';
import { importFile } from '../src/services/import-file.js';
import { createKeyPair } from '../src/services/projects.js';
import { migrate, openStorage, sqliteSynchronous } from '../src/storage/storage.js';
import { writeImportFile } from './import-records.js';

const JUMUN = new URL('../../bin/jumun.js', import.meta.url).pathname;
const CONCURRENCY = 8;

export interface WritesBenchOptions {
  dbUrl: string;
  /** Orders imported (default 100,000); creates over HTTP are a fiftieth of that, 1,000 to 5,000. */
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

/** CPU seconds a process has used so far (Linux /proc; null elsewhere). Clock ticks are 100 Hz on Linux. */
function processCpuSeconds(pid: number | undefined): number | null {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return null;
  }
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
  const creates = Math.min(5_000, Math.max(1_000, Math.round(orders / 50)));
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
    const serverCpuBefore = processCpuSeconds(server.child.pid);
    const create = await createLoad(server.baseUrl, authorization, creates);
    const serverCpuAfter = processCpuSeconds(server.child.pid);
    const serverCpuPerCreateMs = serverCpuBefore === null || serverCpuAfter === null ? null : ((serverCpuAfter - serverCpuBefore) * 1000) / creates;
    server.child.kill('SIGTERM');
    server = null;

    const file = join(dir, 'history.ndjson');
    await writeImportFile(file, orders, nowSeconds());
    const started = performance.now();
    const cpuBefore = process.cpuUsage();
    const summary = await importFile(storage, {
      path: file,
      projectName,
      timeZone: 'Asia/Seoul',
      onBadRecord: (line, reason) => {
        throw new Error(`generated record ${line} was refused: ${reason}`);
      },
    });
    const seconds = (performance.now() - started) / 1000;
    const cpu = process.cpuUsage(cpuBefore);
    const cpuSeconds = (cpu.user + cpu.system) / 1e6;
    if (summary.imported !== orders) throw new Error(`imported ${summary.imported} of ${orders} generated orders`);
    const importRate = orders / seconds;
    const megabytes = statSync(file).size / 1e6;

    return {
      createRps: create.rps,
      createP99Ms: create.p99,
      importOrdersPerSecond: importRate,
      lines: [
        // Figures from a busy machine mean little without its load; CPU time per unit of work does not depend on it.
        `writes on ${storage.description}${storage.dialect.name === 'sqlite' ? ` synchronous=${sqliteSynchronous()}` : ''} (load average ${loadavg()[0]!.toFixed(1)} on ${cpus().length} CPUs)`,
        `  POST /v1/orders, ${creates.toLocaleString('en-US')} creates, ${CONCURRENCY} concurrent, each with an Idempotency-Key: ` +
          `${Math.round(create.rps).toLocaleString('en-US')} req/s, p50 ${create.p50.toFixed(1)} ms, p99 ${create.p99.toFixed(1)} ms` +
          (serverCpuPerCreateMs === null ? '' : `; server CPU ${serverCpuPerCreateMs.toFixed(2)} ms per create`),
        `  jumun import of ${orders.toLocaleString('en-US')} NDJSON orders (${megabytes.toFixed(0)} MB): ` +
          `${seconds.toFixed(1)} s, ${Math.round(importRate).toLocaleString('en-US')} orders/s; ` +
          `${cpuSeconds.toFixed(1)} CPU s, ${Math.round(orders / cpuSeconds).toLocaleString('en-US')} orders per CPU second`,
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
  try {
    const dbUrl = process.argv[2] || `sqlite:${join(dir, 'bench.sqlite')}`;
    const result = await benchWrites({ dbUrl, orders: process.argv[3] ? Number(process.argv[3]) : undefined });
    for (const line of result.lines) console.log(line);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
