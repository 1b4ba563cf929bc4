import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { sql } from 'kysely';
import { buildDeferredIndexes } from '../src/storage/deferred-indexes.js';
import { migrate, openStorage, type Storage } from '../src/storage/storage.js';
import { createTestDatabase, type TestDatabase } from './support/test-database.js';

/**
 * The client-side query timeout stands in for the server's statement timeout; maintenance that
 * turns the statement timeout off (index builds after a bulk load, `vacuum`, migrations) must not
 * be cut by the client instead. At 10M orders the deferred index build took minutes and failed
 * with "Query read timeout" after 35 s, leaving a table without its indexes.
 */
describe('Postgres: maintenance with the statement timeout off is not cut by the client', { skip: !process.env.TEST_DATABASE_URL }, () => {
  let database: TestDatabase;
  let storage: Storage;
  const SLEEP = sql`select pg_sleep(0.8)`;

  before(async () => {
    database = await createTestDatabase('postgres');
    // Short limits, so "longer than the timeouts" is under a second here.
    storage = openStorage(database.url, { postgres: { statementTimeoutMs: 300, queryTimeoutMs: 400 } });
    await migrate(storage);
  });
  after(async () => {
    await storage?.close();
    await database?.drop();
  });

  test('an ordinary statement is still cancelled by the statement timeout', async () => {
    await assert.rejects(SLEEP.execute(storage.db), /statement timeout/);
  });

  test('set local statement_timeout = 0: the rest of that transaction may run long, the next one may not', async () => {
    await storage.db.transaction().execute(async (trx) => {
      await sql`set local statement_timeout = 0`.execute(trx);
      await SLEEP.execute(trx);
    });
    await assert.rejects(SLEEP.execute(storage.db), /statement timeout/);
  });

  test('set statement_timeout = 0 … reset: long in between, bounded after', async () => {
    await storage.db.connection().execute(async (connection) => {
      await sql`set statement_timeout = 0`.execute(connection);
      await SLEEP.execute(connection);
      await sql`reset statement_timeout`.execute(connection);
      await assert.rejects(SLEEP.execute(connection), /statement timeout|Query read timeout/);
    });
  });

  test('a deferred index build longer than the client timeout completes', async () => {
    // A deferred "index" whose build takes longer than both timeouts: an expression index over a
    // function that sleeps once per row.
    await sql`create function slow_key(text) returns text immutable language sql as 'select $1 from pg_sleep(0.3)'`.execute(storage.db);
    await sql`insert into settings (name, value) values ('slow_1', 'a'), ('slow_2', 'b')`.execute(storage.db);
    await storage.db.insertInto('settings').values({
      name: 'deferred_indexes',
      value: JSON.stringify([{ name: 'ix_settings_slow', definition: 'create index ix_settings_slow on settings (slow_key(value))' }]),
    }).execute();
    assert.equal(await buildDeferredIndexes(storage), 1);
    const { rows } = await sql<{ n: number }>`select count(*)::int as n from pg_indexes where indexname = 'ix_settings_slow'`.execute(storage.db);
    assert.equal(rows[0]!.n, 1);
  });
});
