/** Staff accounts and console sessions for tests: made through the services, used over HTTP. */
import { randomUUID } from 'node:crypto';
import type { OperatorRole } from '../../src/contract/constants.js';
import { COMMAND_LINE_ACTOR } from '../../src/services/audit-log.js';
import { hashPassword } from '../../src/domain/passwords.js';
import { createOperator } from '../../src/services/operators.js';
import { updateOperator } from '../../src/storage/operator-repository.js';
import type { Storage } from '../../src/storage/storage.js';
import { requestJson, type JsonResponse } from './test-server.js';

export const TEST_PASSWORD = 'correct horse battery staple';

export interface TestOperator {
  operator_id: string;
  email: string;
  name: string;
  role: OperatorRole;
  password: string;
}

/** scrypt costs a tenth of a second or more: the tests' accounts share one hash of TEST_PASSWORD. */
let sharedHash: Promise<string> | null = null;

/**
 * An operator of the project who can sign in at once, as `jumun operators create --password-stdin`
 * makes one (created without a password, then given the shared hash).
 */
export async function addOperator(storage: Storage, projectId: string, role: OperatorRole, name = `${role} ${randomUUID().slice(0, 4)}`): Promise<TestOperator> {
  const email = `${role}-${randomUUID().slice(0, 8)}@example.com`;
  sharedHash ??= hashPassword(TEST_PASSWORD);
  const { operator } = await createOperator(storage, { email, name, role }, null, {
    projectId, by: COMMAND_LINE_ACTOR, now: Math.floor(Date.now() / 1000), linkSeconds: 3600,
  });
  await updateOperator(storage.db, operator.operator_id, { password_hash: await sharedHash });
  return { operator_id: operator.operator_id, email, name, role, password: TEST_PASSWORD };
}

export interface ConsoleSession {
  /** `jumun_session=<token>`, as a Cookie header. */
  cookie: string;
  /** The whole Set-Cookie header of the sign-in. */
  setCookie: string;
  csrf: string;
  body: any;
}

export function signInRequest(baseUrl: string, email: string, password: string, headers: Record<string, string> = {}): Promise<JsonResponse> {
  return requestJson(baseUrl, '/v1/console/session', { method: 'POST', body: { email, password }, headers });
}

export async function signIn(baseUrl: string, operator: { email: string; password: string }): Promise<ConsoleSession> {
  const response = await signInRequest(baseUrl, operator.email, operator.password);
  if (response.status !== 200) throw new Error(`sign-in failed: ${response.status} ${JSON.stringify(response.body)}`);
  const setCookie = response.headers.get('set-cookie') ?? '';
  return { cookie: setCookie.split(';')[0]!, setCookie, csrf: response.body.csrf_token, body: response.body };
}

/** A console request: the cookie, and on writes the CSRF token, as the console sends them. */
export function consoleRequest(baseUrl: string, session: ConsoleSession, path: string, init: { method?: string; body?: unknown; headers?: Record<string, string> } = {}): Promise<JsonResponse> {
  const method = init.method ?? 'GET';
  const csrf: Record<string, string> = method === 'GET' ? {} : { 'x-csrf-token': session.csrf, origin: baseUrl };
  return requestJson(baseUrl, path, { ...init, method, headers: { cookie: session.cookie, ...csrf, ...init.headers } });
}
