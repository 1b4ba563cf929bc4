import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { splitCsvRecord } from '../src/domain/csv.js';
import { csvRowToRecord, readCsvHeader } from '../src/domain/import-csv.js';
import { canonicalJson, requestFingerprint } from '../src/domain/idempotency.js';

// Pure functions: no database, so no dialect loop.
describe('CSV records', () => {
  it('splits fields, honouring quotes, doubled quotes and empty fields', () => {
    assert.deepEqual(splitCsvRecord('a,b,c'), ['a', 'b', 'c']);
    assert.deepEqual(splitCsvRecord(''), ['']);
    assert.deepEqual(splitCsvRecord(',,'), ['', '', '']);
    assert.deepEqual(splitCsvRecord('"a,b","say ""hi""",c'), ['a,b', 'say "hi"', 'c']);
    assert.deepEqual(splitCsvRecord('"line\nbreak",x'), ['line\nbreak', 'x']);
    assert.deepEqual(splitCsvRecord('""'), ['']);
    assert.deepEqual(splitCsvRecord('a"b,c'), ['a"b', 'c'], 'a quote inside an unquoted field is literal');
  });

  it('says when a quoted field continues on the next line', () => {
    assert.equal(splitCsvRecord('"open,x'), null);
    assert.equal(splitCsvRecord('a,"still ""open'), null);
    assert.deepEqual(splitCsvRecord('a,"closed ""here"""'), ['a', 'closed "here"']);
  });

  it('maps columns to an import record, keeping malformed numbers as text for validation to report', () => {
    const header = readCsvHeader(['\uFEFForder_name', 'price', 'username', 'payment_method', 'products', 'updated_at', 'status']);
    const record = csvRowToRecord(header, ['주문', '12,000', '홍길동', '카드', '[{"product_id":"a","name":"A","quantity":1,"price":1}]', '2025-01-01T00:00:00Z', '2']);
    assert.deepEqual(record, {
      order_name: '주문',
      price: '12,000',
      status: 2,
      products: [{ product_id: 'a', name: 'A', quantity: 1, price: 1 }],
      user: { name: '홍길동' },
      payment: { method: '카드' },
    });
    assert.throws(() => readCsvHeader(['order_name', 'prise']), /prise/);
    assert.throws(() => readCsvHeader(['order_name', 'price', 'price']), /price/);
    assert.throws(() => csvRowToRecord(header, ['only one']), /7개 열/);
  });
});

describe('idempotency fingerprints', () => {
  it('ignore key order and absent fields but not values, paths or methods', () => {
    assert.equal(canonicalJson({ b: 1, a: { d: [1, { y: 2, x: 1 }], c: null } }), '{"a":{"c":null,"d":[1,{"x":1,"y":2}]},"b":1}');
    const base = requestFingerprint('POST', '/v1/orders', { a: 1, b: 2 });
    assert.equal(requestFingerprint('POST', '/v1/orders', { b: 2, a: 1, c: undefined }), base);
    assert.notEqual(requestFingerprint('POST', '/v1/orders', { a: 1, b: 3 }), base);
    assert.notEqual(requestFingerprint('POST', '/v1/orders/x', { a: 1, b: 2 }), base);
    assert.equal(requestFingerprint('POST', '/p', null), requestFingerprint('POST', '/p', {}));
  });
});
