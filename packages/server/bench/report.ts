import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, totalmem, type as osType, release } from 'node:os';
import { dirname, relative, resolve } from 'node:path';
import type { HttpResult } from './http-load.js';
import type { Dataset } from './load.js';
import { REPO_ROOT, redactUrl } from './options.js';
import type { RawResult } from './raw-sql.js';
import { scenarioPath, type Scenario } from './scenarios.js';

export type ScenarioResult =
  | { scenario: Scenario; http: HttpResult; raw: RawResult; error?: undefined }
  /** The scenario failed (e.g. a non-200 answer): the row says why instead of numbers. */
  | { scenario: Scenario; error: string; http?: undefined; raw?: RawResult };

export interface Machine {
  nproc: number;
  cpu: string;
  memoryGiB: number;
  node: string;
  os: string;
  /** 1-minute load average when the run started: other work on the machine shows here. */
  loadAverage: number;
}

export interface BenchReport {
  dialect: 'sqlite' | 'postgres';
  command: string;
  date: string;
  machine: Machine;
  dbUrl: string;
  dataset: Dataset;
  loadedNow: boolean;
  connections: number;
  duration: number;
  rawIterations: number;
  results: ScenarioResult[];
  /** Sections a later part of the bench (e.g. writes) adds below the read table. */
  extraLines?: string[];
}

export function machine(): Machine {
  return {
    nproc: cpus().length,
    cpu: cpus()[0]?.model.trim() ?? 'unknown',
    memoryGiB: Math.round((totalmem() / 2 ** 30) * 10) / 10,
    node: process.version,
    os: `${osType()} ${release()}`,
    loadAverage: Math.round(loadavg()[0]! * 100) / 100,
  };
}

const int = (n: number) => Math.round(n).toLocaleString('en-US');
function ms(n: number): string {
  if (!Number.isFinite(n)) return '–';
  if (n >= 100) return n.toFixed(0);
  if (n >= 10) return n.toFixed(1);
  return n.toFixed(2);
}

function rate(n: number): string {
  return n < 10 ? n.toFixed(1) : int(n);
}

function displayUrl(url: string): string {
  if (!url.startsWith('sqlite:')) return redactUrl(url);
  const path = url.slice('sqlite:'.length);
  const rel = relative(REPO_ROOT, path);
  return `sqlite:${rel.startsWith('..') ? path : rel}`;
}

export function resultTable(results: readonly ScenarioResult[]): string[] {
  const lines = [
    '| filter family | count | HTTP p50 ms | HTTP p99 ms | req/s | requests | raw SQL p50 ms (count + page) | raw count p50 ms | raw page p50 ms | ratio HTTP p50 / raw p50 | 1000 / req/s ms |',
    '|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|',
  ];
  for (const { scenario, http, raw, error } of results) {
    if (error !== undefined) {
      const r = raw ? `${ms(raw.p50Ms)} | ${ms(raw.countP50Ms)} | ${ms(raw.pageP50Ms)}` : '– | – | –';
      lines.push(`| ${scenario.label} | ${raw ? int(raw.count) : '–'} | **FAILED** (below) | – | – | – | ${r} | – | – |`);
      continue;
    }
    lines.push(
      `| ${scenario.label} | ${int(http.count)} | ${ms(http.p50Ms)} | ${ms(http.p99Ms)} | ${rate(http.requestsPerSecond)} | ${int(http.requests)} | ` +
        `${ms(raw.p50Ms)} | ${ms(raw.countP50Ms)} | ${ms(raw.pageP50Ms)} | ${(http.p50Ms / raw.p50Ms).toFixed(1)}× | ${ms(1000 / http.requestsPerSecond)} |`,
    );
  }
  return lines;
}

export function reportSection(report: BenchReport): string[] {
  const { machine: m, dataset: d } = report;
  const title = report.dialect === 'sqlite' ? 'SQLite' : 'PostgreSQL';
  const rateLine =
    `${int(d.orders)} orders in ${d.loadSeconds.toFixed(1)} s = **${int(d.ordersPerSecond)} orders/s** ` +
    `(indexes and statistics built after the rows included` +
    (d.loadCpuSeconds === undefined ? '' : `; ${d.loadCpuSeconds.toFixed(0)} CPU s in the loading process`) +
    (d.loadAverage === undefined ? '' : `; load average ${d.loadAverage[0]} at its start, ${d.loadAverage[1]} at its end`) +
    ')';
  const loaded = report.loadedNow ? `loaded by this run: ${rateLine}` : `reused; it was loaded ${d.loadedAt.slice(0, 10)}: ${rateLine}`;
  const split = d.projects.map((p) => `${p.name} ${int(p.orders)}`).join(', ');
  return [
    `### ${title}, ${int(d.orders)} orders (${int(d.benchOrders)} in the measured project)`,
    '',
    `- Command: \`${report.command}\``,
    `- Date: ${report.date}`,
    `- Machine: ${m.nproc} CPUs (${m.cpu}), ${m.memoryGiB} GiB RAM, Node ${m.node}, ${m.os}; ` +
      `1-min load average at start ${m.loadAverage} (the machine was shared with other work)`,
    `- Database: \`${displayUrl(report.dbUrl)}\`, demo data seed ${d.seed}, time zone ${d.timeZone}; projects ${split}, interleaved in time; ${loaded}`,
    `- HTTP: the real server (\`jumun serve\`, LOG_LEVEL=silent) in its own process; autocannon with ${report.connections} connections ` +
      `for ${report.duration} s per row, \`GET /v1/orders?…\` with Basic auth and \`Content-Type: application/json\` like the official SDK; ` +
      (report.results.some((r) => r.error !== undefined) ? 'a row is FAILED when any response was not a 200' : 'every response was a 200') +
      `; when fewer answers than connections arrived within the window, the row measures one round of one request per connection instead (requests = ${report.connections})`,
    `- Raw SQL: the same query string through \`parseOrderListQuery\` into the endpoint's own \`countOrders\` + \`listOrders\` Kysely queries, ` +
      `timed in the bench process once the server is idle again (p50 of 5 to ${report.rawIterations} runs, about 3 s per row)`,
    '',
    ...resultTable(report.results),
    '',
    ...report.results.flatMap((r) =>
      r.error !== undefined ? [`- **FAILED**, ${r.scenario.label}: ${r.error.replaceAll('\n', ' ')}`, ''] : [],
    ),
    '<details><summary>Query strings</summary>',
    '',
    '| filter family | query |',
    '|---|---|',
    ...report.results.map(({ scenario }) => `| ${scenario.label} | \`${scenarioPath(scenario)}\` |`),
    '',
    '</details>',
    ...(report.extraLines && report.extraLines.length > 0 ? ['', ...report.extraLines] : []),
  ];
}

