import { serviceConfig } from '../src/config.js';
import { parseOrderFilter, parseOrderListQuery } from '../src/domain/order-query.js';
import { parseQueryString } from '../src/domain/raw-query.js';
import { summarizeOrders } from '../src/services/order-summary.js';
import { countOrders, listOrders } from '../src/storage/order-repository.js';
import type { Storage } from '../src/storage/storage.js';

export interface RawResult {
  count: number;
  /** p50 of the count and the page together, exactly as the endpoint runs them. */
  p50Ms: number;
  countP50Ms: number;
  pageP50Ms: number;
  iterations: number;
}

export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return NaN;
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[rank]!;
}

/** Runs `work` up to `max` times (at least `min`, stopping after `budgetMs`); the p50 in ms. */
async function timeIt(work: () => Promise<unknown>, max: number, budgetMs: number, min = 5): Promise<{ p50: number; n: number }> {
  await work(); // warm: caches, prepared statements
  const times: number[] = [];
  const started = performance.now();
  while (times.length < max && (times.length < min || performance.now() - started < budgetMs)) {
    const t = performance.now();
    await work();
    times.push(performance.now() - t);
  }
  times.sort((a, b) => a - b);
  return { p50: percentile(times, 50), n: times.length };
}

/**
 * The endpoint's database work without HTTP: the same query string through the same parser into
 * the same Kysely queries (a count and a page), timed directly against the database.
 */
export async function timeRawQuery(
  storage: Storage,
  projectId: string,
  queryString: string,
  options: { timeZone: string; iterations: number; budgetMs?: number },
): Promise<RawResult> {
  const query = parseOrderListQuery(parseQueryString(queryString), options.timeZone);
  const budget = options.budgetMs ?? 3_000;
  const count = await countOrders(storage, projectId, query);
  const both = await timeIt(
    () => Promise.all([countOrders(storage, projectId, query), listOrders(storage, projectId, query, query)]),
    options.iterations,
    budget,
  );
  const counting = await timeIt(() => countOrders(storage, projectId, query), options.iterations, budget / 2);
  const paging = await timeIt(() => listOrders(storage, projectId, query, query), options.iterations, budget / 2);
  return { count, p50Ms: both.p50, countP50Ms: counting.p50, pageP50Ms: paging.p50, iterations: both.n };
}

/**
 * `GET /v1/orders/summary`'s database work without HTTP: the endpoint's own service (its GROUP BY
 * and COUNT queries) on the same parsed filter. The count and page columns stay empty (NaN).
 */
export async function timeRawSummary(
  storage: Storage,
  projectId: string,
  queryString: string,
  options: { timeZone: string; iterations: number; now: number; budgetMs?: number },
): Promise<RawResult> {
  const filter = parseOrderFilter(parseQueryString(queryString), options.timeZone);
  const config = serviceConfig({ timeZone: options.timeZone });
  const summarize = () => summarizeOrders(storage, projectId, filter, config, options.now);
  const { count } = await summarize();
  const timed = await timeIt(summarize, options.iterations, options.budgetMs ?? 3_000);
  return { count, p50Ms: timed.p50, countP50Ms: NaN, pageP50Ms: NaN, iterations: timed.n };
}
