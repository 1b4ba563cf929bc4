import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  BootpayCommerceApiError,
  BootpayCommerceAuthError,
  BootpayCommerceConflictError,
  BootpayCommerceConnectionError,
  BootpayCommerceError,
  BootpayCommerceInvalidRequestError,
  BootpayCommerceNotFoundError,
  BootpayCommercePermissionError,
  BootpayCommerceRateLimitError,
  BootpayCommerceTimeoutError,
} from '../src/index.js';
import { errorFromResponse } from '../src/errors.js';

describe('errorFromResponse', () => {
  const cases: Array<[number, typeof BootpayCommerceError]> = [
    [400, BootpayCommerceInvalidRequestError],
    [422, BootpayCommerceInvalidRequestError],
    [401, BootpayCommerceAuthError],
    [403, BootpayCommercePermissionError],
    [404, BootpayCommerceNotFoundError],
    [409, BootpayCommerceConflictError],
    [429, BootpayCommerceRateLimitError],
    [500, BootpayCommerceApiError],
    [503, BootpayCommerceApiError],
  ];
  for (const [status, errorClass] of cases) {
    test(`${status} → ${errorClass.name}`, () => {
      const error = errorFromResponse({ status, message: 'm' });
      assert.equal(error.constructor, errorClass);
      assert.equal(error.name, errorClass.name);
      assert.ok(error instanceof BootpayCommerceError && error instanceof Error);
    });
  }

  test('keeps the server code, message, request id, headers and data', () => {
    const error = errorFromResponse({
      status: 401,
      code: 1700,
      message: 'Access Token이 잘못되었거나 만료되었습니다.',
      requestId: 'req-1',
      headers: { 'x-request-id': 'req-1' },
      data: null,
    });
    assert.deepEqual(
      { status: error.status, code: error.code, message: error.message, requestId: error.requestId, headers: error.headers, data: error.data },
      { status: 401, code: 1700, message: 'Access Token이 잘못되었거나 만료되었습니다.', requestId: 'req-1', headers: { 'x-request-id': 'req-1' }, data: null },
    );
  });
});

test('connection and timeout errors have no status; a timeout is also a connection error', () => {
  const timeout = new BootpayCommerceTimeoutError({ message: 'slow' });
  assert.equal(timeout.status, null);
  assert.equal(timeout.code, null);
  assert.ok(timeout instanceof BootpayCommerceConnectionError);
  assert.equal(timeout.name, 'BootpayCommerceTimeoutError');
  assert.equal(new BootpayCommerceConnectionError({ message: 'refused' }).status, null);
});
