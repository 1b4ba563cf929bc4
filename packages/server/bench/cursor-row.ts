import { get, loadUrl, type HttpTarget } from './http-load.js';
import type { PreparedDatabase } from './load.js';
import { timeRawQuery, type RawResult } from './raw-sql.js';
import type { HttpResult } from './http-load.js';

export type CursorResult =
  | { label: string; depth: number; query: string; http: HttpResult; raw: RawResult; unavailable?: undefined }
  /** The server answers no `next_cursor`: the row says so instead of numbers. */
  | { label: string; unavailable: string };

/** Rows per page of the walk, and how deep it goes: as deep as page=10000 of 20 rows. */
const PAGE = 50;
const DEPTH = 200_000;
const WALK_BUDGET_MS = 120_000;

async function page(target: HttpTarget, query: string): Promise<{ listed: number; nextCursor: unknown }> {
  const { status, text } = await get(`${target.baseUrl}/v1/orders?${query}`, { authorization: target.authorization });
  if (status !== 200) throw new Error(`GET /v1/orders?${query} answered ${status}: ${text.slice(0, 300)}`);
  const body = JSON.parse(text) as { list: unknown[]; next_cursor?: unknown };
  return { listed: body.list.length, nextCursor: body.next_cursor };
}

/**
 * A keyset cursor page deep in the list: walks `next_cursor` from the first page (50 rows a page)
 * down to row 200,000 (or as far as two minutes of walking get), then measures that page like
 * every other row. A server that answers no `next_cursor` has no cursor paging: "not available".
 */
export async function benchCursor(
  prepared: PreparedDatabase,
  target: HttpTarget,
  options: { connections: number; duration: number; rawIterations: number },
): Promise<CursorResult> {
  const label = 'cursor page deep in the list';
  let query = new URLSearchParams({ limit: String(PAGE) }).toString();
  let first = await page(target, query);
  if (typeof first.nextCursor !== 'string') return { label, unavailable: 'the list answers no next_cursor on this build' };
  let depth = 0;
  const started = performance.now();
  while (depth + PAGE < DEPTH && performance.now() - started < WALK_BUDGET_MS && typeof first.nextCursor === 'string') {
    depth += first.listed;
    query = new URLSearchParams({ limit: String(PAGE), cursor: first.nextCursor }).toString();
    first = await page(target, query);
  }
  const http = await loadUrl(target, `/v1/orders?${query}`, options);
  const raw = await timeRawQuery(prepared.storage, prepared.dataset.projectId, query, {
    timeZone: prepared.dataset.timeZone,
    iterations: options.rawIterations,
  });
  return { label: `${label} (after row ${depth.toLocaleString('en-US')}, limit ${PAGE})`, depth, query, http, raw };
}
