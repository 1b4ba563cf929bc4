/** The console's calls to the jumun API, with the session's Bearer token. */
import type { AccessToken } from './api-types.js';
import type { Session } from './session.js';

/** An error the API answered with (its envelope's status, code and message), or a network failure. */
export class ApiRequestError extends Error {
  constructor(readonly status: number, readonly code: number | null, message: string) {
    super(message);
  }

  get isUnauthorized(): boolean {
    return this.status === 401;
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

/** Exchanges a key pair for an access token (`POST /v1/request/token`). */
export async function requestSession(clientKey: string, secretKey: string): Promise<Session> {
  const response = await send('/v1/request/token', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ client_key: clientKey, secret_key: secretKey }),
  });
  const body = (await response.json()) as AccessToken;
  return { accessToken: body.access_token, expiresAt: Date.parse(body.expired_at) };
}

export interface Download {
  blob: Blob;
  fileName: string;
}

export interface ApiClient {
  get<T>(path: string, params?: URLSearchParams, signal?: AbortSignal): Promise<T>;
  /** A write; the key makes a retry of the same operator action safe (the API replays its answer). */
  post<T>(path: string, body: unknown, idempotencyKey: string): Promise<T>;
  download(path: string, params: URLSearchParams): Promise<Download>;
}

/** Calls made with the session's token; the first 401 ends the session through `onUnauthorized`. */
export function createApiClient(session: Session, onUnauthorized: (error: ApiRequestError) => void): ApiClient {
  let refused = false;
  async function authorized(path: string, params: URLSearchParams | undefined, init: RequestInit = {}): Promise<Response> {
    const query = params && params.size > 0 ? `?${params}` : '';
    try {
      return await send(path + query, { ...init, headers: { ...(init.headers as Record<string, string>), authorization: `Bearer ${session.accessToken}` } });
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
      return (await (await authorized(path, params, { signal })).json()) as T;
    },
    async post<T>(path: string, body: unknown, idempotencyKey: string): Promise<T> {
      const init: RequestInit = {
        method: 'POST',
        headers: { 'idempotency-key': idempotencyKey, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
        body: body === undefined ? undefined : JSON.stringify(body),
      };
      return (await (await authorized(path, undefined, init)).json()) as T;
    },
    async download(path: string, params: URLSearchParams): Promise<Download> {
      const response = await authorized(path, params);
      const disposition = response.headers.get('content-disposition') ?? '';
      const fileName = /filename="([^"]+)"/.exec(disposition)?.[1] ?? 'orders.csv';
      return { blob: await response.blob(), fileName };
    },
  };
}
