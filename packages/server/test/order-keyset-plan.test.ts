import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { CompiledQuery, sql, type Kysely } from 'kysely';
import { parseOrderFilter } from '../src/domain/order-query.js';
import { parseQueryString } from '../src/domain/raw-query.js';
import type { KeysetSlice } from '../src/storage/order-filter-sql.js';
import { orderSliceQuery } from '../src/storage/order-keyset-repository.js';
import type { Database } from '../src/storage/schema.js';
import { startTestServer, type TestServer } from './support/test-server.js';
import { TEST_DIALECTS } from './support/test-database.js';
import { seedOrders } from './support/summary-export-oracle.js';

const NOW = Date.parse('2025-08-01T03:00:00Z') / 1000;
const POSITION = { date: Date.parse('2025-07-15T00:00:00Z') / 1000, orderId: '6875a0000000000000000000' };

/** `Index Cond: (…)` with each V a parameter, shown as `$1` or as the literal value bound to it. */
function postgresIndexCond(conditions: string): RegExp {
  const escaped = conditions.replace(/[()$]/g, (c) => `\\${c}`).replaceAll('V', String.raw`(?:\$\d+|'[^']*'::\w+)`);
  return new RegExp(`Index Cond: \\(${escaped}\\)`);
}

/**
 * The keyset page of a one-month export must seek its index to the position, not to the month's
 * end: with the end as the seek, every page re-walked the rows before it (quadratic on SQLite).
 */
for (const dialect of TEST_DIALECTS) {
  describe(`keyset page plans (${dialect})`, () => {
    let server: TestServer;
    let projectId: string;

    before(async () => {
      server = await startTestServer(dialect);
      projectId = (await server.createKeys('plans')).project_id;
      await seedOrders(server.storage, projectId, 300, NOW);
    });
    after(() => server.close());

    async function plan(query: string, slice: KeysetSlice): Promise<string[]> {
      const filter = parseOrderFilter(parseQueryString(query), 'Asia/Seoul');
      const compiled = orderSliceQuery(server.storage, projectId, filter, slice, 1_000).compile();
      return server.storage.db.connection().execute(async (db: Kysely<Database>) => {
        if (dialect === 'sqlite') {
          const { rows } = await db.executeQuery<{ detail: string }>(CompiledQuery.raw(`explain query plan ${compiled.sql}`, [...compiled.parameters]));
          return rows.map((row) => row.detail);
        }
        // A few hundred rows fit in a page or two, where Postgres would rather read them all; the
        // question is whether the index can seek on the position, so only index scans are allowed.
        await sql`set enable_seqscan = off`.execute(db);
        await sql`set enable_bitmapscan = off`.execute(db);
        try {
          const { rows } = await db.executeQuery<{ 'QUERY PLAN': string }>(CompiledQuery.raw(`explain ${compiled.sql}`, [...compiled.parameters]));
          return rows.map((row) => row['QUERY PLAN']);
        } finally {
          await sql`reset enable_seqscan`.execute(db);
          await sql`reset enable_bitmapscan`.execute(db);
        }
      });
    }

    const expectations = {
      sqlite: {
        created: /SEARCH orders USING (COVERING )?INDEX ix_orders_project_created \(project_id=\? AND created_at>\? AND \(created_at,order_id\)<\(\?,\?\)\)/,
        purchased: /SEARCH orders USING (COVERING )?INDEX ix_orders_project_purchased \(project_id=\? AND purchased_at>\? AND \(purchased_at,order_id\)<\(\?,\?\)\)/,
      },
      postgres: {
        created: postgresIndexCond('(project_id = V) AND (created_at >= V) AND (ROW(created_at, order_id) < ROW(V, V))'),
        purchased: postgresIndexCond(
          '(project_id = V) AND (purchased_at >= V) AND (purchased_at IS NOT NULL) AND (ROW(purchased_at, order_id) < ROW(V, V))',
        ),
      },
    }[dialect];

    test('one month by created_at: the seek starts at the position, the month end is not a second bound', async () => {
      const lines = await plan('css_at=2025-07-01&cse_at=2025-07-31', { part: 'dated', after: POSITION });
      assert.ok(lines.some((line) => expectations.created.test(line)), lines.join('\n'));
      if (dialect === 'postgres') assert.ok(lines.some((line) => /ix_orders_project_created/.test(line)), lines.join('\n'));
      assert.ok(!lines.some((line) => /TEMP B-TREE|Sort/.test(line)), `no sort: ${lines.join('\n')}`);
    });

    test('one month by purchased_at: the same, on the p_at index', async () => {
      const lines = await plan('cs_type=p_at&css_at=2025-07-01&cse_at=2025-07-31', { part: 'dated', after: POSITION });
      assert.ok(lines.some((line) => expectations.purchased.test(line)), lines.join('\n'));
      assert.ok(!lines.some((line) => /TEMP B-TREE|Sort/.test(line)), `no sort: ${lines.join('\n')}`);
    });

    test('created_before and the range end fold into one upper bound', async () => {
      const filter = parseOrderFilter(parseQueryString('cse_at=2025-07-31&created_before=2025-07-20T00:00:00Z'), 'Asia/Seoul');
      const { sql: text, parameters } = orderSliceQuery(server.storage, projectId, filter, { part: 'dated' }, 10).compile();
      assert.equal(text.match(/"created_at" </g)?.length, 1, text);
      assert.ok(parameters.includes(Date.parse('2025-07-20T00:00:00Z') / 1000), 'the tighter bound is kept');
    });
  });
}
