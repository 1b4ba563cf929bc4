/**
 * Deep pages and exports: `page=1000` and `page=10000` (the deferred join beside the plain OFFSET it
 * replaced), a cursor page 200,000 rows deep, and the CSV export of one month and of everything in
 * rows/s from the first row to the last, over HTTP and raw. `npm run bench -- --only paging`.
 */
import { readFileSync } from 'node:fs';
import { request } from 'node:http';
import { sql } from 'kysely';
import { decodeCursor } from '../src/domain/order-cursor.js';
import { parseOrderFilter, parseOrderListQuery, type OrderFilter } from '../src/domain/order-query.js';
import { parseQueryString } from '../src/domain/raw-query.js';
import { loadHashKey } from '../src/services/hash-key.js';
import { orderCsvChunks } from '../src/services/order-export.js';
import { EXPORT_PAGE_SIZE } from '../src/storage/order-export-repository.js';
import { orderFilterSql, orderSortSql } from '../src/storage/order-filter-sql.js';
import { ordersAfter } from '../src/storage/order-keyset-repository.js';
import { countOrders, listOrders } from '../src/storage/order-repository.js';
import type { Storage } from '../src/storage/storage.js';
import { get, loadUrl, waitUntilIdle, type HttpResult, type HttpTarget } from './http-load.js';
import type { PreparedDatabase } from './load.js';
import type { BenchOptions } from './options.js';
import { percentile } from './raw-sql.js';
import { scenarioFacts } from './scenarios.js';
import { startServer } from './server-process.js';

const CURSOR_DEPTH_PAGE = 10_000;
const LIMIT = 20;

/** p50 in ms of `work`, run until `budgetMs` is spent (5 to 200 runs), after one warm-up run. */
async function p50(work: () => Promise<unknown>, budgetMs = 2_000): Promise<number> {
  await work();
  const times: number[] = [];
  const started = performance.now();
  while (times.length < 200 && (times.length < 5 || performance.now() - started < budgetMs)) {
    const t = performance.now();
    await work();
    times.push(performance.now() - t);
  }
  return percentile(times.sort((a, b) => a - b), 50);
}

/** The p50 in ms of each piece of work, run in turns (one each, round after round) for about `budgetMs`. */
async function inTurns(works: Array<() => Promise<unknown>>, budgetMs = 4_000): Promise<number[]> {
  for (const work of works) await work();
  const times: number[][] = works.map(() => []);
  const started = performance.now();
  while (times[0]!.length < 5 || (performance.now() - started < budgetMs && times[0]!.length < 200)) {
    for (const [i, work] of works.entries()) {
      const t = performance.now();
      await work();
      times[i]!.push(performance.now() - t);
    }
  }
  return times.map((list) => percentile(list.sort((a, b) => a - b), 50));
}

/** The page query before the deferred join: OFFSET over whole rows, kept here to compare with. */
function plainOffsetPage(storage: Storage, projectId: string, filter: OrderFilter, page: number) {
  let query = storage.db.selectFrom('orders').selectAll().where(orderFilterSql(projectId, filter, storage.dialect));
  for (const order of orderSortSql(filter, storage.dialect)) query = query.orderBy(order);
  return query.limit(LIMIT).offset((page - 1) * LIMIT).execute();
}

/**
 * The export's keyset page as it was before the fix: the month's end and the position as two
 * upper bounds on created_at (SQLite seeked on the month's end and filtered the position).
 */
function twoBoundsPage(storage: Storage, projectId: string, filter: OrderFilter, after: { date: number; orderId: string }) {
  let query = storage.db
    .selectFrom('orders')
    .selectAll()
    .where(orderFilterSql(projectId, filter, storage.dialect))
    .where(sql<boolean>`created_at <= ${after.date} and (created_at < ${after.date} or order_id < ${after.orderId})`);
  for (const order of orderSortSql(filter, storage.dialect)) query = query.orderBy(order);
  return query.limit(EXPORT_PAGE_SIZE).execute();
}

/** CPU seconds (user + system) a process has used so far, from /proc; NaN where there is none. */
function cpuSecondsOf(pid: number): number {
  try {
    // Fields after the command name (which is in parentheses and may hold spaces): utime is 14th, stime 15th.
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return NaN;
  }
}

interface StreamTiming {
  /** Rows per CPU second of the process that formatted the CSV (the server, or the bench for raw). */
  rowsPerCpuSecond?: number;
  rows: number;
  seconds: number;
  rowsPerSecond: number;
  first10PerSecond: number;
  last10PerSecond: number;
}

/** Rows/s overall, over the first 10 % of the rows and over the last 10 %, from (ms, rows so far) samples. */
function streamTiming(samples: Array<[ms: number, rows: number]>): StreamTiming {
  const [endMs, rows] = samples[samples.length - 1]!;
  const at = (share: number) => samples.find(([, r]) => r >= rows * share)!;
  const [t10, r10] = at(0.1);
  const [t90, r90] = at(0.9);
  return {
    rows,
    seconds: endMs / 1000,
    rowsPerSecond: rows / (endMs / 1000),
    first10PerSecond: r10 / (t10 / 1000),
    last10PerSecond: endMs > t90 ? (rows - r90) / ((endMs - t90) / 1000) : NaN,
  };
}

