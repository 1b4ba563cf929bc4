/** The console's calls to the jumun API: the session cookie goes by itself, writes add the CSRF token. */
import type { ConsoleSession } from './api-types.js';
import { sessionFrom, type Session } from './session.js';

/** An error the API answered with (its envelope's status, code and message), or a network failure. */
export class ApiRequestError extends Error {
  constructor(readonly status: number, readonly code: number | null, message: string) {
    super(message);
  }

  get isUnauthorized(): boolean {
    return this.status === 401;
  }

  /** The session existed and ended (idle, expired, revoked), rather than never having been. */
  get isSessionEnded(): boolean {
    return this.code === 1711;
  }
}

const NETWORK_ERROR = '서버에 연결할 수 없습니다. 네트워크 상태를 확인한 뒤 다시 시도해 주세요.';

const isAbort = (error: unknown) => (error as Error | null)?.name === 'AbortError';

async function failure(response: Response): Promise<ApiRequestError> {
  let body: { code?: number; message?: string } | null = null;
  try {
    body = (await response.json()) as { code?: number; message?: string };
  } catch (error) {
    if (isAbort(error)) throw error;
  }
  return body?.message
    ? new ApiRequestError(response.status, body.code ?? null, body.message)
    : new ApiRequestError(response.status, null, `요청이 실패했습니다 (HTTP ${response.status}).`);
}

async function send(url: string, init: RequestInit): Promise<Response> {
  let response: Response;
  try {
    response = await fetch(url, init);
  } catch (error) {
    if (isAbort(error)) throw error;
    throw new ApiRequestError(0, null, NETWORK_ERROR);
  }
  if (!response.ok) throw await failure(response);
  return response;
}

const json = { 'content-type': 'application/json' };

/** Signs in with e-mail and password (`POST /v1/console/session`); the server sets the cookie. */
export async function signInWith(email: string, password: string): Promise<Session> {
  const response = await send('/v1/console/session', { method: 'POST', headers: json, body: JSON.stringify({ email, password }) });
  return sessionFrom((await response.json()) as ConsoleSession);
}

/** The current session, or null when there is none (or it ended: `ended` tells). */
export async function currentSession(): Promise<{ session: Session | null; ended: boolean }> {
  try {
    const response = await send('/v1/console/session', {});
    return { session: sessionFrom((await response.json()) as ConsoleSession), ended: false };
  } catch (error) {
    if (error instanceof ApiRequestError && error.isUnauthorized) return { session: null, ended: error.isSessionEnded };
    throw error;
  }
}

/** Ends the session on the server (and the cookie); a session already over is fine. */
export async function signOutOf(session: Session): Promise<void> {
  try {
    await send('/v1/console/session', { method: 'DELETE', headers: { 'x-csrf-token': session.csrfToken } });
  } catch (error) {
    if (!(error instanceof ApiRequestError && error.isUnauthorized)) throw error;
  }
}

/** Uses a one-time set-password link; answers the account's e-mail. */
export async function setPassword(token: string, password: string): Promise<string> {
  const response = await send('/v1/console/set-password', { method: 'POST', headers: json, body: JSON.stringify({ token, password }) });
  return ((await response.json()) as { email: string }).email;
}

export interface Download {
  blob: Blob;
  fileName: string;
}

export interface ApiClient {
  get<T>(path: string, params?: URLSearchParams, signal?: AbortSignal): Promise<T>;
  /**
   * A write: JSON body, the session's CSRF token; an idempotency key makes a retry of the same
   * operator action safe (the API replays its answer).
   */
  post<T>(path: string, body?: unknown, idempotencyKey?: string): Promise<T>;
  delete<T>(path: string): Promise<T>;
  download(path: string, params: URLSearchParams): Promise<Download>;
}

/** Calls made in the session (its cookie); the first 401 ends the session through `onUnauthorized`. */
export function createApiClient(session: Session, onUnauthorized: (error: ApiRequestError) => void, onActivity: () => void = () => {}): ApiClient {
  let refused = false;
  async function authorized(path: string, params: URLSearchParams | undefined, signal?: AbortSignal, init: RequestInit = {}): Promise<Response> {
    const query = params && params.size > 0 ? `?${params}` : '';
    onActivity();
    try {
      return await send(path + query, { ...init, signal });
    } catch (error) {
      if (error instanceof ApiRequestError && error.isUnauthorized && !refused) {
        refused = true;
        onUnauthorized(error);
      }
      throw error;
    }
  }
  return {
    async get<T>(path: string, params?: URLSearchParams, signal?: AbortSignal): Promise<T> {
      return (await (await authorized(path, params, signal)).json()) as T;
    },
    async post<T>(path: string, body?: unknown, idempotencyKey?: string): Promise<T> {
      const headers: Record<string, string> = { ...json, 'x-csrf-token': session.csrfToken };
      if (idempotencyKey) headers['idempotency-key'] = idempotencyKey;
      const response = await authorized(path, undefined, undefined, { method: 'POST', headers, body: body === undefined ? undefined : JSON.stringify(body) });
      return (await response.json()) as T;
    },
    async delete<T>(path: string): Promise<T> {
      const response = await authorized(path, undefined, undefined, { method: 'DELETE', headers: { 'x-csrf-token': session.csrfToken } });
      return (await response.json()) as T;
    },
    async download(path: string, params: URLSearchParams): Promise<Download> {
      const response = await authorized(path, params);
      const disposition = response.headers.get('content-disposition') ?? '';
      const fileName = /filename="([^"]+)"/.exec(disposition)?.[1] ?? 'orders.csv';
      return { blob: await response.blob(), fileName };
    },
  };
}
