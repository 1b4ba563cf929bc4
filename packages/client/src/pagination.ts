/** One page of a list endpoint: `count` is every match, not just this page. */
export interface Page<T> {
  count: number;
  list: T[];
  /**
   * jumun: continues the list after this page (`cursor`), null on the last page. Absent where the
   * server has no cursors (Bootpay): then pages are asked for by number.
   */
  next_cursor?: string | null;
}

/** Fetches page `page`, or, when `cursor` is given, the page after the one that returned it. */
export type PageFetcher<T> = (page: number, limit: number, cursor?: string) => Promise<Page<T>>;

/** The most `toArray` collects, so a forgotten filter cannot exhaust memory. */
export const TO_ARRAY_MAX_LIMIT = 10_000;

/**
 * Every item of a paged list, fetched page by page as the loop asks for more.
 * It stops after the page that reaches `count` (or a short page, or one without `next_cursor`),
 * without asking for an empty one.
 *
 * The first page is asked for by number; after it, a jumun server's `next_cursor` continues the
 * list (a keyset: every page costs the same however deep, and orders created meanwhile do not shift
 * it). Without one (Bootpay) the next page is asked for by number; those are offsets, so orders
 * created while iterating shift later pages: give the search an end date (`cse_at`) then.
 */
export class AutoPager<T> implements AsyncIterable<T> {
  constructor(
    private readonly fetchPage: PageFetcher<T>,
    private readonly firstPage: number,
    private readonly pageSize: number,
    /** A `next_cursor` to start after, instead of `firstPage`. */
    private readonly firstCursor?: string,
  ) {}

  async *[Symbol.asyncIterator](): AsyncIterator<T> {
    let seen = this.firstCursor === undefined ? (this.firstPage - 1) * this.pageSize : 0;
    let cursor = this.firstCursor;
    for (let page = this.firstPage; ; page++) {
      const { count, list, next_cursor: nextCursor } = await this.fetchPage(page, this.pageSize, cursor);
      yield* list;
      seen += list.length;
      if (list.length < this.pageSize || seen >= count || nextCursor === null) return;
      cursor = nextCursor;
    }
  }

  /**
   * Collects items into an array, stopping at `limit` (required, at most 10000)
   * without fetching pages beyond it.
   */
  async toArray(options: { limit: number }): Promise<T[]> {
    const limit = options?.limit;
    if (!Number.isInteger(limit) || limit < 1 || limit > TO_ARRAY_MAX_LIMIT) {
      throw new TypeError(`toArray needs { limit } between 1 and ${TO_ARRAY_MAX_LIMIT}; received ${String(limit)}`);
    }
    const items: T[] = [];
    for await (const item of this) {
      items.push(item);
      if (items.length >= limit) break;
    }
    return items;
  }
}
