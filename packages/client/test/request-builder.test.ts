import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { buildJsonBody, buildQueryString, buildUrl } from '../src/transport/request-builder.js';

describe('buildQueryString', () => {
  test('joins arrays with commas, as Bootpay SDK does', () => {
    assert.equal(buildQueryString({ limit: 5, css_at: '2025-01-01', status: [1, 2] }), 'limit=5&css_at=2025-01-01&status=1%2C2');
  });

  test('leaves out undefined, null and empty arrays but keeps 0 and false', () => {
    assert.equal(
      buildQueryString({ user_id: undefined, keyword: null, status: [], subscription_billing_type: 0, flag: false }),
      'subscription_billing_type=0&flag=false',
    );
  });

  test('percent-encodes Korean text and reserved characters', () => {
    const query = buildQueryString({ keyword: '프리미엄 구독&1', order_subscription_ids: ['a b', 'c'] });
    assert.equal(new URLSearchParams(query).get('keyword'), '프리미엄 구독&1');
    assert.equal(new URLSearchParams(query).get('order_subscription_ids'), 'a b,c');
    assert.doesNotMatch(query, /[가-힣]/);
  });
});

describe('buildUrl', () => {
  test('joins base URL and path with exactly one slash', () => {
    assert.equal(buildUrl('http://127.0.0.1:8080/v1/', '/orders'), 'http://127.0.0.1:8080/v1/orders');
    assert.equal(buildUrl('https://api.bootapi.com/v1', 'orders/month', { user_group_id: 'g1', search_date: '2025-07' }),
      'https://api.bootapi.com/v1/orders/month?user_group_id=g1&search_date=2025-07');
  });

  test('adds no "?" when the query is empty', () => {
    assert.equal(buildUrl('http://h/v1', 'orders', { status: [] }), 'http://h/v1/orders');
  });
});

describe('buildJsonBody', () => {
  test('serialises objects and sends nothing for undefined', () => {
    assert.equal(buildJsonBody({ client_key: 'k' }), '{"client_key":"k"}');
    assert.equal(buildJsonBody(undefined), undefined);
  });
});
