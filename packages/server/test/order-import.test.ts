import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { promisify } from 'node:util';
import { gzipSync } from 'node:zlib';
import iconv from 'iconv-lite';
import { OrdersApi } from './support/order-writes.js';
import { TEST_DIALECTS } from './support/test-database.js';
import { basicAuth, startTestServer, type TestServer } from './support/test-server.js';

const run = promisify(execFile);
const JUMUN = new URL('../../bin/jumun.js', import.meta.url).pathname;

interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

async function jumun(...args: string[]): Promise<CliResult> {
  try {
    const { stdout, stderr } = await run(process.execPath, [JUMUN, ...args]);
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
  }
}

/** The counts of the summary line, read back as numbers. */
function summaryOf(stdout: string) {
  const match = /: ([\d,]+) records, ([\d,]+) new, ([\d,]+) already present, ([\d,]+) bad;/.exec(stdout);
  assert.ok(match, stdout);
  const n = (text: string) => Number(text.replaceAll(',', ''));
  return { records: n(match[1]!), imported: n(match[2]!), existing: n(match[3]!), bad: n(match[4]!) };
}

/** Lines reported bad on stderr, as line numbers. */
function badLines(stderr: string, file: string): number[] {
  return stderr
    .split('\n')
    .filter((line) => line.startsWith(`${file}:`))
    .map((line) => Number(line.slice(file.length + 1).split(':')[0]));
}

const hex8 = (seconds: number) => seconds.toString(16).padStart(8, '0');
const iso = (seconds: number) => new Date(seconds * 1000).toISOString().slice(0, 19) + 'Z';
const BASE = Date.parse('2024-03-01T00:00:00Z') / 1000;

interface Generated {
  lines: string[];
  /** The records that must land, by their position in the file (1-based line). */
  good: Array<{ line: number; record: Record<string, any> }>;
  bad: number[];
}

/** An NDJSON history: mostly good records of every kind, with malformed lines in between. */
function generateNdjson(count: number): Generated {
  const lines: string[] = [];
  const good: Generated['good'] = [];
  const bad: number[] = [];
  for (let i = 0; i < count; i++) {
    const createdAt = BASE + i * 3_607;
    const status = i % 5;
    const record: Record<string, any> = {
      order_name: `이전 주문 ${i}, "특가"`,
      price: 1_000 + i,
      order_type: i % 7 === 0 ? 'subscription' : 'direct',
      user: { user_id: `old_user_${i % 13}`, name: '이전 고객' },
      products: [{ product_id: `p${i}`, name: '상품', quantity: 1, price: 1_000 + i }],
      status,
      created_at: iso(createdAt),
    };
    if (i % 7 === 0) record.order_subscription_id = `old_sub_${i % 3}`;
    if (status >= 2) {
      record.purchased_at = iso(createdAt + 60);
      record.receipt_id = `rcpt_${i}`;
      record.payment = { method: '카드', card_name: '신한카드', card_no: '1234-****-****-0000' };
    }
    if (status === 4) record.cancelled_at = iso(createdAt + 3_600);
    // Keys of every kind: an order id, an order number, or neither (derived from the content).
    if (i % 3 === 0) record.order_id = hex8(createdAt) + (0xabc0000000000000n + BigInt(i)).toString(16);
    else if (i % 3 === 1) record.order_number = `240301${String(10_000_000_000_000 + i)}`.slice(0, 20);
    lines.push(JSON.stringify(record));
    good.push({ line: lines.length, record });

    if (i % 10 === 4) {
      const malformed = [
        '{"order_name": "잘린 줄", "price": 10',
        JSON.stringify({ ...record, order_id: undefined, order_number: undefined, price: -5 }),
        JSON.stringify({ ...record, order_id: undefined, order_number: undefined, status: 2, purchased_at: undefined }),
        JSON.stringify({ ...record, order_id: undefined, order_number: undefined, colour: 'red' }),
        JSON.stringify({ ...record, order_id: `${hex8(createdAt + 1)}0000000000000001`, order_number: undefined }),
      ][(i / 10) % 5 | 0]!;
      lines.push(malformed);
      bad.push(lines.length);
    }
    if (i % 25 === 0) lines.push('');
  }
  // The same order again further on: present already, so skipped, not doubled.
  lines.push(lines[good[3]!.line - 1]!);
  return { lines, good, bad };
}

