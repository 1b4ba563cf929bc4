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
import { FURTHER_ROWS } from './further-rows.js';
import { loadUrl, waitUntilIdle, type HttpTarget } from './http-load.js';
import { prepareDatabase, type PreparedDatabase } from './load.js';
import { parseBenchOptions, type BenchOptions } from './options.js';
import { benchPaging } from './paging.js';
import { timeRawQuery, timeRawSummary, type RawResult } from './raw-sql.js';
import { machine, reportSection, writeDocs, type BenchReport, type ScenarioResult } from './report.js';
import { scenarioFacts, scenarioPath, scenarios, type Scenario } from './scenarios.js';
import { startServer } from './server-process.js';
import { benchWrites } from './writes.js';

/** The scenario's database work timed directly: the list's count and page, or the summary's queries. */
function timeRaw(prepared: PreparedDatabase, scenario: Scenario, options: BenchOptions): Promise<RawResult> {
  const { storage, dataset } = prepared;
  const timing = { timeZone: dataset.timeZone, iterations: options.rawIterations };
  return scenario.endpoint === 'summary'
    ? timeRawSummary(storage, dataset.projectId, scenario.query, { ...timing, now: Math.floor(Date.now() / 1000) })
    : timeRawQuery(storage, dataset.projectId, scenario.query, timing);
}

/** The read benchmark: every filter family over HTTP against a server process, then as raw SQL. */
export async function benchReads(prepared: PreparedDatabase, options: BenchOptions): Promise<{ results: ScenarioResult[]; lines: string[] }> {
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
  const lines: string[] = [];
  try {
    for (const scenario of chosen) {
      const path = scenarioPath(scenario);
      let http: Awaited<ReturnType<typeof loadUrl>>;
      try {
        http = await loadUrl(target, path, options);
      } catch (error) {
        // Loud, but the other families are still measured; the run exits non-zero at the end.
        const message = error instanceof Error ? error.message : String(error);
        console.error(`  ${scenario.key.padEnd(15)} FAILED: ${message}`);
        await waitUntilIdle(server.baseUrl);
        const raw = await timeRaw(prepared, scenario, options).catch(() => undefined);
        results.push({ scenario, error: message, ...(raw ? { raw } : {}) });
        continue;
      }
      const raw = await timeRaw(prepared, scenario, options);
      if (raw.count !== http.count) {
        throw new Error(`${scenario.key}: the endpoint's count ${http.count} differs from the raw query's ${raw.count}`);
      }
      results.push({ scenario, http, raw });
      console.error(
        `  ${scenario.key.padEnd(15)} count ${String(http.count).padStart(8)}  p50 ${http.p50Ms.toFixed(1).padStart(7)} ms  ` +
          `p99 ${http.p99Ms.toFixed(1).padStart(7)} ms  ${http.requestsPerSecond.toFixed(0).padStart(6)} req/s  ` +
          `raw ${raw.p50Ms.toFixed(2).padStart(8)} ms` +
          (Number.isNaN(raw.countP50Ms) ? '' : ` (count ${raw.countP50Ms.toFixed(2)}, page ${raw.pageP50Ms.toFixed(2)})`),
      );
    }
    // The cursor page, the exports and others' rows: whole runs only.
    for (const row of options.only ? [] : FURTHER_ROWS) {
      await waitUntilIdle(server.baseUrl);
      lines.push('', ...(await row({ prepared, target, facts, options })));
    }
  } finally {
    await server.stop();
  }
  return { results, lines };
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
    const { results, lines } = options.only?.every((key) => modules.includes(key))
      ? { results: [], lines: [] }
      : await benchReads(prepared, options);
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
      extraLines: [...lines, ...[paging?.lines, fairness?.lines, writes?.lines].flatMap((part) => (part ? ['', ...part] : []))],
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
