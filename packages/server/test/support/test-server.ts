import type { AddressInfo } from 'node:net';
import { serviceConfig, type ServiceConfig } from '../../src/config.js';
import type { KeyScope } from '../../src/domain/credentials.js';
import { buildApp, type AppOptions } from '../../src/http/app.js';
import { loadHashKey } from '../../src/services/hash-key.js';
import { alignOrderCounters } from '../../src/services/order-counters.js';
import { createKeyPair, type NewKeyPair } from '../../src/services/projects.js';
import { migrate, openStorage, type Storage, type StorageOptions } from '../../src/storage/storage.js';
import { createTestDatabase, type TestDatabase, type TestDialect } from './test-database.js';

type ConfigLimits = {
  http?: Partial<ServiceConfig['http']>;
  rateLimits?: Partial<ServiceConfig['rateLimits']>;
  sessions?: Partial<ServiceConfig['sessions']>;
  webhooks?: Partial<ServiceConfig['webhooks']>;
};

export interface TestServer {
  baseUrl: string;
  storage: Storage;
  hashKey: string;
  createKeys(projectName: string, scope?: KeyScope): Promise<NewKeyPair>;
  close(): Promise<void>;
}

/** The real server on a real, fresh database, listening on a free loopback port. */
export async function startTestServer(dialect: TestDialect, timeZone = 'Asia/Seoul'): Promise<TestServer> {
  return startServerOn(await createTestDatabase(dialect), { timeZone });
}

/** The real server with some limits of its configuration changed (timeouts, rate limits). */
export async function startLimitedTestServer(
  dialect: TestDialect,
  limits: ConfigLimits,
): Promise<TestServer> {
  return startServerOn(await createTestDatabase(dialect), { limits });
}

/** The real server on the given database, which `close()` drops after the server stopped. */
export async function startServerOn(
  database: TestDatabase,
  {
    timeZone = 'Asia/Seoul',
    storageOptions = {},
    limits = {},
    beforeRoutes,
    config = {},
    alignCounters = true,
  }: {
    timeZone?: string;
    storageOptions?: StorageOptions;
    limits?: ConfigLimits;
    beforeRoutes?: AppOptions['beforeRoutes'];
    config?: Partial<Omit<ServiceConfig, 'http' | 'rateLimits' | 'sessions' | 'webhooks'>>;
    /** As `jumun serve` does: rebuild the order counters when they are keyed by another zone. */
    alignCounters?: boolean;
  } = {},
): Promise<TestServer> {
  const storage = openStorage(database.url, storageOptions);
  await migrate(storage);
  if (alignCounters) await alignOrderCounters(storage, timeZone);
  const hashKey = await loadHashKey(storage);
  const app = await buildApp({ storage, config: serviceConfig({ ...config, timeZone, ...limits }), hashKey, beforeRoutes });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const { port } = app.server.address() as AddressInfo;
  return {
    baseUrl: `http://127.0.0.1:${port}`,
    storage,
    hashKey,
    createKeys: (projectName, scope) => createKeyPair(storage, hashKey, projectName, scope),
    close: async () => {
      await app.close();
      await storage.close();
      await database.drop();
    },
  };
}

export function basicAuth(keys: { client_key: string; secret_key: string }): string {
  return `Basic ${Buffer.from(`${keys.client_key}:${keys.secret_key}`).toString('base64')}`;
}

export interface JsonResponse<T = any> {
  status: number;
  headers: Headers;
  body: T;
}

/** A JSON request the way Bootpay's SDK makes it (Content-Type: application/json, always). */
export async function requestJson<T = any>(
  baseUrl: string,
  path: string,
  init: { method?: string; authorization?: string; body?: unknown; headers?: Record<string, string> } = {},
): Promise<JsonResponse<T>> {
  const response = await fetch(baseUrl + path, {
    method: init.method ?? 'GET',
    headers: {
      'content-type': 'application/json',
      ...(init.authorization ? { authorization: init.authorization } : {}),
      ...init.headers,
    },
    body: init.body === undefined ? undefined : JSON.stringify(init.body),
  });
  const text = await response.text();
  return { status: response.status, headers: response.headers, body: text ? JSON.parse(text) : null };
}
