import { existsSync, rmSync } from 'node:fs';
import { loadavg } from 'node:os';
import { sql } from 'kysely';
import pg from 'pg';
import { loadHashKey } from '../src/services/hash-key.js';
import { loadDemoProjects } from '../src/services/demo-data.js';
import { createKeyPair, type NewKeyPair } from '../src/services/projects.js';
import { findProjectByName } from '../src/storage/project-repository.js';
import { migrate, openStorage, type Storage } from '../src/storage/storage.js';
import { redactUrl } from './options.js';

export const BENCH_PROJECT = 'bench';
/** The other projects that share the database (and its indexes) with the measured one. */
const OTHER_PROJECTS = ['bench-other-1', 'bench-other-2', 'bench-other-3'];

/** Half of the orders (rounded up) in the measured project, the rest spread over the others. */
export function projectSizes(orders: number): Array<{ name: string; orders: number }> {
  const measured = Math.ceil(orders / 2);
  const rest = orders - measured;
  return [
    { name: BENCH_PROJECT, orders: measured },
    ...OTHER_PROJECTS.map((name, i) => ({
      name,
      orders: Math.floor(rest / OTHER_PROJECTS.length) + (i < rest % OTHER_PROJECTS.length ? 1 : 0),
    })),
  ].filter((p) => p.orders > 0);
}
/** The settings row that says the data set is complete; written only after the last order. */
const MARKER = 'bench_dataset';

/** What the data set is; the same orders and seed always give the same orders (for one `now`). */
export interface Dataset {
  /** Orders in the database, all projects together. */
  orders: number;
  /** Orders in the measured project (the bench project); the others hold the rest. */
  benchOrders: number;
  projects: Array<{ name: string; orders: number }>;
  seed: number;
  /** Unix seconds the demo orders were generated against (the 13 months end here). */
  now: number;
  timeZone: string;
  projectId: string;
  loadedAt: string;
  loadSeconds: number;
  ordersPerSecond: number;
  /** CPU seconds of the loading process (for SQLite the whole load; for Postgres the client side). */
  loadCpuSeconds?: number;
  /** 1-minute load average when the load started and when it ended: other work on the machine. */
  loadAverage?: [number, number];
}

export interface PreparedDatabase {
  storage: Storage;
  dataset: Dataset;
  /** True when this run loaded the data; false when it was reused. */
  loadedNow: boolean;
  keys: NewKeyPair;
}

