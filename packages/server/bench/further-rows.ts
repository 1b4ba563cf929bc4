import { benchCursor } from './cursor-row.js';
import { benchExports, exportTable } from './export-rows.js';
import type { HttpTarget } from './http-load.js';
import type { PreparedDatabase } from './load.js';
import type { BenchOptions } from './options.js';
import { resultTable } from './report.js';
import type { ScenarioFacts } from './scenarios.js';

/** What a further row gets: the data set, the running server, the facts the scenarios use. */
export interface RowContext {
  prepared: PreparedDatabase;
  target: HttpTarget;
  facts: ScenarioFacts;
  options: BenchOptions;
}

/** A measurement beyond the list's filter families; returns the report lines below the table. */
export type FurtherRow = (context: RowContext) => Promise<string[]>;

const cursorRow: FurtherRow = async ({ prepared, target, options }) => {
  const result = await benchCursor(prepared, target, options);
  if (result.unavailable !== undefined) {
    console.error(`  ${'cursor'.padEnd(15)} not available: ${result.unavailable}`);
    return [`| ${result.label} | not available: ${result.unavailable} |`, '|---|---|'];
  }
  const { http, raw } = result;
  console.error(`  ${'cursor'.padEnd(15)} depth ${result.depth}  p50 ${http.p50Ms.toFixed(1)} ms  ${http.requestsPerSecond.toFixed(0)} req/s  raw ${raw.p50Ms.toFixed(2)} ms`);
  return resultTable([{ scenario: { key: 'cursor', label: result.label, query: result.query }, http, raw }]);
};

const exportRows: FurtherRow = async ({ prepared, target, facts }) => exportTable(await benchExports(prepared, target, facts));

/** Run in this order after the filter families, each against the idle server. */
export const FURTHER_ROWS: FurtherRow[] = [cursorRow, exportRows];
