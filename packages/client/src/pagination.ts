/** One page of a list endpoint: `count` is every match, not just this page. */
export interface Page<T> {
  count: number;
  list: T[];
}

export type PageFetcher<T> = (page: number, limit: number) => Promise<Page<T>>;

/** The most `toArray` collects, so a forgotten filter cannot exhaust memory. */
export const TO_ARRAY_MAX_LIMIT = 10_000;

/**
 * Every item of a paged list, fetched page by page as the loop asks for more.
 * It stops after the page that reaches `count` (or a short page), without asking for an empty one.
 *
 * Pages are offsets, so items created while iterating shift later pages; give the
 * search an end date (`cse_at`) when the result must be exact.
 */
export class AutoPager<T> implements AsyncIterable<T> {
  constructor(
    private readonly fetchPage: PageFetcher<T>,
    private readonly firstPage: number,
    private readonly pageSize: number,
  ) {}

  async *[Symbol.asyncIterator](): AsyncIterator<T> {
    for (let page = this.firstPage; ; page++) {
      const { count, list } = await this.fetchPage(page, this.pageSize);
      yield* list;
      const seenThroughThisPage = (page - 1) * this.pageSize + list.length;
      if (list.length < this.pageSize || seenThroughThisPage >= count) return;
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
