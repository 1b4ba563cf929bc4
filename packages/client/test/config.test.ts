import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { API_BASE_URLS, BootpayCommerce } from '../src/index.js';
import type { BootpayCommerceOptions } from '../src/index.js';

const keys = { client_key: 'ck', secret_key: 'sk' };

describe('BootpayCommerce options', () => {
  test('mode picks Bootpay hosts the way Bootpay SDK does, production by default', () => {
    assert.equal(new BootpayCommerce(keys).baseUrl, 'https://api.bootapi.com/v1');
    assert.equal(new BootpayCommerce({ ...keys, mode: 'production' }).baseUrl, API_BASE_URLS.production);
    assert.equal(new BootpayCommerce({ ...keys, mode: 'stage' }).baseUrl, 'https://stage-api.bootapi.com/v1');
    assert.equal(new BootpayCommerce({ ...keys, mode: 'development' }).baseUrl, 'https://dev-api.bootapi.com/v1');
  });

  test('base_url wins over mode', () => {
    assert.equal(new BootpayCommerce({ ...keys, mode: 'production', base_url: 'http://127.0.0.1:8080/v1' }).baseUrl, 'http://127.0.0.1:8080/v1');
  });

  test('rejects options that could never work, naming the option', () => {
    const bad: Array<[Record<string, unknown>, RegExp]> = [
      [{ secret_key: 'sk' }, /client_key/],
      [{ client_key: 'ck', secret_key: '' }, /secret_key/],
      [{ ...keys, mode: 'sandbox' }, /mode/],
      [{ ...keys, base_url: 'api.bootapi.com' }, /base_url/],
      [{ ...keys, base_url: 'ftp://h/v1' }, /base_url/],
      [{ ...keys, timeout_ms: 0 }, /timeout_ms/],
      [{ ...keys, max_retries: -1 }, /max_retries/],
      [{ ...keys, max_retries: 1.5 }, /max_retries/],
    ];
    for (const [options, message] of bad) {
      assert.throws(() => new BootpayCommerce(options as unknown as BootpayCommerceOptions), { name: 'TypeError', message }, JSON.stringify(options));
    }
  });
});