const LF = 0x0a;
function lineCount(chunk: Buffer): number {
  let n = 0;
  for (let i = chunk.indexOf(LF); i !== -1; i = chunk.indexOf(LF, i + 1)) n++;
  return n;
}

/** The export over HTTP, timed from sending the request to the last byte; rows exclude the header. */
function exportOverHttp(target: HttpTarget, query: string): Promise<StreamTiming> {
  return new Promise((done, fail) => {
    const started = performance.now();
    const samples: Array<[number, number]> = [];
    let lines = 0;
    const req = request(`${target.baseUrl}/v1/orders/export?${query}`, { headers: { authorization: target.authorization }, agent: false }, (response) => {
      if (response.statusCode !== 200) return fail(new Error(`export answered ${response.statusCode}`));
      response.on('data', (chunk: Buffer) => {
        lines += lineCount(chunk);
        samples.push([performance.now() - started, Math.max(0, lines - 1)]);
      });
      response.on('end', () => done(streamTiming(samples)));
      response.on('error', fail);
    });
    req.on('error', fail);
    req.end();
  });
}

/** The export's own generator in this process, without HTTP. */
async function exportRaw(storage: Storage, projectId: string, filter: OrderFilter, timeZone: string): Promise<StreamTiming> {
  const started = performance.now();
  const samples: Array<[number, number]> = [];
  let lines = 0;
  for await (const chunk of orderCsvChunks(storage, projectId, filter, timeZone)) {
    lines += lineCount(chunk);
    samples.push([performance.now() - started, Math.max(0, lines - 1)]);
  }
  return streamTiming(samples);
}

const int = (n: number) => Math.round(n).toLocaleString('en-US');
const ms = (n: number) => (n >= 100 ? n.toFixed(0) : n >= 10 ? n.toFixed(1) : n.toFixed(2));