/** Creates the Postgres database the URL names when it does not exist yet. */
async function ensurePostgresDatabase(url: string): Promise<void> {
  const target = new URL(url);
  const name = decodeURIComponent(target.pathname.replace(/^\//, ''));
  if (!name) throw new Error(`--db ${redactUrl(url)} names no database`);
  const admin = new URL(url);
  admin.pathname = '/postgres';
  const client = new pg.Client({ connectionString: admin.toString() });
  await client.connect();
  try {
    const found = await client.query('select 1 from pg_database where datname = $1', [name]);
    if (found.rowCount === 0) {
      await client.query(`create database "${name.replaceAll('"', '""')}"`);
      console.error(`created database ${name}`);
    }
  } finally {
    await client.end();
  }
}

async function readMarker(storage: Storage): Promise<Dataset | undefined> {
  const row = await storage.db.selectFrom('settings').select('value').where('name', '=', MARKER).executeTakeFirst();
  return row ? (JSON.parse(row.value) as Dataset) : undefined;
}

async function countProjectOrders(storage: Storage, projectId: string): Promise<number> {
  const row = await storage.db
    .selectFrom('orders')
    .select((eb) => eb.fn.countAll<number>().as('count'))
    .where('project_id', '=', projectId)
    .executeTakeFirstOrThrow();
  return Number(row.count);
}

function removeSqliteFiles(path: string): void {
  for (const suffix of ['', '-wal', '-shm']) rmSync(path + suffix, { force: true });
}

async function open(url: string): Promise<Storage> {
  if (!url.startsWith('sqlite:')) await ensurePostgresDatabase(url);
  const storage = openStorage(url);
  await migrate(storage);
  return storage;
}

/**
 * Opens the bench database and makes sure it holds exactly `orders` demo orders of `seed` in the
 * bench project: reused when the marker says so, loaded otherwise. An interrupted load of the
 * default SQLite file is thrown away and redone; any other half-loaded database is an error.
 */
export async function prepareDatabase(options: {
  dbUrl: string;
  defaultDb: boolean;
  orders: number;
  seed: number;
  timeZone: string;
}): Promise<PreparedDatabase> {
  const { dbUrl, orders, seed, timeZone } = options;
  let storage = await open(dbUrl);
  let dataset = await readMarker(storage);
  const where = redactUrl(dbUrl);

  if (dataset && dataset.benchOrders === undefined) {
    await storage.close();
    throw new Error(`${where} holds a bench data set of the older layout (every order in one project); use another --db (or drop it)`);
  }
  if (dataset && (dataset.orders !== orders || dataset.seed !== seed || dataset.timeZone !== timeZone)) {
    await storage.close();
    throw new Error(
      `${where} holds another bench data set (${dataset.orders} orders, seed ${dataset.seed}, ${dataset.timeZone}); ` +
        `use another --db (or drop it) to load ${orders} orders of seed ${seed}`,
    );
  }
  if (dataset) {
    const actual = await countProjectOrders(storage, dataset.projectId);
    if (actual !== dataset.benchOrders) {
      await storage.close();
      throw new Error(`${where}: the marker says ${dataset.benchOrders} orders in the bench project but it has ${actual}; drop it and rerun`);
    }
  }

  let loadedNow = false;
  if (!dataset) {
    if (await findProjectByName(storage, BENCH_PROJECT)) {
      // A load that never finished: no marker, but a bench project.
      const path = dbUrl.slice('sqlite:'.length);
      if (!options.defaultDb || !dbUrl.startsWith('sqlite:') || !existsSync(path)) {
        await storage.close();
        throw new Error(`${where} holds a partly loaded bench project (an interrupted run?); drop that database and rerun`);
      }
      console.error(`${where}: an earlier load did not finish; starting over`);
      await storage.close();
      removeSqliteFiles(path);
      storage = await open(dbUrl);
    }
    dataset = await load(storage, { orders, seed, timeZone });
    loadedNow = true;
  }

  if (storage.dialect.name === 'postgres') await settlePostgres(storage);
  const keys = await createKeyPair(storage, await loadHashKey(storage), BENCH_PROJECT);
  return { storage, dataset, loadedNow, keys };
}

/**
 * After a bulk load Postgres has no planner statistics and an empty visibility map, so every
 * index-only scan (all the counts) still visits the heap. Autovacuum fixes both in time, when it
 * is on; the bench does not wait for it: the storage's `vacuum (analyze)` once, when the orders were never vacuumed.
 */
async function settlePostgres(storage: Storage): Promise<void> {
  // Partitioned orders (jumun migrate --partition-orders) keep their rows, and their vacuum
  // statistics, in the partitions.
  const { rows } = await sql<{ vacuumed: boolean }>`
    select bool_and(last_vacuum is not null or last_autovacuum is not null) as vacuumed
    from pg_stat_user_tables
    where relid in (select inhrelid from pg_inherits where inhparent = 'orders'::regclass)
      or (relid = 'orders'::regclass and not exists (select from pg_inherits where inhparent = 'orders'::regclass))`.execute(storage.db);
  if (rows[0]?.vacuumed) return;
  const started = performance.now();
  await storage.refreshStatistics();
  console.error(`vacuum (analyze) after the bulk load: ${((performance.now() - started) / 1000).toFixed(1)} s`);
}

async function load(storage: Storage, request: { orders: number; seed: number; timeZone: string }): Promise<Dataset> {
  const now = Math.floor(Date.now() / 1000);
  const projects = projectSizes(request.orders);
  const started = performance.now();
  const cpuBefore = process.cpuUsage();
  const loadBefore = loadavg()[0]!;
  let shown = 0;
  const step = Math.max(10_000, Math.round(request.orders / 20 / 10_000) * 10_000);
  console.error(
    `loading ${request.orders.toLocaleString('en-US')} demo orders (seed ${request.seed}) into ${storage.description}: ` +
      projects.map((p) => `${p.name} ${p.orders.toLocaleString('en-US')}`).join(', '),
  );
  const inserted = await loadDemoProjects(
    storage,
    projects.map((p) => ({ projectName: p.name, orders: p.orders, seed: request.seed, now, timeZone: request.timeZone })),
    (done, total) => {
      if (done - shown >= step || done === total) {
        shown = done;
        const seconds = (performance.now() - started) / 1000;
        console.error(`  ${done.toLocaleString('en-US')} / ${total.toLocaleString('en-US')}  ${seconds.toFixed(0)} s  ${Math.round(done / seconds).toLocaleString('en-US')} orders/s`);
        if (done === total) console.error('  building the indexes and statistics');
      }
    },
  );
  const loadSeconds = (performance.now() - started) / 1000;
  const cpu = process.cpuUsage(cpuBefore);
  const project = await findProjectByName(storage, BENCH_PROJECT);
  const dataset: Dataset = {
    orders: inserted,
    benchOrders: projects[0]!.orders,
    projects,
    seed: request.seed,
    now,
    timeZone: request.timeZone,
    projectId: project!.project_id,
    loadedAt: new Date().toISOString(),
    loadSeconds,
    ordersPerSecond: inserted / loadSeconds,
    loadCpuSeconds: (cpu.user + cpu.system) / 1e6,
    loadAverage: [Math.round(loadBefore * 100) / 100, Math.round(loadavg()[0]! * 100) / 100],
  };
  await storage.db.insertInto('settings').values({ name: MARKER, value: JSON.stringify(dataset) }).execute();
  return dataset;
}