for (const dialect of TEST_DIALECTS) {
  describe(`jumun import on ${dialect}`, () => {
    let server: TestServer;
    let api: OrdersApi;
    let dir: string;
    let db: string;

    before(async () => {
      server = await startTestServer(dialect);
      api = new OrdersApi(server.baseUrl, basicAuth(await server.createKeys('migrating')));
      dir = mkdtempSync(join(tmpdir(), 'jumun-import-'));
      db = server.storage.description;
    });
    after(async () => {
      await server.close();
      rmSync(dir, { recursive: true, force: true });
    });

    it('imports every good NDJSON record, reports each bad line, and adds nothing when run again', async () => {
      const generated = generateNdjson(120);
      const file = join(dir, 'history.ndjson');
      writeFileSync(file, generated.lines.join('\n') + '\n');

      const first = await jumun('import', '--project', 'migrating', '--db', db, '--batch', '7', file);
      assert.equal(first.code, 1, 'exit 1 when any line was bad');
      assert.deepEqual(badLines(first.stderr, file), generated.bad, first.stderr);
      assert.deepEqual(summaryOf(first.stdout), { records: generated.good.length + generated.bad.length + 1, imported: 120, existing: 1, bad: generated.bad.length });

      assert.equal(await api.count(), 120);
      for (let status = 0; status <= 4; status++) {
        const expected = generated.good.filter((g) => g.record.status === status).length;
        assert.equal(await api.count(`&status=${status}`), expected, `status ${status}`);
      }
      assert.equal(await api.count('&payment_status=20'), generated.good.filter((g) => g.record.status === 4).length);
      assert.equal(await api.count('&order_subscription_ids=old_sub_0,old_sub_1,old_sub_2'), generated.good.filter((g) => g.record.order_subscription_id).length);
      // Seoul's 2024-03-01 ends at 15:00Z: records 0..14 (one every 3,607 s from 00:00Z) fall in it.
      assert.equal(await api.count(`&css_at=2024-03-01&cse_at=2024-03-01`), 15, 'created_at kept as given');

      const rerun = await jumun('import', '--project', 'migrating', '--db', db, file);
      assert.equal(rerun.code, 1);
      assert.deepEqual(summaryOf(rerun.stdout), { records: generated.good.length + generated.bad.length + 1, imported: 0, existing: 121, bad: generated.bad.length });
      assert.equal(await api.count(), 120);
    });

    it('reports records with NUL or a lone surrogate as bad, naming the field, and imports the rest', async () => {
      const good = { order_name: '정상 주문', price: 1_000, order_type: 'direct', user: { user_id: 'nul_user', name: '고객' },
        products: [{ product_id: 'p', name: '상품', quantity: 1, price: 1_000 }], created_at: iso(BASE) };
      const file = join(dir, 'unsafe.ndjson');
      writeFileSync(file, [
        JSON.stringify(good),
        JSON.stringify({ ...good, order_name: '널\u0000문자', created_at: iso(BASE + 1) }),
        JSON.stringify({ ...good, user: { user_id: 'nul_user', name: 'a\ud800' }, created_at: iso(BASE + 2) }),
      ].join('\n') + '\n');
      await server.createKeys('unsafe-text');
      const result = await jumun('import', '--project', 'unsafe-text', '--db', db, file);
      assert.equal(result.code, 1, result.stderr);
      assert.deepEqual(badLines(result.stderr, file), [2, 3], result.stderr);
      assert.match(result.stderr, /order_name 값이 올바르지 않습니다/);
      assert.match(result.stderr, /user\.name 값이 올바르지 않습니다/);
      assert.deepEqual(summaryOf(result.stdout), { records: 3, imported: 1, existing: 0, bad: 2 });
    });

    it('keeps each record as given and records the import in its history', async () => {
      const createdAt = Date.parse('2023-05-05T05:05:05Z') / 1000;
      const record = {
        order_id: `${hex8(createdAt)}00000000000000aa`,
        order_number: '23050599999999999999',
        order_name: '취소된 옛 주문',
        price: 50_000,
        tax_free_price: 10_000,
        order_type: 'link',
        user: { user_id: 'u_old', name: '옛 고객', email: 'old@example.com', phone: '010-9999-0000', user_group_id: 'g_old' },
        products: [{ product_id: 'a', name: 'A', quantity: 2, price: 25_000 }],
        status: 4,
        receipt_status: 20,
        purchased_at: '2023-05-05T05:10:00Z',
        cancelled_at: '2023-05-06T00:00:00+09:00',
        receipt_id: 'rcpt_old',
        payment: { method: '계좌이체', card_name: null, card_no: null },
      };
      const file = join(dir, 'one.jsonl.gz');
      writeFileSync(file, gzipSync(JSON.stringify(record) + '\n'));
      const result = await jumun('import', '--project', 'migrating', '--db', db, file);
      assert.equal(result.code, 0, result.stderr);
      const order = (await api.detail(record.order_id)).body;
      assert.equal(order.order_number, record.order_number);
      assert.equal(order.created_at, '2023-05-05T05:05:05Z');
      assert.equal(order.purchased_at, '2023-05-05T05:10:00Z');
      assert.equal(order.cancelled_at, '2023-05-05T15:00:00Z');
      assert.deepEqual([order.status, order.receipt_status, order.receipt_id], [4, 20, 'rcpt_old']);
      assert.deepEqual(order.payment, record.payment);
      assert.deepEqual(order.products.map(({ order_product_id: _id, ...p }: Record<string, unknown>) => p), record.products);
      assert.deepEqual(order.user, {
        user_id: 'u_old', username: '옛 고객', email: 'old@example.com', phone: '010-9999-0000', user_group_id: 'g_old', name: '옛 고객',
      });
      assert.equal(order.history.length, 1);
      assert.deepEqual({ ...order.history[0], at: undefined }, {
        seq: 1, at: undefined, action: 'import', from_status: null, to_status: 4, from_receipt_status: null, to_receipt_status: 20, actor: null, reason: 'one.jsonl.gz:1',
        action_label: '가져오기', actor_type: 'system', actor_id: null, actor_name: null, channel: 'import', cancellation_request_id: null,
      });
    });

    it('imports gzipped CSV with quoted commas, quotes and line breaks, and names bad rows by line', async () => {
      const header = 'order_number,order_name,price,order_type,status,username,user_email,products,created_at,purchased_at,receipt_id,payment_method,updated_at';
      const rows = [
        '22010100000000000001,"커피, 원두 ""싱글""",12000,direct,2,"박, 둘",two@example.com,"[{""product_id"":""c"",""name"":""커피"",""quantity"":1,""price"":12000}]",2022-01-01T01:00:00Z,2022-01-01T01:05:00Z,r1,카드,2022-01-02T00:00:00Z',
        '22010100000000000002,"여러 줄\n이름",5000,link,0,,,,2022-01-01T02:00:00Z,,,,',
        '22010100000000000003,잘못된 가격,"12,000",link,0,,,,2022-01-01T03:00:00Z,,,,',
        '22010100000000000004,열이 모자람,5000',
        '22010100000000000005,구독,9900,subscription,1,,,,2022-01-01T04:00:00Z,,,,',
      ];
      const file = join(dir, 'legacy.csv.gz');
      writeFileSync(file, gzipSync('\uFEFF' + [header, ...rows].join('\r\n') + '\r\n'));
      const before = await api.count();
      const result = await jumun('import', '--project', 'migrating', '--db', db, file);
      assert.equal(result.code, 1);
      // Line 3 holds a record spanning two lines, so the rows after it start one line later.
      assert.deepEqual(badLines(result.stderr, file), [5, 6, 7], result.stderr);
      assert.match(result.stderr, /price 값이 올바르지 않습니다: "12,000"/);
      assert.match(result.stderr, /order_subscription_id/);
      assert.deepEqual(summaryOf(result.stdout), { records: 5, imported: 2, existing: 0, bad: 3 });
      assert.equal(await api.count(), before + 2);

      const listed = await api.count('&keyword=22010100000000000001');
      assert.equal(listed, 1);
      const page = await fetch(`${server.baseUrl}/v1/orders?keyword=2201010000000000000&limit=50`, { headers: { authorization: api.authorization } });
      const names = ((await page.json()) as { list: Array<{ order_name: string; username: string | null }> }).list.map((o) => [o.order_name, o.username]);
      assert.deepEqual(names.sort(), [['여러 줄\n이름', null], ['커피, 원두 "싱글"', '박, 둘']]);
    });

    it('stops on an unknown CSV column before importing anything', async () => {
      const file = join(dir, 'typo.csv');
      writeFileSync(file, 'order_name,prise,order_type\n주문,1000,link\n');
      const before = await api.count();
      const result = await jumun('import', '--project', 'migrating', '--db', db, file);
      assert.equal(result.code, 2);
      assert.match(result.stderr, /prise/);
      assert.equal(await api.count(), before);
      const missing = await jumun('import', '--project', 'no-such-project', '--db', db, file);
      assert.equal(missing.code, 2);
      assert.match(missing.stderr, /no-such-project/);
    });

    it('reads Excel-style files: CP949 without a BOM (detected or named), UTF-8 with one, CRLF rows, LF inside cells', async () => {
      const header = 'order_number,order_name,price,order_type,status,username,user_email';
      const rows = (prefix: string) => [
        `${prefix}01,"커피, 원두 ""싱글""",12000,direct,0,"김, 하나",one@example.com`,
        `${prefix}02,"두 줄\n상품명",5000,link,0,이둘,`,
        `${prefix}03,일반 주문,7000,direct,0,박셋,three@example.com`,
      ];
      const expected = (prefix: string) => [
        [`${prefix}01`, '커피, 원두 "싱글"', '김, 하나'],
        [`${prefix}02`, '두 줄\n상품명', '이둘'],
        [`${prefix}03`, '일반 주문', '박셋'],
      ];
      const excel = (lines: string[]) => lines.join('\r\n') + '\r\n';
      const files = [
        { name: 'excel-cp949.csv', prefix: '220201000000000000', bytes: iconv.encode(excel([header, ...rows('220201000000000000')]), 'cp949'), args: [] },
        { name: 'excel-euckr.csv', prefix: '220202000000000000', bytes: iconv.encode(excel([header, ...rows('220202000000000000')]), 'cp949'), args: ['--encoding', 'euc-kr'] },
        { name: 'excel-utf8.csv', prefix: '220203000000000000', bytes: Buffer.from('\uFEFF' + excel([header, ...rows('220203000000000000')])), args: [] },
      ];
      for (const { name, prefix, bytes, args } of files) {
        assert.ok(name === 'excel-utf8.csv' || !bytes.equals(Buffer.from(bytes.toString('utf8'))), 'CP949 bytes are not UTF-8');
        const file = join(dir, name);
        writeFileSync(file, bytes);
        const before = await api.count();
        const result = await jumun('import', '--project', 'migrating', '--db', db, ...args, file);
        assert.equal(result.code, 0, result.stderr);
        assert.equal(/read as CP949/.test(result.stderr), name === 'excel-cp949.csv', result.stderr);
        assert.deepEqual(summaryOf(result.stdout), { records: 3, imported: 3, existing: 0, bad: 0 });
        assert.equal(await api.count(), before + 3);
        const page = await fetch(`${server.baseUrl}/v1/orders?keyword=${prefix}&limit=50`, { headers: { authorization: api.authorization } });
        const list = ((await page.json()) as { list: Array<{ order_number: string; order_name: string; username: string }> }).list;
        assert.deepEqual(list.map((o) => [o.order_number, o.order_name, o.username]).sort(), expected(prefix), name);
      }
    });

    it('refuses malformed CSV whole, naming the line and column, and imports none of it', async () => {
      const header = 'order_number,order_name,price,order_type';
      const good = Array.from({ length: 30 }, (_, i) => `2203010000000000${String(i).padStart(4, '0')},좋은 주문 ${i},1000,direct`);
      const cases = [
        { lines: [header, ...good, '22030100000000009001,"잘린"따옴표,1000,direct'], where: /line 32, column 2 \(order_name\)/ },
        { lines: [header, ...good, '22030100000000009002, "공백, 뒤",1000,direct'], where: /line 32, column 2 \(order_name\)/ },
        { lines: [header, ...good, '22030100000000009003,"닫히지 않음,1000,direct', ...good], where: /line 32: a quoted cell is never closed/ },
      ];
      for (const [index, { lines, where }] of cases.entries()) {
        const file = join(dir, `malformed-${index}.csv`);
        writeFileSync(file, lines.join('\r\n') + '\r\n');
        const before = await api.count();
        const result = await jumun('import', '--project', 'migrating', '--db', db, '--batch', '10', file);
        assert.equal(result.code, 2, result.stderr);
        assert.match(result.stderr, where);
        assert.match(result.stderr, /nothing was imported/);
        assert.equal(await api.count(), before, 'not one order of the file landed');
      }
      const latin = join(dir, 'latin.csv');
      writeFileSync(latin, iconv.encode(`${header}\r\n22030100000000009100,caf\u00e9,1000,direct\r\n`, 'latin1'));
      const named = await jumun('import', '--project', 'migrating', '--db', db, '--encoding', 'utf-8', latin);
      assert.equal(named.code, 2);
      assert.match(named.stderr, /not valid UTF-8.*--encoding cp949/);
    });

    it('keeps what it read of a truncated gzip file and says where it stopped', async () => {
      const generated = generateNdjson(200);
      const whole = gzipSync(generated.lines.filter((_, i) => !generated.bad.includes(i + 1)).join('\n'));
      const file = join(dir, 'cut.ndjson.gz');
      writeFileSync(file, whole.subarray(0, Math.floor(whole.length / 2)));
      const before = await api.count();
      const result = await jumun('import', '--project', 'cut-project', '--db', db, file);
      assert.equal(result.code, 2, 'no such project yet');
      const keys = await server.createKeys('cut-project');
      const cut = new OrdersApi(server.baseUrl, basicAuth(keys));
      const broken = await jumun('import', '--project', 'cut-project', '--db', db, file);
      assert.equal(broken.code, 1);
      const match = /reading stopped after line (\d+): .*Before that: ([\d,]+) records, ([\d,]+) imported/.exec(broken.stderr);
      assert.ok(match, broken.stderr);
      const imported = Number(match[3]!.replaceAll(',', ''));
      assert.ok(imported > 0 && imported < 200, broken.stderr);
      assert.equal(await cut.count(), imported);
      assert.equal(await api.count(), before, 'the other project is untouched');
    });

    it('lets imported orders move on through the API', async () => {
      const createdAt = BASE - 86_400;
      const orderId = `${hex8(createdAt)}00000000000000bb`;
      const file = join(dir, 'paid.ndjson');
      writeFileSync(file, JSON.stringify({
        order_id: orderId, order_name: '결제된 옛 주문', price: 1000, order_type: 'direct', user: {}, status: 2, purchased_at: iso(createdAt + 5),
      }) + '\n');
      assert.equal((await jumun('import', '--project', 'migrating', '--db', db, file)).code, 0);
      const cancelled = await api.act(orderId, 'cancel');
      assert.equal(cancelled.status, 200, JSON.stringify(cancelled.body));
      assert.deepEqual(cancelled.body.history.map((h: { action: string }) => h.action), ['import', 'cancel']);
      assert.equal((await api.act(orderId, 'payment.complete', { receipt_id: 'x' })).body.code, 3701);
    });
  });
}