export async function benchPaging(prepared: PreparedDatabase, options: BenchOptions): Promise<{ lines: string[] }> {
  const { storage, dataset, keys } = prepared;
  const { projectId, timeZone } = dataset;
  const hashKey = await loadHashKey(storage);
  const facts = await scenarioFacts(storage, dataset);
  const monthQuery = `css_at=${facts.month.from}&cse_at=${facts.month.to}`;
  const server = await startServer(options.dbUrl, { JUMUN_TIME_ZONE: timeZone });
  const target: HttpTarget = {
    baseUrl: server.baseUrl,
    authorization: `Basic ${Buffer.from(`${keys.client_key}:${keys.secret_key}`).toString('base64')}`,
  };
  const pageRows: string[] = [];
  const exportRows: string[] = [];
  const steadiness: string[] = [];
  try {
    const http = async (path: string): Promise<HttpResult> => {
      const result = await loadUrl(target, path, options);
      await waitUntilIdle(server.baseUrl);
      return result;
    };
    const row = (label: string, h: HttpResult, count: number, page: number, before?: number) =>
      `| ${label} | ${int(h.count)} | ${ms(h.p50Ms)} | ${ms(h.p99Ms)} | ${h.requestsPerSecond.toFixed(0)} | ${ms(count)} | ${ms(page)} | ` +
      `${before === undefined ? '–' : `${ms(before)} (${(before / page).toFixed(1)}×)`} |`;

    for (const page of [1_000, CURSOR_DEPTH_PAGE]) {
      const query = parseOrderListQuery(parseQueryString(`page=${page}&limit=${LIMIT}`), timeZone);
      const h = await http(`/v1/orders?page=${page}&limit=${LIMIT}`);
      const count = await p50(() => countOrders(storage, projectId, query));
      const [deferred, plain] = await inTurns([
        () => listOrders(storage, projectId, query, query, 1),
        () => plainOffsetPage(storage, projectId, query, page),
      ]);
      pageRows.push(row(`page=${int(page)} (limit ${LIMIT})`, h, count, deferred!, plain));
      console.error(`  paging ${pageRows[pageRows.length - 1]}`);
    }

    for (const csType of ['c_at', 'p_at'] as const) {
      const base = `cs_type=${csType}&limit=${LIMIT}`;
      const { status, text } = await get(`${target.baseUrl}/v1/orders?${base}&page=${CURSOR_DEPTH_PAGE}`, { authorization: target.authorization });
      if (status !== 200) throw new Error(`page ${CURSOR_DEPTH_PAGE} answered ${status}`);
      const cursor = (JSON.parse(text) as { next_cursor: string | null }).next_cursor;
      if (!cursor) throw new Error(`the data set has fewer than ${CURSOR_DEPTH_PAGE * LIMIT} orders`);
      const query = parseOrderListQuery(parseQueryString(`${base}&cursor=${encodeURIComponent(cursor)}`), timeZone);
      const after = decodeCursor(hashKey, projectId, query, cursor);
      const h = await http(`/v1/orders?${base}&cursor=${encodeURIComponent(cursor)}`);
      const count = await p50(() => countOrders(storage, projectId, query));
      const page = await p50(() => ordersAfter(storage, projectId, query, after, LIMIT + 1));
      pageRows.push(row(`cursor after ${int(CURSOR_DEPTH_PAGE * LIMIT)} rows (${csType}, limit ${LIMIT})`, h, count, page));
      console.error(`  paging ${pageRows[pageRows.length - 1]}`);
    }

    for (const [label, query] of [[`one month (${facts.month.from.slice(0, 7)})`, monthQuery], ['everything', '']] as const) {
      const serverCpu = cpuSecondsOf(server.pid);
      const overHttp = await exportOverHttp(target, query);
      overHttp.rowsPerCpuSecond = overHttp.rows / (cpuSecondsOf(server.pid) - serverCpu);
      await waitUntilIdle(server.baseUrl);
      const benchCpu = process.cpuUsage();
      const raw = await exportRaw(storage, projectId, parseOrderFilter(parseQueryString(query), timeZone), timeZone);
      const used = process.cpuUsage(benchCpu);
      raw.rowsPerCpuSecond = raw.rows / ((used.user + used.system) / 1e6);
      for (const [how, t] of [['HTTP', overHttp], ['raw', raw]] as const) {
        exportRows.push(
          `| ${label} | ${how} | ${int(t.rows)} | ${t.seconds.toFixed(1)} | **${int(t.rowsPerSecond)}** | ${int(t.first10PerSecond)} | ${int(t.last10PerSecond)} | ${int(t.rowsPerCpuSecond ?? NaN)} |`,
        );
        console.error(`  export ${exportRows[exportRows.length - 1]}`);
      }
    }

    // Keyset pages near the start and near the end of each export, timed in turns so that the
    // machine's load hits both alike; and the month's page as it was read before the fix.
    for (const [label, query] of [['the month', monthQuery], ['everything', '']] as const) {
      const filter = parseOrderFilter(parseQueryString(query), timeZone);
      const total = await countOrders(storage, projectId, filter);
      const positionAt = async (share: number) => {
        const row = await storage.db
          .selectFrom('orders')
          .select(['created_at', 'order_id'])
          .where(orderFilterSql(projectId, filter, storage.dialect))
          .orderBy('created_at', 'desc')
          .orderBy('order_id', 'desc')
          .offset(Math.floor(total * share))
          .limit(1)
          .executeTakeFirstOrThrow();
        return { date: row.created_at, orderId: row.order_id };
      };
      const [early, late] = [await positionAt(0.1), await positionAt(0.9)];
      const read = (after: { date: number; orderId: string }) => () => ordersAfter(storage, projectId, filter, after, EXPORT_PAGE_SIZE);
      const times = await inTurns([read(early), read(late), ...(query ? [() => twoBoundsPage(storage, projectId, filter, late)] : [])]);
      steadiness.push(
        `| ${label} | ${int(total)} | ${ms(times[0]!)} | ${ms(times[1]!)} | ${times[2] === undefined ? '–' : `${ms(times[2])} (${(times[2] / times[1]!).toFixed(1)}×)`} |`,
      );
      console.error(`  steadiness ${steadiness[steadiness.length - 1]}`);
    }
  } finally {
    await server.stop();
  }
  return {
    lines: [
      `#### Deep pages and exports (\`bench/paging.ts\`)`,
      '',
      'HTTP: as above (autocannon, same connections and duration). Raw: the endpoint\'s own queries in the bench process, p50; ' +
        'for numbered pages "page" is the deferred join the endpoint runs (21 rows: the page and one to tell whether another follows), beside the plain OFFSET over whole rows it replaced, the two timed in turns.',
      '',
      '| page | count | HTTP p50 ms | HTTP p99 ms | req/s | raw count p50 ms | raw page p50 ms | plain OFFSET page p50 ms (× slower) |',
      '|---|---:|---:|---:|---:|---:|---:|---:|',
      ...pageRows,
      '',
      'Exports: `GET /v1/orders/export` streamed to the end (HTTP, one client), and the same CSV generator in the bench process (raw); ' +
        'rows/s from the request to the last byte, and over the first and the last 10 % of the rows; rows per CPU second of the process ' +
        'that made the CSV (the server for HTTP, the bench for raw: on SQLite that includes the queries, on Postgres the queries run in the database\'s processes and are not in it).',
      '',
      '| export | how | rows | seconds | rows/s | first 10 % rows/s | last 10 % rows/s | rows per CPU s |',
      '|---|---|---:|---:|---:|---:|---:|---:|',
      ...exportRows,
      '',
      `One export page (${int(EXPORT_PAGE_SIZE)} rows, raw p50, the reads timed in turns): 10 % and 90 % of the way through, and at 90 % ` +
        "with the range's end and the position as two upper bounds on created_at (how the page was read before).",
      '',
      '| export | rows | page at 10 % ms | page at 90 % ms | at 90 %, two upper bounds ms |',
      '|---|---:|---:|---:|---:|',
      ...steadiness,
    ],
  };
}
