import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { backoffDelay, DEFAULT_RETRY_POLICY, parseRetryAfter, retryDelay } from '../src/transport/retry-policy.js';

const policy = DEFAULT_RETRY_POLICY;
const NOW = Date.parse('2025-07-11T02:52:09Z');
const noJitter = (): number => 1;

describe('retryDelay checklist', () => {
  test('retries an idempotent request that got no response', () => {
    assert.equal(retryDelay({ retriesSoFar: 0, idempotent: true, status: null }, policy, NOW, noJitter), 500);
  });

  test('stops when retries are used up', () => {
    assert.equal(retryDelay({ retriesSoFar: 2, idempotent: true, status: null }, policy, NOW), null);
    assert.equal(retryDelay({ retriesSoFar: 0, idempotent: true, status: 503 }, { ...policy, maxRetries: 0 }, NOW), null);
  });

  test('never retries a write without an idempotency key, even on 503', () => {
    assert.equal(retryDelay({ retriesSoFar: 0, idempotent: false, status: 503 }, policy, NOW), null);
    assert.equal(retryDelay({ retriesSoFar: 0, idempotent: false, status: null }, policy, NOW), null);
  });

  test('retries 429 and 503 only', () => {
    for (const status of [429, 503]) {
      assert.equal(retryDelay({ retriesSoFar: 0, idempotent: true, status }, policy, NOW, noJitter), 500);
    }
    for (const status of [400, 401, 404, 409, 500, 502, 504]) {
      assert.equal(retryDelay({ retriesSoFar: 0, idempotent: true, status }, policy, NOW), null, `status ${status}`);
    }
  });

  test('waits what Retry-After asks, including 0', () => {
    assert.equal(retryDelay({ retriesSoFar: 0, idempotent: true, status: 503, retryAfterHeader: '0' }, policy, NOW), 0);
    assert.equal(retryDelay({ retriesSoFar: 1, idempotent: true, status: 429, retryAfterHeader: '3' }, policy, NOW), 3000);
  });

  test('gives the error back instead of waiting longer than the Retry-After cap', () => {
    assert.equal(retryDelay({ retriesSoFar: 0, idempotent: true, status: 429, retryAfterHeader: '3600' }, policy, NOW), null);
  });

  test('falls back to backoff when Retry-After is unreadable', () => {
    assert.equal(retryDelay({ retriesSoFar: 1, idempotent: true, status: 503, retryAfterHeader: 'soon' }, policy, NOW, noJitter), 1000);
  });
});

describe('backoffDelay', () => {
  test('doubles per retry up to the cap', () => {
    assert.deepEqual([1, 2, 3, 4, 5, 6].map((n) => backoffDelay(n, policy, noJitter)), [500, 1000, 2000, 4000, 5000, 5000]);
  });

  test('jitter keeps the delay between half and all of the exponential step', () => {
    assert.equal(backoffDelay(2, policy, () => 0), 500);
    for (let i = 0; i < 100; i++) {
      const delay = backoffDelay(2, policy);
      assert.ok(delay >= 500 && delay <= 1000, `delay ${delay}`);
    }
  });
});

describe('parseRetryAfter', () => {
  test('reads delay-seconds', () => {
    assert.equal(parseRetryAfter('120', NOW), 120_000);
    assert.equal(parseRetryAfter(' 0 ', NOW), 0);
  });

  test('reads an HTTP date relative to now, never negative', () => {
    assert.equal(parseRetryAfter('Fri, 11 Jul 2025 02:52:39 GMT', NOW), 30_000);
    assert.equal(parseRetryAfter('Fri, 11 Jul 2025 02:00:00 GMT', NOW), 0);
  });

  test('returns null for absent or unreadable values', () => {
    assert.equal(parseRetryAfter(undefined, NOW), null);
    assert.equal(parseRetryAfter('', NOW), null);
    assert.equal(parseRetryAfter('-5', NOW), null);
    assert.equal(parseRetryAfter('1.5', NOW), null);
    assert.equal(parseRetryAfter('later', NOW), null);
  });
});
