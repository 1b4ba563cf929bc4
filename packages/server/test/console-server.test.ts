import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { ORDER_STATUS_LABELS, ORDER_TYPES, RECEIPT_STATUS_LABELS } from '../src/domain/order-status.js';
import { startTestServer, type TestServer } from './support/test-server.js';

/** The compiled browser modules that use no DOM when imported (dist/console/…). */
const browserModule = (name: string) => import(new URL(`../console/${name}`, import.meta.url).href);

describe('serving /console', () => {
  let server: TestServer;
  before(async () => {
    server = await startTestServer('sqlite', 'America/New_York');
  });
  after(() => server.close());

  const get = (path: string, headers: Record<string, string> = {}) =>
    fetch(server.baseUrl + path, { headers, redirect: 'manual' });

  test('the page carries the service time zone and a strict CSP, and needs no key', async () => {
    const response = await get('/console');
    assert.equal(response.status, 200);
    assert.equal(response.headers.get('content-type'), 'text/html; charset=utf-8');
    assert.match(response.headers.get('content-security-policy') ?? '', /script-src 'self'; style-src 'self'/);
    assert.equal(response.headers.get('x-content-type-options'), 'nosniff');
    const html = await response.text();
    assert.match(html, /<meta name="jumun-time-zone" content="America\/New_York">/);
    assert.match(html, /<script type="module" src="\/console\/assets\/main.js"><\/script>/);
    const again = await get('/console', { 'if-none-match': response.headers.get('etag')! });
    assert.equal(again.status, 304);
  });

  test('the root and a trailing slash lead to the console, keeping the query', async () => {
    assert.equal((await get('/')).headers.get('location'), '/console');
    const slash = await get('/console/?status=3');
    assert.equal(slash.status, 302);
    assert.equal(slash.headers.get('location'), '/console?status=3');
  });

  test('assets: built scripts (one folder deep) and the stylesheet, with their types', async () => {
    for (const [path, type] of [
      ['/console/assets/main.js', 'text/javascript; charset=utf-8'],
      ['/console/assets/views/order-table.js', 'text/javascript; charset=utf-8'],
      ['/console/assets/console.css', 'text/css; charset=utf-8'],
    ]) {
      const response = await get(path!);
      assert.equal(response.status, 200, path);
      assert.equal(response.headers.get('content-type'), type, path);
      assert.ok((await response.text()).length > 100, path);
    }
  });

  test('nothing else is served from disk', async () => {
    for (const path of [
      '/console/assets/..%2F..%2Fpackage.json', '/console/assets/../package.json', '/console/assets/main.ts',
      '/console/assets/a/b/c.js', '/console/assets/index.html', '/console/assets/missing.js', '/console/assets/.hidden.js',
    ]) {
      const response = await get(path);
      assert.equal(response.status, 404, path);
      assert.equal((await response.json()).code, 1404, path);
    }
  });
});

test('the console names statuses and types as the server does', async () => {
  const labels = await browserModule('labels.js');
  for (const [value, name] of Object.entries(ORDER_STATUS_LABELS)) assert.equal(labels.ORDER_STATUS_LABELS[value], name.ko);
  for (const [value, name] of Object.entries(RECEIPT_STATUS_LABELS)) assert.equal(labels.PAYMENT_STATUS_LABELS[value], name.ko);
  assert.deepEqual(Object.keys(labels.ORDER_STATUS_LABELS), Object.keys(ORDER_STATUS_LABELS));
  assert.deepEqual(Object.keys(labels.PAYMENT_STATUS_LABELS), Object.keys(RECEIPT_STATUS_LABELS));
  assert.deepEqual([...labels.ORDER_TYPE_VALUES], [...ORDER_TYPES]);
});

test('date presets are calendar days of the service time zone', async () => {
  const { DATE_PRESETS, todayIn } = await browserModule('dates.js');
  const range = (id: string, today: string) => DATE_PRESETS.find((p: { id: string }) => p.id === id).range(today);
  assert.deepEqual(range('today', '2026-01-15'), { from: '2026-01-15', to: '2026-01-15' });
  assert.deepEqual(range('7d', '2026-03-02'), { from: '2026-02-24', to: '2026-03-02' });
  assert.deepEqual(range('month', '2026-01-15'), { from: '2026-01-01', to: '2026-01-15' });
  assert.deepEqual(range('last-month', '2026-01-15'), { from: '2025-12-01', to: '2025-12-31' });
  assert.deepEqual(range('last-month', '2024-03-31'), { from: '2024-02-01', to: '2024-02-29' });
  assert.equal(range('all', '2026-01-15'), null);
  // 2026-01-14T16:00Z is already the 15th in Seoul, still the 14th in New York.
  const instant = new Date('2026-01-14T16:00:00Z');
  assert.equal(todayIn('Asia/Seoul', instant), '2026-01-15');
  assert.equal(todayIn('America/New_York', instant), '2026-01-14');
});

test('the URL round-trips the view, keeping only known filters', async () => {
  const { readViewState, viewStateSearch, listParams } = await browserModule('query-state.js');
  const state = readViewState('?status=1&status=2&css_at=2025-01-01&foo=bar&page=3&limit=50&order=68707c59b0eacea5cd974efd&keyword=');
  assert.equal(state.filters.toString(), 'css_at=2025-01-01&status=1%2C2');
  assert.deepEqual([state.page, state.limit, state.orderId], [3, 50, '68707c59b0eacea5cd974efd']);
  assert.equal(viewStateSearch(state), '?css_at=2025-01-01&status=1%2C2&page=3&limit=50&order=68707c59b0eacea5cd974efd');
  assert.equal(listParams(state).toString(), 'css_at=2025-01-01&status=1%2C2&page=3&limit=50');
  const odd = readViewState('?page=-2&limit=1000');
  assert.deepEqual([odd.page, odd.limit], [1, 20]);
});

test('page links keep the ends and a window around the current page', async () => {
  const { pageNumbers } = await browserModule('views/pagination.js');
  assert.deepEqual(pageNumbers(1, 1), [1]);
  assert.deepEqual(pageNumbers(1, 100), [1, 2, 3, null, 100]);
  assert.deepEqual(pageNumbers(50, 100), [1, null, 48, 49, 50, 51, 52, null, 100]);
  assert.deepEqual(pageNumbers(4, 6), [1, 2, 3, 4, 5, 6]);
});
