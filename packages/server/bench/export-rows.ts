import { request } from 'node:http';
import { parseOrderFilter } from '../src/domain/order-query.js';
import { parseQueryString } from '../src/domain/raw-query.js';
import { countOrders } from '../src/storage/order-repository.js';
import { orderPagesForExport } from '../src/storage/order-export-repository.js';
import type { HttpTarget } from './http-load.js';
import type { PreparedDatabase } from './load.js';
import type { ScenarioFacts } from './scenarios.js';

export interface ExportResult {
  label: string;
  query: string;
  /** The list's count for the same filter: every one of them must arrive. */
  count: number;
  http: { rows: number; seconds: number; rowsPerSecond: number; firstHalfRowsPerSecond: number; secondHalfRowsPerSecond: number };
  raw: { rows: number; seconds: number; rowsPerSecond: number };
}

/** Streams one CSV export, counting rows (lines after the header) and when the halfway row arrived. */
function streamExport(target: HttpTarget, path: string, expected: number): Promise<ExportResult['http']> {
  return new Promise((done, fail) => {
    const started = performance.now();
    let lines = 0;
    let halfwayAt = NaN;
    const req = request(target.baseUrl + path, { headers: { authorization: target.authorization }, agent: false }, (response) => {
      if (response.statusCode !== 200) {
        fail(new Error(`GET ${path} answered ${response.statusCode}`));
        response.resume();
        return;
      }
      response.on('data', (chunk: Buffer) => {
        for (let i = chunk.indexOf(10); i !== -1; i = chunk.indexOf(10, i + 1)) lines++;
        if (Number.isNaN(halfwayAt) && lines - 1 >= expected / 2) halfwayAt = performance.now();
      });
      response.on('end', () => {
        const seconds = (performance.now() - started) / 1000;
        const rows = lines - 1;
        const firstHalf = (halfwayAt - started) / 1000;
        done({
          rows,
          seconds,
          rowsPerSecond: rows / seconds,
          firstHalfRowsPerSecond: rows / 2 / firstHalf,
          secondHalfRowsPerSecond: rows / 2 / (seconds - firstHalf),
        });
      });
      response.on('error', fail);
    });
    req.on('error', fail);
    req.end();
  });
}

/** The export's pages read straight from the repository, no CSV and no HTTP. */
async function readExportPages(prepared: PreparedDatabase, query: string): Promise<ExportResult['raw']> {
  const { storage, dataset } = prepared;
  const filter = parseOrderFilter(parseQueryString(query), dataset.timeZone);
  const started = performance.now();
  let rows = 0;
  for await (const page of orderPagesForExport(storage, dataset.projectId, filter)) rows += page.length;
  const seconds = (performance.now() - started) / 1000;
  return { rows, seconds, rowsPerSecond: rows / seconds };
}

/**
 * The CSV export of one month and of the whole project, one request at a time: rows per second
 * over HTTP (and in the first and second half, so a rate that falls as it goes shows), and the
 * same pages read directly from the database.
 */
export async function benchExports(prepared: PreparedDatabase, target: HttpTarget, facts: ScenarioFacts): Promise<ExportResult[]> {
  const { storage, dataset } = prepared;
  const cases = [
    { label: `export, one month (${facts.month.from.slice(0, 7)})`, query: new URLSearchParams({ css_at: facts.month.from, cse_at: facts.month.to }).toString() },
    { label: 'export, everything', query: '' },
  ];
  const results: ExportResult[] = [];
  for (const { label, query } of cases) {
    const count = await countOrders(storage, dataset.projectId, parseOrderFilter(parseQueryString(query), dataset.timeZone));
    const http = await streamExport(target, `/v1/orders/export${query ? `?${query}` : ''}`, count);
    if (http.rows !== count) throw new Error(`${label}: the export gave ${http.rows} rows, the list counts ${count}`);
    const raw = await readExportPages(prepared, query);
    if (raw.rows !== count) throw new Error(`${label}: the export pages gave ${raw.rows} rows, the list counts ${count}`);
    console.error(
      `  ${label.padEnd(28)} ${count.toLocaleString('en-US')} rows: HTTP ${http.seconds.toFixed(1)} s, ${Math.round(http.rowsPerSecond).toLocaleString('en-US')} rows/s ` +
        `(halves ${Math.round(http.firstHalfRowsPerSecond).toLocaleString('en-US')} / ${Math.round(http.secondHalfRowsPerSecond).toLocaleString('en-US')}); ` +
        `raw ${Math.round(raw.rowsPerSecond).toLocaleString('en-US')} rows/s`,
    );
    results.push({ label, query, count, http, raw });
  }
  return results;
}

export function exportTable(results: readonly ExportResult[]): string[] {
  const int = (n: number) => Math.round(n).toLocaleString('en-US');
  return [
    '| export (one request, CSV) | rows | HTTP s | HTTP rows/s | first half rows/s | second half rows/s | raw pages rows/s |',
    '|---|---:|---:|---:|---:|---:|---:|',
    ...results.map((r) =>
      `| ${r.label} | ${int(r.count)} | ${r.http.seconds.toFixed(1)} | ${int(r.http.rowsPerSecond)} | ${int(r.http.firstHalfRowsPerSecond)} | ` +
        `${int(r.http.secondHalfRowsPerSecond)} | ${int(r.raw.rowsPerSecond)} |`,
    ),
  ];
}
