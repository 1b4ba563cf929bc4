/**
 * `npm run fuzz -- [--requests N] [--seed S] [--db URL] [--concurrency C]`: the fuzz suite of
 * `npm test`, larger. Starts the real server on a fresh database (a temp SQLite file, or a new
 * database on the Postgres server of --db), sends N malformed requests and lists every one that
 * got a 5xx, an error outside the envelope, or no answer within 5 s. Exit 1 when any did.
 */
import { parseArgs } from 'node:util';
import { seedDemoOrders } from '../test/support/fixtures.js';
import { fuzz } from '../test/support/fuzz-requests.js';
import { createTestDatabase } from '../test/support/test-database.js';
import { basicAuth, startServerOn } from '../test/support/test-server.js';

const { values } = parseArgs({
  options: {
    requests: { type: 'string', default: '20000' },
    seed: { type: 'string', default: String(Date.now() % 1_000_000) },
    db: { type: 'string' },
    concurrency: { type: 'string', default: '8' },
  },
});
const requests = Number(values.requests);
const seed = Number(values.seed);
const concurrency = Number(values.concurrency);
for (const [name, value] of Object.entries({ requests, seed, concurrency })) {
  if (!Number.isInteger(value) || value < 1) throw new Error(`--${name} takes a positive whole number`);
}
if (values.db) process.env.TEST_DATABASE_URL = values.db;
const database = await createTestDatabase(values.db ? 'postgres' : 'sqlite');
const server = await startServerOn(database, { limits: { rateLimits: { keyPerSecond: 0, authFailuresPerMinute: 0, heavyConcurrency: 0 } } });
try {
  const keys = await server.createKeys('fuzz');
  const orderIds = (await seedDemoOrders(server.storage, keys.project_id, 500, seed)).map((o) => o.order_id);
  const started = Date.now();
  const failures = await fuzz(Number(new URL(server.baseUrl).port), { authorization: basicAuth(keys), orderIds }, seed, requests, concurrency);
  const seconds = (Date.now() - started) / 1000;
  console.log(`${requests} requests (seed ${seed}) in ${seconds.toFixed(1)} s: ${failures.length} broke a rule`);
  for (const failure of failures.slice(0, 20)) console.log(JSON.stringify(failure));
  process.exitCode = failures.length > 0 ? 1 : 0;
} finally {
  await server.close();
}
