import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { AutoPager } from '../src/pagination.js';
import type { Page } from '../src/pagination.js';

/** A fetcher over an in-memory list that records which pages were asked for. */
function pagedNumbers(total: number) {
  const items = Array.from({ length: total }, (_, i) => i + 1);
  const requestedPages: number[] = [];
  const fetchPage = async (page: number, limit: number): Promise<Page<number>> => {
    requestedPages.push(page);
    return { count: total, list: items.slice((page - 1) * limit, page * limit) };
  };
  return { items, requestedPages, fetchPage };
}

/** A fetcher that answers like jumun: a `next_cursor` (the index after the page), null at the end. */
function cursorNumbers(total: number) {
  const items = Array.from({ length: total }, (_, i) => i + 1);
  const requests: Array<{ page: number; cursor?: string }> = [];
  const fetchPage = async (page: number, limit: number, cursor?: string): Promise<Page<number>> => {
    requests.push(cursor === undefined ? { page } : { page, cursor });
    const start = cursor === undefined ? (page - 1) * limit : Number(cursor);
    const end = start + limit;
    return { count: total, list: items.slice(start, end), next_cursor: end < total ? String(end) : null };
  };
  return { items, requests, fetchPage };
}

async function collect<T>(iterable: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const item of iterable) out.push(item);
  return out;
}

describe('AutoPager', () => {
  test('yields every item in order and stops at count without an empty request', async () => {
    const { items, requestedPages, fetchPage } = pagedNumbers(10);
    assert.deepEqual(await collect(new AutoPager(fetchPage, 1, 5)), items);
    assert.deepEqual(requestedPages, [1, 2]);
  });

  test('stops after a short last page', async () => {
    const { items, requestedPages, fetchPage } = pagedNumbers(11);
    assert.deepEqual(await collect(new AutoPager(fetchPage, 1, 5)), items);
    assert.deepEqual(requestedPages, [1, 2, 3]);
  });

  test('makes exactly one request when nothing matches', async () => {
    const { requestedPages, fetchPage } = pagedNumbers(0);
    assert.deepEqual(await collect(new AutoPager(fetchPage, 1, 5)), []);
    assert.deepEqual(requestedPages, [1]);
  });

  test('starts at the given page', async () => {
    const { requestedPages, fetchPage } = pagedNumbers(12);
    assert.deepEqual(await collect(new AutoPager(fetchPage, 2, 5)), [6, 7, 8, 9, 10, 11, 12]);
    assert.deepEqual(requestedPages, [2, 3]);
  });

  test('can be iterated twice, each time from the start', async () => {
    const { fetchPage } = pagedNumbers(3);
    const pager = new AutoPager(fetchPage, 1, 2);
    assert.deepEqual(await collect(pager), [1, 2, 3]);
    assert.deepEqual(await collect(pager), [1, 2, 3]);
  });

  test('toArray stops fetching once it has limit items', async () => {
    const { requestedPages, fetchPage } = pagedNumbers(100);
    assert.deepEqual(await new AutoPager(fetchPage, 1, 5).toArray({ limit: 7 }), [1, 2, 3, 4, 5, 6, 7]);
    assert.deepEqual(requestedPages, [1, 2]);
  });

  test('after the first page, follows next_cursor until it is null', async () => {
    const { items, requests, fetchPage } = cursorNumbers(12);
    assert.deepEqual(await collect(new AutoPager(fetchPage, 1, 5)), items);
    assert.deepEqual(requests, [{ page: 1 }, { page: 2, cursor: '5' }, { page: 3, cursor: '10' }]);
  });

  test('a null next_cursor ends it without another request, even on a full page', async () => {
    const { items, requests, fetchPage } = cursorNumbers(10);
    assert.deepEqual(await collect(new AutoPager(fetchPage, 1, 5)), items);
    assert.equal(requests.length, 2);
  });

  test('starts after a given cursor', async () => {
    const { requests, fetchPage } = cursorNumbers(12);
    assert.deepEqual(await collect(new AutoPager(fetchPage, 1, 5, '8')), [9, 10, 11, 12]);
    assert.deepEqual(requests, [{ page: 1, cursor: '8' }]);
  });

  test('toArray demands a sane limit', async () => {
    const { fetchPage } = pagedNumbers(1);
    const pager = new AutoPager(fetchPage, 1, 5);
    for (const limit of [undefined, 0, -1, 2.5, 10_001]) {
      await assert.rejects(pager.toArray({ limit } as { limit: number }), { name: 'TypeError', message: /limit/ });
    }
  });
});
