/**
 * `node packages/server/dist/bench/keyword.js --db URL`: raw SQL timings of keyword searches (the
 * endpoint's own count and page queries), on the bench data set and on a project whose orders
 * all have names of their own (the search index's worst case). See docs/benchmarks.md.
 */
import { parseArgs } from 'node:util';
import { sql } from 'kysely';
import { demoOrders, demoReferenceData } from '../src/demo/generate.js';
import type { OrderWithProducts } from '../src/domain/order.js';
import { ensureProject } from '../src/services/projects.js';
import { insertOrders } from '../src/storage/order-repository.js';
import { findProjectByName } from '../src/storage/project-repository.js';
import { upsertReferenceData } from '../src/storage/reference-repository.js';
import { migrate, openStorage, type Storage } from '../src/storage/storage.js';
import { BENCH_PROJECT } from './load.js';
import { timeRawQuery } from './raw-sql.js';

const TIME_ZONE = 'Asia/Seoul';

interface Row {
  label: string;
  keyword: string;
}

async function newestOrder(storage: Storage, projectId: string, paid: boolean) {
  let query = storage.db
    .selectFrom('orders')
    .select(['order_id', 'order_number', 'receipt_id'])
    .where('project_id', '=', projectId)
    .orderBy('created_at', 'desc')
    .orderBy('order_id', 'desc');
  if (paid) query = query.where('receipt_id', 'is not', null);
  return query.executeTakeFirstOrThrow();
}

async function keywordRows(storage: Storage, projectId: string): Promise<Row[]> {
  const newest = await newestOrder(storage, projectId, false);
  const paid = await newestOrder(storage, projectId, true);
  return [
    { label: 'full order id', keyword: newest.order_id },
    { label: 'order id prefix (12 hex)', keyword: newest.order_id.slice(0, 12) },
    { label: 'order number prefix (14 digits)', keyword: newest.order_number.slice(0, 14) },
    { label: 'receipt id', keyword: paid.receipt_id! },
    { label: '2 characters (이어)', keyword: '이어' },
    { label: '2 characters (감귤)', keyword: '감귤' },
    { label: '3+ characters (텀블러)', keyword: '텀블러' },
    { label: 'Latin, mixed case (CoFFee)', keyword: 'CoFFee' },
    { label: '1 character (귤)', keyword: '귤' },
    { label: '1 character (k)', keyword: 'k' },
  ];
}

/** The same count by a plain scan with the keyword's rule on names and ids, as a cross-check. */
async function scanCount(storage: Storage, projectId: string, keyword: string): Promise<number> {
  const folded = keyword.replace(/[A-Z]/g, (c) => c.toLowerCase());
  const prefix = Array.from(keyword).length >= 4;
  const lowerName = sql`replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(
    replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(order_name,
    'A','a'),'B','b'),'C','c'),'D','d'),'E','e'),'F','f'),'G','g'),'H','h'),'I','i'),'J','j'),'K','k'),'L','l'),'M','m'),
    'N','n'),'O','o'),'P','p'),'Q','q'),'R','r'),'S','s'),'T','t'),'U','u'),'V','v'),'W','w'),'X','x'),'Y','y'),'Z','z')`;
  const id = (column: string, value: string) =>
    prefix ? sql`substr(${sql.ref(column)}, 1, ${value.length}) = ${value}` : sql`${sql.ref(column)} = ${value}`;
  // LIKE on A–Z-folded text with a folded pattern: the same on both databases (SQLite's LIKE
  // ignores ASCII case, Postgres' is exact; neither matters once both sides are folded).
  const pattern = `%${folded.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
  const row = await sql<{ n: number }>`select count(*) as n from orders where project_id = ${projectId} and (
    ${lowerName} like ${pattern} escape '\\'
      or ${id('order_id', keyword.toLowerCase())} or ${id('order_number', keyword)} or ${id('receipt_id', keyword)})`.execute(storage.db);
  return Number(row.rows[0]!.n);
}

/** Demo orders whose names are all different: the catalogue name, then the order's own number. */
function uniquelyNamed(batch: OrderWithProducts[]): OrderWithProducts[] {
  return batch.map((order) => ({ ...order, order_name: `${order.order_name} #${order.order_number.slice(-9)}` }));
}

