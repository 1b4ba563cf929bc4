/**
 * `node packages/server/dist/bench/slowloris.js [SOCKETS]`: a light request's latency alone, then
 * while SOCKETS (default 120) clients send their headers one byte a second, against the real
 * server on a fresh SQLite file with the default timeouts (the per-key rate limit off). Prints p50/p99 of both and how long the
 * slow sockets were held.
 */
import { connect } from 'node:net';
import { seedDemoOrders } from '../test/support/fixtures.js';
import { basicAuth, startLimitedTestServer } from '../test/support/test-server.js';

const sockets = Number(process.argv[2] ?? 120);
// The key's rate limit off: one client here asks as fast as it can; the timeouts are the defaults.
const server = await startLimitedTestServer('sqlite', { rateLimits: { keyPerSecond: 0 } });
const keys = await server.createKeys('shop');
const orders = await seedDemoOrders(server.storage, keys.project_id, 2_000, 3);
const path = `/v1/orders?user_id=${orders[0]!.user_id}`;

async function latencies(ms: number): Promise<number[]> {
  const times: number[] = [];
  const end = Date.now() + ms;
  while (Date.now() < end) {
    const started = performance.now();
    const response = await fetch(server.baseUrl + path, { headers: { authorization: basicAuth(keys) } });
    await response.arrayBuffer();
    if (response.status !== 200) throw new Error(`status ${response.status}`);
    times.push(performance.now() - started);
  }
  return times.sort((a, b) => a - b);
}
const pct = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))]!.toFixed(1);

const alone = await latencies(5_000);
const port = Number(new URL(server.baseUrl).port);
const opened = Date.now();
const held = Array.from({ length: sockets }, () => new Promise<number>((resolve) => {
  const socket = connect({ port, host: '127.0.0.1' });
  const head = `GET /v1/orders HTTP/1.1\r\nHost: x\r\nX-Slow: ${'z'.repeat(100)}`;
  let sent = 0;
  const tick = setInterval(() => socket.writable && sent < head.length && socket.write(head[sent++]!), 1_000);
  socket.on('error', () => {});
  socket.on('close', () => {
    clearInterval(tick);
    resolve(Date.now() - opened);
  });
}));
const during = await latencies(8_000);
const lifetimes = await Promise.all(held);
console.log(`light request alone: ${alone.length} requests, p50 ${pct(alone, 0.5)} ms, p99 ${pct(alone, 0.99)} ms`);
console.log(`during ${sockets} slow clients: ${during.length} requests, p50 ${pct(during, 0.5)} ms, p99 ${pct(during, 0.99)} ms`);
console.log(`slow clients dropped after ${(Math.min(...lifetimes) / 1000).toFixed(1)}–${(Math.max(...lifetimes) / 1000).toFixed(1)} s`);
await server.close();
