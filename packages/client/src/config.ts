import type { RetryPolicyOptions } from './transport/retry-policy.js';
import { DEFAULT_RETRY_POLICY } from './transport/retry-policy.js';

/** Bootpay's public API hosts, as Bootpay's own SDK maps `mode`. */
export const API_BASE_URLS = {
  production: 'https://api.bootapi.com/v1',
  stage: 'https://stage-api.bootapi.com/v1',
  development: 'https://dev-api.bootapi.com/v1',
} as const;

export type Mode = keyof typeof API_BASE_URLS;

export interface BootpayCommerceOptions {
  client_key: string;
  secret_key: string;
  /** Which Bootpay host to call; default `production`. Ignored when `base_url` is set. */
  mode?: Mode;
  /** A self-hosted server, e.g. `http://127.0.0.1:8080/v1`. Wins over `mode`. */
  base_url?: string;
  /** Per attempt, default 60000. */
  timeout_ms?: number;
  /** Retries of idempotent requests after network errors, 429 and 503; default 2. */
  max_retries?: number;
  /** A `fetch` to use instead of the global one (a proxy agent, instrumentation, tests). */
  fetch?: typeof fetch;
}

export interface ResolvedConfig {
  clientKey: string;
  secretKey: string;
  baseUrl: string;
  timeoutMs: number;
  retryPolicy: RetryPolicyOptions;
  fetch: typeof fetch | undefined;
}

export const DEFAULT_TIMEOUT_MS = 60_000;

/** Validates the constructor options so that mistakes fail here, not on the first call. */
export function resolveConfig(options: BootpayCommerceOptions): ResolvedConfig {
  if (!options || typeof options !== 'object') {
    throw new TypeError('BootpayCommerce needs options: { client_key, secret_key, mode?, base_url? }');
  }
  requireNonEmptyString(options.client_key, 'client_key');
  requireNonEmptyString(options.secret_key, 'secret_key');
  const mode = options.mode ?? 'production';
  if (!Object.hasOwn(API_BASE_URLS, mode)) {
    throw new TypeError(`mode must be one of ${Object.keys(API_BASE_URLS).join(', ')}; received ${JSON.stringify(mode)}`);
  }
  if (options.base_url !== undefined) requireHttpUrl(options.base_url);
  const timeoutMs = options.timeout_ms ?? DEFAULT_TIMEOUT_MS;
  if (!Number.isFinite(timeoutMs) || timeoutMs <= 0) {
    throw new TypeError(`timeout_ms must be a positive number of milliseconds; received ${String(timeoutMs)}`);
  }
  const maxRetries = options.max_retries ?? DEFAULT_RETRY_POLICY.maxRetries;
  if (!Number.isInteger(maxRetries) || maxRetries < 0) {
    throw new TypeError(`max_retries must be an integer >= 0; received ${String(maxRetries)}`);
  }
  return {
    clientKey: options.client_key,
    secretKey: options.secret_key,
    baseUrl: options.base_url ?? API_BASE_URLS[mode],
    timeoutMs,
    retryPolicy: { ...DEFAULT_RETRY_POLICY, maxRetries },
    fetch: options.fetch,
  };
}

function requireNonEmptyString(value: unknown, name: string): void {
  if (typeof value !== 'string' || value === '') {
    throw new TypeError(`${name} must be a non-empty string`);
  }
}

function requireHttpUrl(value: unknown): void {
  const valid = typeof value === 'string' && URL.canParse(value) && /^https?:$/.test(new URL(value).protocol);
  if (!valid) {
    throw new TypeError(`base_url must be an http(s) URL such as http://127.0.0.1:8080/v1; received ${JSON.stringify(value)}`);
  }
}