async function loadProject(storage: Storage, name: string, orders: number, unique: boolean): Promise<{ projectId: string; perSecond: number | null }> {
  const project = await ensureProject(storage, name);
  const existing = await storage.db.selectFrom('orders').select((eb) => eb.fn.countAll<number>().as('n'))
    .where('project_id', '=', project.project_id).executeTakeFirstOrThrow();
  if (Number(existing.n) >= orders) return { projectId: project.project_id, perSecond: null };
  const options = { projectId: project.project_id, orders, seed: unique ? 3 : 2, now: Math.floor(Date.now() / 1000), timeZone: TIME_ZONE };
  const reference = demoReferenceData(options);
  await upsertReferenceData(storage, project.project_id, reference);
  const started = performance.now();
  for (const batch of demoOrders(options, reference, 5_000)) await insertOrders(storage, unique ? uniquelyNamed(batch) : batch);
  const seconds = (performance.now() - started) / 1000;
  await storage.refreshStatistics();
  return { projectId: project.project_id, perSecond: orders / seconds };
}

function ms(value: number): string {
  return value < 10 ? value.toFixed(2) : value.toFixed(1);
}

async function measure(storage: Storage, title: string, projectId: string, rows: Row[], check: boolean): Promise<void> {
  console.log(`\n${title}\n`);
  console.log('| keyword | matches | raw count + page p50 ms | count p50 ms | page p50 ms |' + (check ? ' scan count |' : ''));
  console.log('|---|---:|---:|---:|---:|' + (check ? '---:|' : ''));
  for (const { label, keyword } of rows) {
    const query = new URLSearchParams({ keyword }).toString();
    const raw = await timeRawQuery(storage, projectId, query, { timeZone: TIME_ZONE, iterations: 200, budgetMs: 2_000 });
    let checked = '';
    if (check) {
      const scanned = await scanCount(storage, projectId, keyword);
      if (scanned !== raw.count) throw new Error(`${label}: the index counts ${raw.count}, a scan ${scanned}`);
      checked = ` ${scanned.toLocaleString('en-US')} |`;
    }
    console.log(`| ${label} \`${keyword}\` | ${raw.count.toLocaleString('en-US')} | ${ms(raw.p50Ms)} | ${ms(raw.countP50Ms)} | ${ms(raw.pageP50Ms)} |${checked}`);
  }
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      db: { type: 'string' },
      'unique-orders': { type: 'string', default: '100000' },
      check: { type: 'boolean', default: false },
    },
  });
  if (!values.db) throw new Error('--db URL is required (the bench data set, e.g. a copy of the 1M one)');
  const storage = openStorage(values.db);
  try {
    const migrateStarted = performance.now();
    const applied = await migrate(storage);
    console.log(`migrations: ${applied.join(', ') || 'none pending'} (${((performance.now() - migrateStarted) / 1000).toFixed(1)} s)`);
    const bench = await findProjectByName(storage, BENCH_PROJECT);
    if (bench) await measure(storage, `Project "${BENCH_PROJECT}"`, bench.project_id, await keywordRows(storage, bench.project_id), values.check);

    const size = Number(values['unique-orders']);
    const catalogue = await loadProject(storage, 'keyword-catalogue', size, false);
    const unique = await loadProject(storage, 'keyword-unique', size, true);
    const rate = (r: number | null) => (r === null ? 'reused' : `${Math.round(r).toLocaleString('en-US')} orders/s`);
    console.log(`\nload of ${size.toLocaleString('en-US')} orders: catalogue names ${rate(catalogue.perSecond)}, every name unique ${rate(unique.perSecond)}`);
    await measure(storage, `Project "keyword-unique" (${size.toLocaleString('en-US')} orders, every name unique)`, unique.projectId, await keywordRows(storage, unique.projectId), values.check);
  } finally {
    await storage.close();
  }
}

await main();
