/**
 * `npm run bench`: loads (or reuses) a demo data set, starts the real server in its own process,
 * and measures each filter family of `GET /v1/orders` over HTTP beside the same queries' raw SQL
 * time. See docs/benchmarks.md and `npm run bench -- --help`.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { serviceConfig } from '../src/config.js';
import { explainQuery } from './explain.js';
import { benchFairness, FAIRNESS_KEY } from './fairness.js';
import { loadUrl, waitUntilIdle, type HttpTarget } from './http-load.js';
import { prepareDatabase, type PreparedDatabase } from './load.js';
import { parseBenchOptions, type BenchOptions } from './options.js';
import { benchPaging } from './paging.js';
import { timeRawQuery } from './raw-sql.js';
import { machine, reportSection, writeDocs, type BenchReport, type ScenarioResult } from './report.js';
import { scenarioFacts, scenarios } from './scenarios.js';
import { startServer } from './server-process.js';
import { benchWrites } from './writes.js';

/** The read benchmark: every filter family over HTTP against a server process, then as raw SQL. */
export async function benchReads(prepared: PreparedDatabase, options: BenchOptions): Promise<ScenarioResult[]> {
  const { storage, dataset, keys } = prepared;
  const facts = await scenarioFacts(storage, dataset);
  const chosen = scenarios(facts).filter((s) => !options.only || options.only.includes(s.key));
  if (chosen.length === 0) throw new Error(`--only matched no scenario`);

  const server = await startServer(options.dbUrl, { JUMUN_TIME_ZONE: dataset.timeZone });
  const target: HttpTarget = {
    baseUrl: server.baseUrl,
    authorization: `Basic ${Buffer.from(`${keys.client_key}:${keys.secret_key}`).toString('base64')}`,
  };
  console.error(`server pid ${server.pid} at ${server.baseUrl}; ${chosen.length} scenarios × ${options.duration} s at ${options.connections} connections`);
  const results: ScenarioResult[] = [];
  try {
    for (const scenario of chosen) {
      const path = `/v1/orders${scenario.query ? `?${scenario.query}` : ''}`;
      let http: Awaited<ReturnType<typeof loadUrl>>;
      try {
        http = await loadUrl(target, path, options);
      } catch (error) {
        // Loud, but the other families are still measured; the run exits non-zero at the end.
        const message = error instanceof Error ? error.message : String(error);
        console.error(`  ${scenario.key.padEnd(15)} FAILED: ${message}`);
        await waitUntilIdle(server.baseUrl);
        const raw = await timeRawQuery(storage, dataset.projectId, scenario.query, {
          timeZone: dataset.timeZone,
          iterations: options.rawIterations,
        }).catch(() => undefined);
        results.push({ scenario, error: message, ...(raw ? { raw } : {}) });
        continue;
      }
      const raw = await timeRawQuery(storage, dataset.projectId, scenario.query, {
        timeZone: dataset.timeZone,
        iterations: options.rawIterations,
      });
      if (raw.count !== http.count) {
        throw new Error(`${scenario.key}: the endpoint's count ${http.count} differs from the raw query's ${raw.count}`);
      }
      results.push({ scenario, http, raw });
      console.error(
        `  ${scenario.key.padEnd(15)} count ${String(http.count).padStart(8)}  p50 ${http.p50Ms.toFixed(1).padStart(7)} ms  ` +
          `p99 ${http.p99Ms.toFixed(1).padStart(7)} ms  ${http.requestsPerSecond.toFixed(0).padStart(6)} req/s  ` +
          `raw ${raw.p50Ms.toFixed(2).padStart(8)} ms (count ${raw.countP50Ms.toFixed(2)}, page ${raw.pageP50Ms.toFixed(2)})`,
      );
    }
  } finally {
    await server.stop();
  }
  return results;
}

