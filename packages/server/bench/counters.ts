/**
 * Counter-backed counts against the COUNT(*) they replace, side by side on one loaded data set, and
 * the time a full rebuild of the counters takes (what migration 0005 runs on existing data).
 *
 *   npm run build && node packages/server/dist/bench/counters.js --db URL [--iterations N] [--rebuild]
 */
import { loadavg } from 'node:os';
import { parseArgs } from 'node:util';
import { parseOrderFilter } from '../src/domain/order-query.js';
import { parseQueryString } from '../src/domain/raw-query.js';
import { rebuildOrderCounters } from '../src/services/order-counters.js';
import { countFromCounters, groupCountersByStatus } from '../src/storage/order-counter-repository.js';
import { readCountersZone } from '../src/storage/order-counter-writes.js';
import { countOrdersByScan } from '../src/storage/order-repository.js';
import { groupOrdersByStatus } from '../src/storage/order-summary-repository.js';
import { findProjectByName } from '../src/storage/project-repository.js';
import { migrate, openStorage, type Storage } from '../src/storage/storage.js';
import { BENCH_PROJECT } from './load.js';
import { redactUrl } from './options.js';
import { percentile } from './raw-sql.js';

async function p50(work: () => Promise<unknown>, iterations: number): Promise<number> {
  await work();
  const times: number[] = [];
  const started = performance.now();
  while (times.length < iterations && (times.length < 3 || performance.now() - started < 20_000)) {
    const t = performance.now();
    await work();
    times.push(performance.now() - t);
  }
  return percentile(times.sort((a, b) => a - b), 50);
}

/** The last whole month before the newest order, in the counters' zone, as css_at/cse_at. */
async function lastFullMonth(storage: Storage, projectId: string, timeZone: string): Promise<{ from: string; to: string }> {
  const newest = await storage.db.selectFrom('orders').select((eb) => eb.fn.max('created_at').as('t')).where('project_id', '=', projectId).executeTakeFirstOrThrow();
  const local = new Date(Number(newest.t) * 1000).toLocaleDateString('sv-SE', { timeZone });
  const [year, month] = local.split('-').map(Number) as [number, number];
  const first = new Date(Date.UTC(year, month - 2, 1));
  const last = new Date(Date.UTC(year, month - 1, 0));
  return { from: first.toISOString().slice(0, 10), to: last.toISOString().slice(0, 10) };
}

const fmt = (n: number) => (n >= 100 ? n.toFixed(0) : n >= 10 ? n.toFixed(1) : n.toFixed(2));

async function main(): Promise<void> {
  const { values } = parseArgs({ options: {
    db: { type: 'string' }, iterations: { type: 'string' }, rebuild: { type: 'boolean' }, project: { type: 'string' },
  } });
  if (!values.db) throw new Error('usage: node packages/server/dist/bench/counters.js --db URL [--iterations N] [--rebuild] [--project NAME]');
  const iterations = Number(values.iterations ?? 30);
  const storage = openStorage(values.db);
  try {
    await migrate(storage);
    const project = await findProjectByName(storage, values.project ?? BENCH_PROJECT);
    if (!project) throw new Error(`no project '${values.project ?? BENCH_PROJECT}' in ${redactUrl(values.db)}`);
    const timeZone = await readCountersZone(storage.db);
    const total = await storage.db.selectFrom('orders').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow();
    console.log(`${redactUrl(values.db)}: ${Number(total.n).toLocaleString('en-US')} orders in all; project ${project.name}; counters in ${timeZone}; load average ${loadavg()[0]!.toFixed(2)}`);
    if (values.rebuild) {
      const started = performance.now();
      await rebuildOrderCounters(storage, timeZone);
      const rows = await storage.db.selectFrom('order_counters').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow();
      console.log(`rebuild of every counter (migration 0005's work): ${((performance.now() - started) / 1000).toFixed(1)} s, ${Number(rows.n).toLocaleString('en-US')} rows; load average ${loadavg()[0]!.toFixed(2)}`);
    }
    const month = await lastFullMonth(storage, project.project_id, timeZone);
    const families: Array<[string, string]> = [
      ['no filter', ''],
      [`one month (${month.from.slice(0, 7)})`, `css_at=${month.from}&cse_at=${month.to}`],
      ['status=3, all time', 'status=3'],
      ['month + status=2', `css_at=${month.from}&cse_at=${month.to}&status=2`],
      ['p_at month + payment_status=1', `cs_type=p_at&css_at=${month.from}&cse_at=${month.to}&payment_status=1`],
      ['order_type=subscription', 'order_type=subscription'],
    ];
    console.log('');
    console.log('| count of | orders | counters p50 ms | COUNT(*) p50 ms | COUNT(*) / counters |');
    console.log('|---|---:|---:|---:|---:|');
    for (const [label, query] of families) {
      const filter = parseOrderFilter(parseQueryString(query), timeZone);
      const counted = await countFromCounters(storage, project.project_id, filter);
      const scanned = await countOrdersByScan(storage, project.project_id, filter);
      if (counted !== scanned) throw new Error(`${label}: counters say ${counted}, COUNT(*) says ${scanned}`);
      const fast = await p50(() => countFromCounters(storage, project.project_id, filter), iterations);
      const slow = await p50(() => countOrdersByScan(storage, project.project_id, filter), Math.min(iterations, 15));
      console.log(`| ${label} | ${scanned.toLocaleString('en-US')} | ${fmt(fast)} | ${fmt(slow)} | ${Math.round(slow / fast).toLocaleString('en-US')}× |`);
    }
    console.log('');
    console.log('| summary part | counters p50 ms | GROUP BY over orders p50 ms | ratio |');
    console.log('|---|---:|---:|---:|');
    for (const [label, query] of families.slice(0, 2)) {
      const filter = parseOrderFilter(parseQueryString(query), timeZone);
      const fast = await p50(() => groupCountersByStatus(storage, project.project_id, filter, timeZone), iterations);
      const slow = await p50(() => groupOrdersByStatus(storage, project.project_id, filter), Math.min(iterations, 10));
      console.log(`| totals per status and payment status, ${label} | ${fmt(fast)} | ${fmt(slow)} | ${Math.round(slow / fast).toLocaleString('en-US')}× |`);
    }
    console.log(`\nload average at the end ${loadavg()[0]!.toFixed(2)}`);
  } finally {
    await storage.close();
  }
}

await main();
