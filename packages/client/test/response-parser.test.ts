import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { BootpayCommerceApiError, BootpayCommerceConflictError, BootpayCommerceNotFoundError } from '../src/index.js';
import { parseFailure, parseSuccess } from '../src/transport/response-parser.js';

const headers = { 'x-request-id': 'req-7', 'content-type': 'application/json' };

describe('parseFailure', () => {
  test('reads the envelope: status picks the class, code/message/data kept as sent', () => {
    const error = parseFailure({
      status: 404,
      headers,
      body: JSON.stringify({ status: 404, code: 3700, message: '주문내역을 찾지 못했습니다.', data: { order_id: 'x' } }),
    });
    assert.ok(error instanceof BootpayCommerceNotFoundError);
    assert.deepEqual([error.code, error.message, error.data, error.requestId], [3700, '주문내역을 찾지 못했습니다.', { order_id: 'x' }, 'req-7']);
  });

  test('keeps a string code too', () => {
    const error = parseFailure({ status: 409, headers: {}, body: '{"code":"PROCESS_DUPLICATED","message":"이미 처리된 요청이에요"}' });
    assert.ok(error instanceof BootpayCommerceConflictError);
    assert.equal(error.code, 'PROCESS_DUPLICATED');
    assert.equal(error.requestId, null);
  });

  test('a body that is not an envelope (a proxy error page) still gives a useful error', () => {
    const error = parseFailure({ status: 502, headers: {}, body: '<html>Bad Gateway</html>' });
    assert.ok(error instanceof BootpayCommerceApiError);
    assert.equal(error.status, 502);
    assert.equal(error.code, null);
    assert.equal(error.message, 'The server answered HTTP 502');
    assert.equal(error.data, '<html>Bad Gateway</html>');
  });
});

describe('parseSuccess', () => {
  test('parses JSON and treats an empty body as null', () => {
    assert.deepEqual(parseSuccess({ status: 200, headers, body: '{"count":0,"list":[]}' }), { count: 0, list: [] });
    assert.equal(parseSuccess({ status: 204, headers, body: '' }), null);
  });

  test('a 200 that is not JSON is an API error, not a crash', () => {
    assert.throws(() => parseSuccess({ status: 200, headers, body: 'ok' }), (error: unknown) => {
      return error instanceof BootpayCommerceApiError && error.status === 200 && error.data === 'ok' && error.requestId === 'req-7';
    });
  });
});
