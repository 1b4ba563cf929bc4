import { BootpayCommerceApiError, errorFromResponse } from '../errors.js';
import type { BootpayCommerceError } from '../errors.js';
import type { HttpResponse } from './http-client.js';

/** The JSON of a 2xx answer; `null` for an empty body. */
export function parseSuccess<T>(response: HttpResponse): T {
  if (response.body === '') return null as T;
  try {
    return JSON.parse(response.body) as T;
  } catch (error) {
    throw new BootpayCommerceApiError({
      message: `The server answered ${response.status} with a body that is not JSON`,
      status: response.status,
      requestId: response.headers['x-request-id'],
      headers: response.headers,
      data: response.body,
      cause: error,
    });
  }
}

/** Reads Bootpay's `{status, code, message, data}` envelope; keeps the raw body when there is none. */
export function parseFailure(response: HttpResponse): BootpayCommerceError {
  const envelope = parseEnvelope(response.body);
  return errorFromResponse({
    status: response.status,
    code: envelope?.code ?? null,
    message: envelope?.message ?? `The server answered HTTP ${response.status}`,
    data: envelope ? envelope.data : response.body || null,
    requestId: response.headers['x-request-id'],
    headers: response.headers,
  });
}

interface ErrorEnvelope {
  code: number | string | null;
  message: string | undefined;
  data: unknown;
}

function parseEnvelope(body: string): ErrorEnvelope | null {
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    return null;
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) return null;
  const { code, message, data } = parsed as Record<string, unknown>;
  return {
    code: typeof code === 'number' || typeof code === 'string' ? code : null,
    message: typeof message === 'string' && message !== '' ? message : undefined,
    data: data ?? null,
  };
}
