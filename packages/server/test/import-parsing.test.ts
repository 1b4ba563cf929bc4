import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Readable } from 'node:stream';
import { csvRecords, MalformedCsvError } from '../src/services/csv-records.js';
import { normalizeLineEnds } from '../src/services/text-decoding.js';
import { csvRowToRecord, readCsvHeader } from '../src/domain/import-csv.js';
import { canonicalJson, requestFingerprint } from '../src/domain/idempotency.js';

// Pure functions: no database, so no dialect loop.
/** The records of a CSV text as the import reads them (header first), or the error it throws. */
async function readCsv(text: string): Promise<Array<{ line: number; record?: unknown; error?: string }>> {
  const records = [];
  for await (const record of csvRecords(normalizeLineEnds(Readable.from([text], { objectMode: true })))) records.push(record);
  return records;
}

async function malformedAt(text: string): Promise<string> {
  const error = await readCsv(text).then(() => null, (thrown: unknown) => thrown);
  assert.ok(error instanceof MalformedCsvError, `not refused: ${JSON.stringify(text)}`);
  return error.message;
}

// Pure functions and in-memory streams: no database, so no dialect loop.
describe('CSV records', () => {
  it('splits cells, honouring quotes, doubled quotes, empty cells and line breaks inside quotes', async () => {
    const records = await readCsv('order_name,username\r\n"a,b","say ""hi"""\r\n,\r\n"line\r\nbreak",x\r\n\r\nlast,"""q"""');
    assert.deepEqual(records, [
      { line: 2, record: { order_name: 'a,b', user: { name: 'say "hi"' } } },
      { line: 4, record: { order_name: 'line\nbreak', user: { name: 'x' } } },
      { line: 7, record: { order_name: 'last', user: { name: '"q"' } } },
    ]);
  });

  it('refuses text that is not CSV, naming the line and the column', async () => {
    assert.match(await malformedAt('order_name,price\n주문,1\na,"b"c\n'), /line 3, column 2 \(price\): text follows a closing quote/);
    assert.match(await malformedAt('order_name,price\na, "b,c"\n'), /line 2, column 2 \(price\): a quote inside an unquoted cell/);
    assert.match(await malformedAt('order_name,price\nx,1\ny,"open\nz,2\n'), /line 3: a quoted cell is never closed/);
  });

  it('reports a row that does not fit the header as a bad record of its line', async () => {
    const records = await readCsv('order_name,price\n"두\n줄",1\n하나\n');
    assert.equal(records[1]!.line, 4);
    assert.match(records[1]!.error!, /2개 열/);
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
