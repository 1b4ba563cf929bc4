import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseLsn, replicaOptions } from '../src/storage/replica-set.js';
import { openStorage } from '../src/storage/storage.js';

describe('read replica settings', () => {
  it('reads DATABASE_REPLICA_URLS and --db-replica together, once each, with the lag bound and check interval', () => {
    const env = { DATABASE_REPLICA_URLS: ' postgres://a/db , postgresql://b/db,,', JUMUN_REPLICA_MAX_LAG_MS: '2500' };
    assert.deepEqual(replicaOptions(env, ['postgres://b/db', 'postgres://c/db']), {
      urls: ['postgres://a/db', 'postgresql://b/db', 'postgres://b/db', 'postgres://c/db'],
      maxLagMs: 2_500,
      probeIntervalMs: 500,
    });
    assert.deepEqual(replicaOptions({}), { urls: [], maxLagMs: 5_000, probeIntervalMs: 500 });
  });

  it('refuses a replica that is not a postgres URL, a bad bound, and replicas of a SQLite database, without printing a password', () => {
    assert.throws(() => replicaOptions({ DATABASE_REPLICA_URLS: 'mysql://root:hunter2@x/db' }), (error: Error) =>
      /must be a postgres:\/\/ URL/.test(error.message) && !error.message.includes('hunter2'));
    assert.throws(() => replicaOptions({ JUMUN_REPLICA_MAX_LAG_MS: '5s' }), /JUMUN_REPLICA_MAX_LAG_MS must be a positive integer, got '5s'/);
    assert.throws(() => openStorage('sqlite::memory:', { replicas: replicaOptions({}, ['postgres://r/db']) }), /need a postgres:\/\/ database/);
  });

  it('orders WAL positions as Postgres does', () => {
    assert.equal(parseLsn('0/16B3740'), 0x16b3740n);
    assert.ok(parseLsn('1/0') > parseLsn('0/FFFFFFFF'));
    assert.ok(parseLsn('16/B374D848') < parseLsn('16/B374D849'));
  });
});
