import { once } from 'node:events';
import type { Writable } from 'node:stream';
import { Kysely, PostgresDialect, type PostgresPool, type PostgresPoolClient } from 'kysely';
import { from as copyFrom } from 'pg-copy-streams';
import { applyCounterChanges, insertedOrders } from './order-counter-writes.js';
import { indexOrderNames, type NamedOrder } from './order-name-index.js';
import type { Database } from './schema.js';
import type { BulkInsert, InTransaction } from './storage.js';

/** Rows encoded into one chunk of the COPY stream (about 0.5 MB of orders). */
const ROWS_PER_CHUNK = 2_000;

/**
 * One value in COPY's text format: `\N` is NULL; backslash, tab, newline and carriage return are
 * escaped, everything else travels as is (the connection's encoding is UTF-8).
 */
function copyText(value: unknown): string {
  if (value === null || value === undefined) return '\\N';
  if (typeof value === 'number') return String(value);
  const text = String(value);
  return /[\\\t\n\r]/.test(text)
    ? text.replace(/[\\\t\n\r]/g, (c) => (c === '\\' ? '\\\\' : c === '\t' ? '\\t' : c === '\n' ? '\\n' : '\\r'))
    : text;
}

function encodeRows(columns: readonly string[], rows: readonly object[], from: number, to: number): string {
  let out = '';
  for (let i = from; i < to; i++) {
    const row = rows[i] as Record<string, unknown>;
    for (let c = 0; c < columns.length; c++) {
      if (c > 0) out += '\t';
      out += copyText(row[columns[c]!]);
    }
    out += '\n';
  }
  return out;
}

async function copyRows(client: PostgresPoolClient, table: string, rows: readonly object[]): Promise<void> {
  const columns = Object.keys(rows[0]!);
  const quoted = columns.map((c) => `"${c.replaceAll('"', '""')}"`).join(', ');
  // The pool's client passes submittables such as this stream straight to pg.
  const stream = client.query(copyFrom(`copy "${table}" (${quoted}) from stdin`) as never) as unknown as Writable;
  const done = new Promise<void>((resolve, reject) => {
    stream.once('finish', resolve);
    stream.once('error', reject);
  });
  // Awaited below; a failure while a chunk is being written must not count as unhandled meanwhile.
  done.catch(() => {});
  for (let i = 0; i < rows.length; i += ROWS_PER_CHUNK) {
    if (!stream.write(encodeRows(columns, rows, i, Math.min(rows.length, i + ROWS_PER_CHUNK)))) {
      await Promise.race([once(stream, 'drain'), done]);
    }
  }
  stream.end();
  await done;
}

/** A Kysely that runs every statement on one client: the statements of the open transaction. */
function kyselyOn(client: PostgresPoolClient): Kysely<Database> {
  const pool: PostgresPool = { connect: async () => ({ query: client.query, release: () => {} }), end: async () => {} };
  return new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
}

/**
 * Postgres: each table's rows stream in with `COPY … FROM STDIN` (text format), the fastest way
 * into Postgres (about twice the rows per second of multi-row INSERTs here), all in one
 * transaction: all rows or none. The maintained tables follow in the same transaction: new names
 * enter the keyword index, the order counters add the batch (shard 0: a bulk load writes many keys
 * once each, not one key many times); then `also`, further statements of the caller's.
 */
export function postgresBulkInsert(pool: PostgresPool) {
  return async (inserts: BulkInsert[], also?: InTransaction): Promise<void> => {
    const client = await pool.connect();
    let failed = false;
    try {
      await client.query('begin', []);
      for (const { table, rows } of inserts) if (rows.length > 0) await copyRows(client, table, rows);
      const trx = kyselyOn(client);
      const orders = inserts.filter((insert) => insert.table === 'orders').flatMap((insert) => insert.rows as NamedOrder[]);
      if (orders.length > 0) await indexOrderNames(trx, orders);
      await applyCounterChanges(trx, insertedOrders(inserts));
      if (also) await also(trx);
      await client.query('commit', []);
    } catch (error) {
      failed = true;
      await client.query('rollback', []).catch(() => {});
      throw error;
    } finally {
      // A connection whose COPY broke off may be in any state: never reuse it.
      client.release(failed);
    }
  };
}
