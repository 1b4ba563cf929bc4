/**
 * How fast `jumun import` reads a CSV file, without the database: the check pass and the import
 * pass of openImportFile, over an Excel-style file of demo orders (CRLF, quoted cells), in UTF-8
 * and in CP949.
 *   npm run build && node packages/server/dist/bench/csv-read.js [ORDERS]
 */
import { once } from 'node:events';
import { createWriteStream, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import iconv from 'iconv-lite';
import { demoOrders, demoReferenceData } from '../src/demo/generate.js';
import { formatTimestamp } from '../src/domain/timestamps.js';
import { openImportFile } from '../src/services/import-source.js';
import type { TextEncoding } from '../src/services/text-decoding.js';

const HEADER = 'order_id,order_number,order_name,price,order_type,status,username,user_email,products,created_at';
const quoted = (text: string) => `"${text.replaceAll('"', '""')}"`;

async function writeCsv(path: string, count: number, encoding: TextEncoding): Promise<void> {
  const options = { projectId: 'bench-csv', orders: count, seed: 1, now: Date.parse('2025-08-01T00:00:00Z') / 1000, timeZone: 'Asia/Seoul' };
  const out = createWriteStream(path);
  const write = async (text: string) => {
    if (!out.write(encoding === 'utf-8' ? text : iconv.encode(text, 'cp949'))) await once(out, 'drain');
  };
  await write(`${encoding === 'utf-8' ? '\uFEFF' : ''}${HEADER}\r\n`);
  for (const batch of demoOrders(options, demoReferenceData(options), 2_000)) {
    const rows = batch.map((o) =>
      [o.order_id, o.order_number, quoted(`${o.order_name}, 특가`), o.price, o.order_type, 0, quoted(o.username ?? ''),
        o.user_email ?? '', quoted(JSON.stringify(o.products)), formatTimestamp(o.created_at)].join(','),
    );
    await write(rows.join('\r\n') + '\r\n');
  }
  out.end();
  await once(out, 'close');
}

const count = Number(process.argv[2] ?? 200_000);
const dir = mkdtempSync(join(tmpdir(), 'jumun-csv-bench-'));
try {
  for (const encoding of ['utf-8', 'cp949'] as const) {
    const path = join(dir, `orders-${encoding}.csv`);
    await writeCsv(path, count, encoding);
    const started = performance.now();
    const startCpu = process.cpuUsage();
    const file = await openImportFile(path, 'csv');
    const checked = performance.now();
    const checkCpu = process.cpuUsage(startCpu);
    let records = 0;
    for await (const record of file.records) if ('record' in record) records++;
    const done = performance.now();
    const importCpu = process.cpuUsage(startCpu);
    const cpuSeconds = (usage: NodeJS.CpuUsage) => ((usage.user + usage.system) / 1e6).toFixed(2);
    const mb = statSync(path).size / 1e6;
    const rate = (ms: number) => Math.round(records / (ms / 1000)).toLocaleString('en-US');
    console.log(
      `${encoding} (read as ${file.encoding}${encoding === 'cp949' ? ', detected after UTF-8 failed' : ''}): ${records.toLocaleString('en-US')} records, ${mb.toFixed(1)} MB; ` +
        `check pass ${((checked - started) / 1000).toFixed(2)} s, import pass ${((done - checked) / 1000).toFixed(2)} s ` +
        `(${rate(done - checked)} records/s), both ${rate(done - started)} records/s; ` +
        `CPU ${cpuSeconds(checkCpu)} s to check, ${cpuSeconds(importCpu)} s in all (${Math.round(records / ((importCpu.user + importCpu.system) / 1e6)).toLocaleString('en-US')} records per CPU second)`,
    );
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