async function printPlans(prepared: PreparedDatabase, options: BenchOptions): Promise<void> {
  const { storage, dataset } = prepared;
  const facts = await scenarioFacts(storage, dataset);
  for (const scenario of scenarios(facts).filter((s) => !options.only || options.only.includes(s.key))) {
    console.log(`## ${scenario.key}: /v1/orders${scenario.query ? `?${scenario.query}` : ''}`);
    for (const plan of await explainQuery(storage, dataset.projectId, scenario.query, dataset.timeZone)) {
      console.log(`${plan.kind}: ${plan.sql}`);
      console.log(`  parameters: ${JSON.stringify(plan.parameters)}`);
      for (const line of plan.plan) console.log(`  ${line}`);
    }
    console.log('');
  }
}

/**
 * Writes on SQLite go to a fresh file beside the data set (the read data set stays as loaded);
 * on Postgres to a project of their own in the same database.
 */
async function benchWritesBeside(prepared: PreparedDatabase, options: BenchOptions) {
  const sqliteDir = prepared.storage.dialect.name === 'sqlite' ? mkdtempSync(join(tmpdir(), 'jumun-bench-writes-db-')) : null;
  try {
    const dbUrl = sqliteDir ? `sqlite:${join(sqliteDir, 'writes.sqlite')}` : options.dbUrl;
    console.error(`writes: creates over HTTP and an import of ${options.writesOrders.toLocaleString('en-US')} orders`);
    const result = await benchWrites({ dbUrl, orders: options.writesOrders });
    for (const line of result.lines) console.error(`  ${line}`);
    return result;
  } finally {
    if (sqliteDir) rmSync(sqliteDir, { recursive: true, force: true });
  }
}

async function main(): Promise<void> {
  const options = parseBenchOptions(process.argv.slice(2));
  const startedOn = machine();
  const { timeZone } = serviceConfig();
  const prepared = await prepareDatabase({ ...options, timeZone });
  try {
    const { dataset } = prepared;
    console.error(
      `data set: ${dataset.orders.toLocaleString('en-US')} orders, seed ${dataset.seed} ` +
        `(${prepared.loadedNow ? 'loaded now' : `reused, loaded ${dataset.loadedAt}`}: ` +
        `${dataset.loadSeconds.toFixed(1)} s, ${Math.round(dataset.ordersPerSecond).toLocaleString('en-US')} orders/s)`,
    );
    if (options.loadOnly) return;
    if (options.explain) return await printPlans(prepared, options);

    // `--only paging` / `--only fairness` run those parts alone.
    const modules = ['paging', FAIRNESS_KEY];
    const results = options.only?.every((key) => modules.includes(key)) ? [] : await benchReads(prepared, options);
    const paging = !options.only || options.only.includes('paging') ? await benchPaging(prepared, options) : undefined;
    const fairness = !options.only || options.only.includes(FAIRNESS_KEY) ? await benchFairness(prepared, options, timeZone) : undefined;
    const writes = options.writes && !options.only ? await benchWritesBeside(prepared, options) : undefined;
    const report: BenchReport = {
      dialect: prepared.storage.dialect.name,
      command: options.command,
      date: new Date().toISOString().replace(/\.\d+Z$/, 'Z'),
      machine: startedOn,
      dbUrl: options.dbUrl,
      dataset,
      loadedNow: prepared.loadedNow,
      connections: options.connections,
      duration: options.duration,
      rawIterations: options.rawIterations,
      results,
      extraLines: [paging?.lines, fairness?.lines, writes?.lines].filter((lines) => lines !== undefined).flatMap((lines, i) => [...(i > 0 ? [''] : []), ...lines]),
    };
    console.log(reportSection(report).join('\n'));
    if (options.writeDocs && options.only) console.error('\n--only: a partial run, docs/benchmarks.md left alone');
    else if (options.writeDocs) console.error(`\nwrote ${writeDocs(report)}`);
    const failed = results.filter((r) => r.error !== undefined);
    if (failed.length > 0) {
      console.error(`\n${failed.length} scenario(s) FAILED: ${failed.map((r) => r.scenario.key).join(', ')}`);
      process.exitCode = 1;
    }
  } finally {
    await prepared.storage.close();
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? (error.stack ?? error.message) : error);
  process.exit(1);
});
