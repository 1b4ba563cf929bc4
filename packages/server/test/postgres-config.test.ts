import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import pg from 'pg';
import { postgresPoolOptions } from '../src/storage/postgres-pool.js';
import { migrate, openStorage, withoutPassword } from '../src/storage/storage.js';

describe('Postgres configuration', () => {
  it('reads pool limits from JUMUN_PG_* and derives the query timeout from the statement timeout', () => {
    assert.deepEqual(postgresPoolOptions({}, 8), {
      max: 10, perProjectCap: 7, connectTimeoutMs: 5_000, statementTimeoutMs: 30_000, queryTimeoutMs: 35_000,
    });
    assert.deepEqual(
      postgresPoolOptions({ JUMUN_PG_POOL_MAX: '4', JUMUN_PG_STATEMENT_TIMEOUT_MS: '2000', JUMUN_PG_CONNECT_TIMEOUT_MS: '900' }, 8),
      { max: 4, perProjectCap: 3, connectTimeoutMs: 900, statementTimeoutMs: 2_000, queryTimeoutMs: 7_000 },
    );
    assert.equal(postgresPoolOptions({ JUMUN_PG_POOL_MAX: '4', JUMUN_SLOTS_PER_PROJECT: '2' }).perProjectCap, 2);
    assert.equal(postgresPoolOptions({ JUMUN_PG_POOL_MAX: '4', JUMUN_SLOTS_PER_PROJECT: '9' }).perProjectCap, 4);
    assert.equal(postgresPoolOptions({ JUMUN_PG_POOL_MAX: '1' }).perProjectCap, 1);
    // One project keeps at most all CPUs but one busy.
    assert.equal(postgresPoolOptions({}, 2).perProjectCap, 1);
    assert.throws(() => postgresPoolOptions({ JUMUN_PG_POOL_MAX: 'ten' }), /JUMUN_PG_POOL_MAX must be a positive integer, got 'ten'/);
    assert.throws(() => postgresPoolOptions({ JUMUN_PG_QUERY_TIMEOUT_MS: '0' }), /JUMUN_PG_QUERY_TIMEOUT_MS/);
  });

  it("parses BIGINT and NUMERIC as numbers on its own pools only, not in pg's global registry", async () => {
    const storage = openStorage('postgres://jumun@127.0.0.1:1/orders');
    try {
      assert.equal(pg.types.getTypeParser(pg.types.builtins.INT8)('12'), '12');
      assert.equal(pg.types.getTypeParser(pg.types.builtins.NUMERIC)('1.5'), '1.5');
    } finally {
      await storage.close();
    }
  });

  it('never shows a database password', async () => {
    assert.equal(withoutPassword('postgres://jumun:s3cret@db.internal:5432/orders'), 'postgres://jumun@db.internal:5432/orders');
    assert.equal(withoutPassword('postgres://jumun:s3cret@[bad'), 'postgres://[bad');
    const storage = openStorage('postgres://jumun:s3cret@127.0.0.1:1/orders', { postgres: { connectTimeoutMs: 1_000 } });
    try {
      assert.equal(storage.description, 'postgres://jumun@127.0.0.1:1/orders');
      await assert.rejects(migrate(storage), (error: Error) => {
        assert.match(error.message, /^Migrating postgres:\/\/jumun@127\.0\.0\.1:1\/orders failed: /);
        assert.doesNotMatch(error.message, /s3cret/);
        return true;
      });
    } finally {
      await storage.close();
    }
  });
});
