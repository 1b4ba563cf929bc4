import { loadavg } from 'node:os';
import { parseArgs } from 'node:util';
import autocannon from 'autocannon';
import { scenarioFacts } from './scenarios.js';
import { prepareDatabase } from './load.js';
import { redactUrl } from './options.js';
import { startServer, type ServerProcess } from './server-process.js';

/**
 * Several `jumun serve` processes on one Postgres, driven together: the same mix of list requests
 * (light, filtered and the whole project) spread over 1, 2, … servers, each server with its share
 * of the connections. Reports the total req/s, the worst p99 and every non-200 (there must be none).
 *
 *   npm run build && node packages/server/dist/bench/multi-server.js --db postgres://… [--orders N]
 *     [--servers 1,2,4] [--duration S] [--connections C]
 */
const USAGE = 'node packages/server/dist/bench/multi-server.js --db postgres://… [--orders 200000] [--servers 1,2,3,4] [--duration 10] [--connections 16]';

interface Row {
  servers: number;
  requestsPerSecond: number;
  p50Ms: number;
  p99Ms: number;
  requests: number;
  failures: number;
}

function options() {
  const { values } = parseArgs({
    options: {
      db: { type: 'string' },
      orders: { type: 'string', default: '200000' },
      servers: { type: 'string', default: '1,2,3,4' },
      duration: { type: 'string', default: '10' },
      connections: { type: 'string', default: '16' },
    },
  });
  if (!values.db?.startsWith('postgres')) throw new Error(`--db postgres://… is required: several servers share one Postgres\n${USAGE}`);
  const servers = values.servers.split(',').map(Number);
  if (servers.some((n) => !Number.isInteger(n) || n < 1 || n > 8)) throw new Error(`--servers takes counts from 1 to 8, comma-separated\n${USAGE}`);
  return { db: values.db, orders: Number(values.orders), servers, duration: Number(values.duration), connections: Number(values.connections) };
}

async function drive(servers: ServerProcess[], paths: string[], authorization: string, connections: number, duration: number): Promise<Row> {
  const perServer = Math.max(1, Math.round(connections / servers.length));
  const headers = { authorization, accept: 'application/json' };
  const results = await Promise.all(servers.map((server) =>
    autocannon({
      url: server.baseUrl,
      connections: perServer,
      duration,
      timeout: 60,
      requests: paths.map((path) => ({ method: 'GET', path, headers })),
    })));
  const requests = results.reduce((sum, r) => sum + r.requests.total, 0);
  const failures = results.reduce((sum, r) => sum + r.non2xx + r.errors + r.timeouts, 0);
  return {
    servers: servers.length,
    requestsPerSecond: results.reduce((sum, r) => sum + r.requests.total / r.duration, 0),
    // Each server's percentiles, the worst of them: a merged histogram is not available here.
    p50Ms: Math.max(...results.map((r) => r.latency.p50)),
    p99Ms: Math.max(...results.map((r) => r.latency.p99)),
    requests,
    failures,
  };
}

async function main(): Promise<void> {
  const opts = options();
  const prepared = await prepareDatabase({ dbUrl: opts.db, defaultDb: false, orders: opts.orders, seed: 1, timeZone: 'Asia/Seoul' });
  const facts = await scenarioFacts(prepared.storage, prepared.dataset);
  const { client_key, secret_key } = prepared.keys;
  const authorization = `Basic ${Buffer.from(`${client_key}:${secret_key}`).toString('base64')}`;
  await prepared.storage.close();
  const paths = [
    `/v1/orders?user_id=${encodeURIComponent(facts.userId)}`,
    '/v1/orders?status=2&limit=20',
    '/v1/orders?limit=20',
    '/v1/orders?page=50&limit=20',
  ];
  const rows: Row[] = [];
  const loadBefore = loadavg()[0]!;
  for (const count of opts.servers) {
    const servers = await Promise.all(Array.from({ length: count }, () => startServer(opts.db)));
    try {
      // Warm every server's code paths and pool before measuring.
      await drive(servers, paths, authorization, count, 2);
      const row = await drive(servers, paths, authorization, opts.connections, opts.duration);
      rows.push(row);
      console.error(`${count} server(s): ${row.requestsPerSecond.toFixed(0)} req/s, p50 ${row.p50Ms} ms, p99 ${row.p99Ms} ms, ${row.failures} failures`);
    } finally {
      await Promise.all(servers.map((s) => s.stop()));
    }
  }
  console.log(`\n\`${['node packages/server/dist/bench/multi-server.js', ...process.argv.slice(2)].join(' ').replace(opts.db, redactUrl(opts.db))}\``);
  console.log(`${prepared.dataset.orders.toLocaleString('en-US')} orders (${prepared.dataset.benchOrders.toLocaleString('en-US')} in the measured project), ${opts.connections} connections in all, ${opts.duration} s per row, load average ${loadBefore.toFixed(1)} → ${loadavg()[0]!.toFixed(1)}\n`);
  console.log('| servers | req/s (all) | p50 ms (worst server) | p99 ms (worst server) | requests | non-200 / errors |');
  console.log('|---:|---:|---:|---:|---:|---:|');
  for (const r of rows) {
    console.log(`| ${r.servers} | ${r.requestsPerSecond.toFixed(0)} | ${r.p50Ms} | ${r.p99Ms} | ${r.requests.toLocaleString('en-US')} | ${r.failures} |`);
  }
  if (rows.some((r) => r.failures > 0)) process.exitCode = 1;
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exitCode = 1;
});
