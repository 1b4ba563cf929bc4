import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { csvRowToRecord } from '../src/domain/import-csv.js';
import { csvRow } from '../src/domain/order-csv.js';
import { fromSpreadsheetText, toSpreadsheetText } from '../src/domain/spreadsheet-text.js';
import { parseCsv } from './support/summary-export-oracle.js';

/** What Excel, LibreOffice or Google Sheets would run: the test's own reading of the OWASP list and its variants. */
function wouldRun(cell: string): boolean {
  return /^[\t\r\n]/.test(cell) || /^[\s\u3000]*[=+\-@|＝＋－＠｜]/.test(cell);
}

const TRICKY = [
  '=1+1', '+1', '-1', '@SUM(A1)', '\t=1', '\r=1', '\n=1', '\ntext', '   =cmd|" /C calc"!A0', '\u3000=1', '＝1+1', '＋1',
  '－1', '＠x', '|calc', '｜x', "'quoted", "''twice", "'=already", '="wrapped"', '="a""b"', '12345678901234567890',
  '01012345678', '+82 10-1234-5678', '1e5', '-0', '', ' ', '보통 상품명', 'a,b', 'a"b', '첫 줄\r\n둘째 줄', '=HYPERLINK("http://x","y")',
];

describe('text in exported spreadsheets', () => {
  it('never leaves a cell a spreadsheet would run, and reads every value back exactly', () => {
    for (const value of TRICKY) {
      const cell = toSpreadsheetText(value);
      assert.ok(!wouldRun(cell), `${JSON.stringify(value)} → ${JSON.stringify(cell)}`);
      assert.equal(fromSpreadsheetText(cell), value, JSON.stringify(value));
      const text = toSpreadsheetText(value, true);
      assert.match(text, /^="/, 'identifiers are string formulas, shown as text');
      assert.equal(fromSpreadsheetText(text), value, `as text: ${JSON.stringify(value)}`);
    }
  });

  it('leaves ordinary text alone', () => {
    for (const value of ['보통 상품명', 'Premium Coffee Beans 1kg', 'a-b', '10%', 'x=y']) assert.equal(toSpreadsheetText(value), value);
  });

  it('round-trips a CSV row through the importer, whatever the text', () => {
    const header = ['order_name', 'user_phone', 'order_number', 'status_name'];
    for (const value of TRICKY.filter((v) => v.trim() !== '')) {
      const line = csvRow([value, '+82 10-1234-5678', '25070112345678901234', '취소 완료'], [false, true, true, false]);
      const [cells] = parseCsv(line);
      const record = csvRowToRecord(header, cells!);
      assert.equal(record.order_name, value, JSON.stringify(value));
      assert.deepEqual(record.user, { phone: '+82 10-1234-5678' });
      assert.equal(record.order_number, '25070112345678901234');
      assert.ok(!('status_name' in record), 'the readable status name is ignored on import');
    }
  });
});
