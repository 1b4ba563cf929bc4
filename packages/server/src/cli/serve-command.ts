import { randomBytes } from 'node:crypto';
import { serviceConfig, sessionLimits } from '../config.js';
import { nowSeconds } from '../domain/timestamps.js';
import { buildApp } from '../http/app.js';
import { shutDownGracefully } from '../http/graceful-shutdown.js';
import { loadDemoData } from '../services/demo-data.js';
import { loadHashKey } from '../services/hash-key.js';
import { alignOrderCounters } from '../services/order-counters.js';
import { createKeyPair, findProject } from '../services/projects.js';
import pino from 'pino';
import { startPresence } from '../services/server-presence.js';
import { startPartitionUpkeep } from '../services/partition-upkeep.js';
import { positiveInteger } from '../storage/postgres-pool.js';
import { replicaOptions } from '../storage/replica-set.js';
import { COMMAND_LINE_ACTOR } from '../services/audit-log.js';
import { createOperator, operatorsOf } from '../services/operators.js';
import { migrate, openStorage, type Storage } from '../storage/storage.js';
import { databaseUrl, integerOption, parseOptions } from './options.js';

const DEMO_PROJECT = 'demo';
/** JUMUN_DEMO_ORDERS makes a smaller demo (the CLI test's). */
const DEMO_ORDERS = 100_000;
const DEMO_ADMIN = { email: 'admin@demo.jumun.dev', name: '데모 관리자', role: 'admin' } as const;

/** The demo project's first admin, with a generated password printed once; none when the project has staff already. */
async function prepareDemoAdmin(storage: Storage, projectId: string): Promise<void> {
  if ((await operatorsOf(storage, projectId)).length > 0) {
    console.log(`  console sign-in: ${DEMO_ADMIN.email} (password printed at first start; new link: npx jumun operators reset-password --project ${DEMO_PROJECT} --email ${DEMO_ADMIN.email})`);
    return;
  }
  const password = randomBytes(12).toString('base64url');
  await createOperator(storage, DEMO_ADMIN, password, {
    projectId, by: COMMAND_LINE_ACTOR, now: nowSeconds(), linkSeconds: sessionLimits().passwordLinkSeconds,
  });
  console.log(`Demo console admin (shown only now):`);
  console.log(`  email     ${DEMO_ADMIN.email}`);
  console.log(`  password  ${password}`);
}

/** First start of `npm start`: a demo project, its keys printed once, and demo orders. */
async function prepareDemo(storage: Storage, hashKey: string, timeZone: string, origin: string): Promise<void> {
  const existing = await findProject(storage, DEMO_PROJECT);
  if (existing) {
    console.log(`Demo project '${DEMO_PROJECT}' is ready. Its secret was printed at first start; make a new pair with:`);
    console.log(`  npx jumun keys create --project ${DEMO_PROJECT}`);
    await prepareDemoAdmin(storage, existing.project_id);
    return;
  }
  const pair = await createKeyPair(storage, hashKey, DEMO_PROJECT);
  console.log('');
  console.log(`Demo project '${DEMO_PROJECT}' created. Its keys are shown only now, keep them:`);
  console.log(`  client_key  ${pair.client_key}`);
  console.log(`  secret_key  ${pair.secret_key}`);
  await prepareDemoAdmin(storage, pair.project_id);
  console.log('');
  const started = Date.now();
  let shown = 0;
  const inserted = await loadDemoData(storage, {
    projectName: DEMO_PROJECT,
    orders: integerOption('JUMUN_DEMO_ORDERS', process.env.JUMUN_DEMO_ORDERS, DEMO_ORDERS, 1),
    seed: 1,
    now: nowSeconds(),
    timeZone,
    onProgress: (done, total) => {
      if (done - shown >= 25_000 || done === total) {
        shown = done;
        console.log(`  loading demo orders: ${done.toLocaleString('en-US')} / ${total.toLocaleString('en-US')}`);
      }
    },
  });
  console.log(`Loaded ${inserted.toLocaleString('en-US')} demo orders in ${((Date.now() - started) / 1000).toFixed(1)} s.`);
  console.log(`Try: curl -u ${pair.client_key}:SECRET '${origin}/v1/orders?status=2&limit=5'`);
}

/** `jumun serve [--port N] [--host H] [--db URL] [--time-zone TZ] [--demo]` */
export async function serveCommand(args: string[]): Promise<void> {
  const { values } = parseOptions({ args, allowPositionals: true, options: {
    port: { type: 'string' },
    host: { type: 'string' },
    db: { type: 'string' },
    'db-replica': { type: 'string', multiple: true },
    'time-zone': { type: 'string' },
    demo: { type: 'boolean' },
  } });
  const port = integerOption('port', values.port ?? process.env.PORT, 8080);
  const host = values.host ?? process.env.HOST ?? '127.0.0.1';
  const config = serviceConfig({ timeZone: values['time-zone'] });
  const logger = pino({ level: process.env.LOG_LEVEL ?? 'info' });
  const storage = openStorage(databaseUrl(values.db), {
    replicas: replicaOptions(process.env, values['db-replica'] ?? []),
    onReplicaChange: ({ replica, inUse, lagMs, reason }) =>
      inUse ? logger.info({ replica, lagMs }, 'read replica in use') : logger.warn({ replica, lagMs, reason }, 'read replica skipped'),
  });
  await migrate(storage);
  if (await alignOrderCounters(storage, config.timeZone)) {
    console.log(`order counters rebuilt for the time zone ${config.timeZone}`);
  }
  const partitionUpkeep = await startPartitionUpkeep(storage, {
    created: (months) => logger.info({ months }, 'order partitions created for the months ahead'),
    failed: (message) => logger.warn({ error: message }, 'creating the order partitions of the months ahead failed; tried again in a day'),
  });
  const hashKey = await loadHashKey(storage);
  if (!process.env.JUMUN_HASH_KEY && !values.demo) {
    console.warn(
      'warning: JUMUN_HASH_KEY is not set, so the key that hashes secrets and signs tokens is kept in the database itself.\n' +
        '  Anyone who can read the database can then forge access tokens. Set JUMUN_HASH_KEY (README, "Production").',
    );
  }
  if (values.demo) await prepareDemo(storage, hashKey, config.timeZone, `http://${host.includes(':') ? `[${host}]` : host}:${port}`);

  const app = await buildApp({
    storage,
    config,
    hashKey,
    logger: { level: process.env.LOG_LEVEL ?? 'info', redact: ['req.headers.authorization'] },
  });
  // Each process enforces its share of the request limits among the processes on this database.
  const presence = startPresence(storage, (processes) => {
    app.rateLimiter.shareAmong(processes);
    app.log.info({ processes }, 'server processes sharing the database: each enforces its share of the request limits');
  }, positiveInteger(process.env, 'JUMUN_PRESENCE_INTERVAL_MS', 5_000));
  const stop = async (signal: string) => {
    app.log.info({ signal, graceMs: config.http.shutdownGraceMs }, 'shutting down');
    const inTime = await shutDownGracefully(app, config.http.shutdownGraceMs);
    if (!inTime) app.log.warn('grace period over: open connections were closed');
    await presence.stop();
    partitionUpkeep.stop();
    await storage.close();
    process.exit(0);
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  await app.listen({ port, host });
  const address = app.server.address();
  const boundPort = typeof address === 'object' && address ? address.port : port;
  const origin = `http://${host.includes(':') ? `[${host}]` : host}:${boundPort}`;
  console.log(`jumun listening on ${origin}`);
  console.log(`  console ${origin}/console`);
  console.log(`  database ${storage.description}, time zone ${config.timeZone}`);
}