/** SQLite and Postgres side by side, from the last saved run of each (same N only). */
function comparisonSection(reports: BenchReport[]): string[] | undefined {
  const sqlite = reports.find((r) => r.dialect === 'sqlite');
  const postgres = reports.find((r) => r.dialect === 'postgres');
  if (!sqlite || !postgres || sqlite.dataset.orders !== postgres.dataset.orders) return undefined;
  const lines = [
    `### SQLite and PostgreSQL side by side (${int(sqlite.dataset.orders)} orders)`,
    '',
    `SQLite run ${sqlite.date}, PostgreSQL run ${postgres.date}; same data generator and seed, same machine.`,
    '',
    '| filter family | SQLite HTTP p50 ms | SQLite req/s | SQLite raw p50 ms | PostgreSQL HTTP p50 ms | PostgreSQL req/s | PostgreSQL raw p50 ms |',
    '|---|---:|---:|---:|---:|---:|---:|',
  ];
  for (const s of sqlite.results) {
    const p = postgres.results.find((r) => r.scenario.key === s.scenario.key);
    if (!p) continue;
    if (!s.http || !p.http) {
      const cells = (r: ScenarioResult) =>
        r.http ? `${ms(r.http.p50Ms)} | ${rate(r.http.requestsPerSecond)} | ${ms(r.raw.p50Ms)}` : `FAILED | – | ${r.raw ? ms(r.raw.p50Ms) : '–'}`;
      lines.push(`| ${s.scenario.label} | ${cells(s)} | ${cells(p)} |`);
      continue;
    }
    lines.push(
      `| ${s.scenario.label} | ${ms(s.http.p50Ms)} | ${rate(s.http.requestsPerSecond)} | ${ms(s.raw.p50Ms)} | ` +
        `${ms(p.http.p50Ms)} | ${rate(p.http.requestsPerSecond)} | ${ms(p.raw.p50Ms)} |`,
    );
  }
  lines.push('', `Load rate: SQLite ${int(sqlite.dataset.ordersPerSecond)} orders/s, PostgreSQL ${int(postgres.dataset.ordersPerSecond)} orders/s.`);
  return lines;
}

const DOCS = resolve(REPO_ROOT, 'docs/benchmarks.md');

/** Runs of 1M orders keep the sections' first names; other sizes get sections of their own. */
function sizeSuffix(orders: number): string {
  return orders === 1_000_000 ? '' : `-${orders}`;
}

function resultsFile(dialect: string, orders: number): string {
  return resolve(REPO_ROOT, 'bench-data', `last-${dialect}${sizeSuffix(orders)}.json`);
}

function replaceSection(text: string, name: string, lines: string[]): string {
  const begin = `<!-- bench:${name}:begin (generated by npm run bench; edit outside these markers) -->`;
  const end = `<!-- bench:${name}:end -->`;
  const block = [begin, ...lines, end].join('\n');
  const start = text.indexOf(`<!-- bench:${name}:begin`);
  const stop = text.indexOf(end);
  if (start >= 0 && stop > start) return text.slice(0, start) + block + text.slice(stop + end.length);
  return `${text.trimEnd()}\n\n${block}\n`;
}

/**
 * Writes this run's section into docs/benchmarks.md (text outside the generated markers is kept)
 * and, when both dialects have a saved run of the same size, the side-by-side table.
 */
export function writeDocs(report: BenchReport): string {
  const orders = report.dataset.orders;
  const suffix = sizeSuffix(orders);
  mkdirSync(dirname(resultsFile(report.dialect, orders)), { recursive: true });
  writeFileSync(resultsFile(report.dialect, orders), JSON.stringify(report, null, 2));
  const saved = (['sqlite', 'postgres'] as const)
    .map((d) => (existsSync(resultsFile(d, orders)) ? (JSON.parse(readFileSync(resultsFile(d, orders), 'utf8')) as BenchReport) : undefined))
    .filter((r): r is BenchReport => r !== undefined);
  let text = existsSync(DOCS) ? readFileSync(DOCS, 'utf8') : '# Benchmarks\n';
  text = replaceSection(text, `${report.dialect}${suffix}`, reportSection(report));
  const comparison = comparisonSection(saved);
  if (comparison) text = replaceSection(text, `compare${suffix}`, comparison);
  mkdirSync(dirname(DOCS), { recursive: true });
  writeFileSync(DOCS, text.endsWith('\n') ? text : `${text}\n`);
  return relative(REPO_ROOT, DOCS);
}
