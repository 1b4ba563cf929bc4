import { existsSync, rmSync } from 'node:fs';
import { sql } from 'kysely';
import pg from 'pg';
import { loadHashKey } from '../src/services/hash-key.js';
import { loadDemoData } from '../src/services/demo-data.js';
import { createKeyPair, type NewKeyPair } from '../src/services/projects.js';
import { findProjectByName } from '../src/storage/project-repository.js';
import { migrate, openStorage, type Storage } from '../src/storage/storage.js';
import { redactUrl } from './options.js';

export const BENCH_PROJECT = 'bench';
/** The settings row that says the data set is complete; written only after the last order. */
const MARKER = 'bench_dataset';

/** What the data set is; the same orders and seed always give the same orders (for one `now`). */
export interface Dataset {
  orders: number;
  seed: number;
  /** Unix seconds the demo orders were generated against (the 13 months end here). */
  now: number;
  timeZone: string;
  projectId: string;
  loadedAt: string;
  loadSeconds: number;
  ordersPerSecond: number;
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

  if (dataset && (dataset.orders !== orders || dataset.seed !== seed || dataset.timeZone !== timeZone)) {
    await storage.close();
    throw new Error(
      `${where} holds another bench data set (${dataset.orders} orders, seed ${dataset.seed}, ${dataset.timeZone}); ` +
        `use another --db (or drop it) to load ${orders} orders of seed ${seed}`,
    );
  }
  if (dataset) {
    const actual = await countProjectOrders(storage, dataset.projectId);
    if (actual !== orders) {
      await storage.close();
      throw new Error(`${where}: the marker says ${orders} orders but the bench project has ${actual}; drop it and rerun`);
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
 * is on; the bench does not wait for it: `vacuum analyze` once, when the orders were never vacuumed.
 */
async function settlePostgres(storage: Storage): Promise<void> {
  const { rows } = await sql<{ vacuumed: boolean }>`
    select (last_vacuum is not null or last_autovacuum is not null) as vacuumed
    from pg_stat_user_tables where relname = 'orders'`.execute(storage.db);
  if (rows[0]?.vacuumed) return;
  const started = performance.now();
  await sql`vacuum (analyze)`.execute(storage.db);
  console.error(`vacuum (analyze) after the bulk load: ${((performance.now() - started) / 1000).toFixed(1)} s`);
}

async function load(storage: Storage, request: { orders: number; seed: number; timeZone: string }): Promise<Dataset> {
  const now = Math.floor(Date.now() / 1000);
  const started = performance.now();
  let shown = 0;
  const step = Math.max(10_000, Math.round(request.orders / 20 / 10_000) * 10_000);
  console.error(`loading ${request.orders.toLocaleString('en-US')} demo orders (seed ${request.seed}) into ${storage.description}`);
  const inserted = await loadDemoData(storage, {
    projectName: BENCH_PROJECT,
    orders: request.orders,
    seed: request.seed,
    now,
    timeZone: request.timeZone,
    onProgress: (done, total) => {
      if (done - shown >= step || done === total) {
        shown = done;
        const seconds = (performance.now() - started) / 1000;
        console.error(`  ${done.toLocaleString('en-US')} / ${total.toLocaleString('en-US')}  ${seconds.toFixed(0)} s  ${Math.round(done / seconds).toLocaleString('en-US')} orders/s`);
      }
    },
  });
  const loadSeconds = (performance.now() - started) / 1000;
  const project = await findProjectByName(storage, BENCH_PROJECT);
  const dataset: Dataset = {
    orders: inserted,
    seed: request.seed,
    now,
    timeZone: request.timeZone,
    projectId: project!.project_id,
    loadedAt: new Date().toISOString(),
    loadSeconds,
    ordersPerSecond: inserted / loadSeconds,
  };
  await storage.db.insertInto('settings').values({ name: MARKER, value: JSON.stringify(dataset) }).execute();
  return dataset;
}
