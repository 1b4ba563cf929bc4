/**
 * The fairness row: how long a light request of one project takes alone, and again while another
 * project runs eight heavy requests at once (broad keyword lists, which count every match, and a
 * full CSV export). The light project is small and lives beside the bench project.
 */
import { request } from 'node:http';
import { loadHashKey } from '../src/services/hash-key.js';
import { loadDemoData } from '../src/services/demo-data.js';
import { createKeyPair, type NewKeyPair } from '../src/services/projects.js';
import { findProjectByName } from '../src/storage/project-repository.js';
import type { Storage } from '../src/storage/storage.js';
import { get, waitUntilIdle } from './http-load.js';
import type { PreparedDatabase } from './load.js';
import { startServer } from './server-process.js';

export const FAIRNESS_KEY = 'fairness';
const LIGHT_PROJECT = 'bench-light';
const LIGHT_ORDERS = 3_000;
const HEAVY_KEYWORD = '텀블러';

export interface FairnessResult {
  lightPath: string;
  heavy: string[];
  alone: LatencySummary;
  underLoad: LatencySummary;
  heavyCompleted: number;
  /** Each heavy request answered 200 (exports: and streamed until stopped). */
  heavyFailures: string[];
  lines: string[];
}

interface LatencySummary {
  requests: number;
  p50Ms: number;
  p99Ms: number;
  maxMs: number;
}

function basic(keys: NewKeyPair): string {
  return `Basic ${Buffer.from(`${keys.client_key}:${keys.secret_key}`).toString('base64')}`;
}

/** The light project: a few thousand demo orders of their own, loaded once. */
async function lightProject(storage: Storage, timeZone: string): Promise<{ keys: NewKeyPair; userId: string }> {
  const existing = await findProjectByName(storage, LIGHT_PROJECT);
  const loaded = existing
    ? await storage.db.selectFrom('orders').select('order_id').where('project_id', '=', existing.project_id).limit(1).execute()
    : [];
  if (loaded.length === 0) {
    await loadDemoData(storage, { projectName: LIGHT_PROJECT, orders: LIGHT_ORDERS, seed: 1_014, now: Math.floor(Date.now() / 1000), timeZone });
  }
  const project = (await findProjectByName(storage, LIGHT_PROJECT))!;
  const newest = await storage.db
    .selectFrom('orders')
    .select('user_id')
    .where('project_id', '=', project.project_id)
    .where('user_id', 'is not', null)
    .orderBy('created_at', 'desc')
    .executeTakeFirstOrThrow();
  return { keys: await createKeyPair(storage, await loadHashKey(storage), LIGHT_PROJECT), userId: newest.user_id! };
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? NaN;
}

/** One light request after another, for `seconds`; every answer must be a 200. */
async function timeLight(url: string, authorization: string, seconds: number): Promise<LatencySummary> {
  const latencies: number[] = [];
  const end = performance.now() + seconds * 1000;
  while (performance.now() < end) {
    const started = performance.now();
    const { status, text } = await get(url, { authorization, 'content-type': 'application/json' });
    latencies.push(performance.now() - started);
    if (status !== 200) throw new Error(`the light request answered ${status}: ${text.slice(0, 300)}`);
  }
  latencies.sort((a, b) => a - b);
  return { requests: latencies.length, p50Ms: percentile(latencies, 50), p99Ms: percentile(latencies, 99), maxMs: latencies.at(-1)! };
}

/** Requests `url` again and again until stopped; a response is read to its end (or until stopped). */
function heavyLoop(url: string, authorization: string, stop: { stopped: boolean }, failures: string[]) {
  let completed = 0;
  const once = () =>
    new Promise<void>((done) => {
      const req = request(url, { headers: { authorization, 'content-type': 'application/json' }, agent: false }, (response) => {
        if (response.statusCode !== 200) failures.push(`${url.replace(/^http:\/\/[^/]+/, '')}: ${response.statusCode}`);
        const poll = setInterval(() => {
          if (stop.stopped) req.destroy();
        }, 100);
        response.on('data', () => {});
        response.on('close', () => {
          clearInterval(poll);
          completed++;
          done();
        });
      });
      req.on('error', () => done());
      req.end();
    });
  const loop = (async () => {
    while (!stop.stopped) await once();
  })();
  return { loop, completed: () => completed };
}

export async function benchFairness(
  prepared: PreparedDatabase,
  options: { dbUrl: string; duration: number },
  timeZone: string,
): Promise<FairnessResult> {
  const { storage, keys } = prepared;
  const light = await lightProject(storage, timeZone);
  const server = await startServer(options.dbUrl, { JUMUN_TIME_ZONE: timeZone });
  try {
    const lightPath = `/v1/orders?user_id=${encodeURIComponent(light.userId)}`;
    const lightUrl = server.baseUrl + lightPath;
    const lightAuth = basic(light.keys);
    const seconds = Math.max(5, options.duration * 2);
    for (let i = 0; i < 20; i++) await get(lightUrl, { authorization: lightAuth });
    const alone = await timeLight(lightUrl, lightAuth, seconds);

    const heavy = [
      ...Array.from({ length: 7 }, () => `/v1/orders?keyword=${encodeURIComponent(HEAVY_KEYWORD)}`),
      '/v1/orders/export',
    ];
    const stop = { stopped: false };
    const failures: string[] = [];
    const loops = heavy.map((path) => heavyLoop(server.baseUrl + path, basic(keys), stop, failures));
    // Let the heavy requests take their slots before measuring.
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    const underLoad = await timeLight(lightUrl, lightAuth, seconds);
    stop.stopped = true;
    await Promise.all(loops.map((l) => l.loop));
    await waitUntilIdle(server.baseUrl);

    const heavyCompleted = loops.reduce((sum, l) => sum + l.completed(), 0);
    const goal = underLoad.p99Ms <= 50 ? 'met' : `missed by ${(underLoad.p99Ms - 50).toFixed(0)} ms`;
    const lines = [
      `**Fairness** (project C, ${LIGHT_ORDERS.toLocaleString('en-US')} orders: \`GET ${lightPath.replace(light.userId, 'USER')}\`, one request at a time for ${seconds} s): ` +
        `alone p50 ${alone.p50Ms.toFixed(1)} ms, p99 ${alone.p99Ms.toFixed(1)} ms (${alone.requests} requests); ` +
        `while project A runs 8 heavy requests at once (7 × \`keyword=${HEAVY_KEYWORD}\` lists, 1 × full CSV export, each repeated) ` +
        `p50 ${underLoad.p50Ms.toFixed(1)} ms, p99 ${underLoad.p99Ms.toFixed(1)} ms, max ${underLoad.maxMs.toFixed(0)} ms ` +
        `(${underLoad.requests} requests; ${heavyCompleted} heavy requests answered${failures.length ? `, ${failures.length} not 200: ${failures.slice(0, 3).join(', ')}` : ', all 200'}). ` +
        `Goal p99 ≤ 50 ms under load: ${goal}.`,
    ];
    return { lightPath, heavy, alone, underLoad, heavyCompleted, heavyFailures: failures, lines };
  } finally {
    await server.stop();
  }
}
