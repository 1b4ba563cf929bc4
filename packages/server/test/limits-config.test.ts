import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { httpLimits, rateLimits } from '../src/config.js';

describe('limit settings from the environment', () => {
  it('has the documented defaults', () => {
    assert.deepEqual(rateLimits({}), { keyPerSecond: 200, keyBurst: 400, authFailuresPerMinute: 30, signInFailuresPerHour: 10, heavyConcurrency: 4, heavyWaitMs: 2_000 });
    assert.deepEqual(httpLimits({}), { headersTimeoutMs: 8_000, requestTimeoutMs: 30_000, keepAliveTimeoutMs: 5_000, maxConnections: 1024, shutdownGraceMs: 10_000 });
  });

  it('takes 0 to turn a rate limit off, and refuses what is not a whole number in range, naming the variable', () => {
    assert.equal(rateLimits({ JUMUN_RATE_LIMIT_PER_SECOND: '0' }).keyPerSecond, 0);
    assert.throws(() => rateLimits({ JUMUN_HEAVY_CONCURRENCY: '2.5' }), /JUMUN_HEAVY_CONCURRENCY must be a whole number from 0 \(off\) to 1000000000, not '2.5'/);
    assert.throws(() => httpLimits({ JUMUN_HEADERS_TIMEOUT_MS: '0' }), /JUMUN_HEADERS_TIMEOUT_MS must be a whole number from 1 to 86400000, not '0'/);
    assert.throws(() => httpLimits({ JUMUN_MAX_CONNECTIONS: '-1' }), /JUMUN_MAX_CONNECTIONS/);
  });

  it('never lets the headers be due after the whole request', () => {
    assert.equal(httpLimits({ JUMUN_HEADERS_TIMEOUT_MS: '40000', JUMUN_REQUEST_TIMEOUT_MS: '30000' }).requestTimeoutMs, 40_000);
  });
});
