import { BootpayCommerceConnectionError } from '../errors.js';
import type { BootpayCommerceError } from '../errors.js';
import { VERSION } from '../version.js';
import type { HttpClient, HttpResponse } from './http-client.js';
import { buildJsonBody, buildUrl } from './request-builder.js';
import type { QueryParams } from './request-builder.js';
import { parseFailure, parseSuccess } from './response-parser.js';
import { retryDelay } from './retry-policy.js';
import type { RetryPolicyOptions } from './retry-policy.js';

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

export interface ApiRequest {
  method: HttpMethod;
  /** Relative to the base URL, e.g. `orders` or `orders/68707c59b0eacea5cd974efd`. */
  path: string;
  query?: QueryParams;
  body?: unknown;
  /** Sent as `Idempotency-Key`; makes a write safe to retry. */
  idempotencyKey?: string;
  /** Marks a write as safe to repeat without a key (e.g. issuing a token). GETs always are. */
  idempotent?: boolean;
}

export interface RequestSenderConfig {
  baseUrl: string;
  clientKey: string;
  secretKey: string;
  timeoutMs: number;
  retryPolicy: RetryPolicyOptions;
  httpClient: HttpClient;
}

/** Adds authentication and headers, sends, retries what is safe to retry, and turns failures into errors. */
export class RequestSender {
  private readonly authorization: string;

  constructor(private readonly config: RequestSenderConfig) {
    this.authorization = basicAuthorization(config.clientKey, config.secretKey);
  }

  async send<T>(request: ApiRequest): Promise<T> {
    const idempotent = request.method === 'GET' || request.idempotent === true || request.idempotencyKey !== undefined;
    const httpRequest = {
      method: request.method,
      url: buildUrl(this.config.baseUrl, request.path, request.query),
      headers: this.headersFor(request),
      body: buildJsonBody(request.body),
      timeoutMs: this.config.timeoutMs,
    };
    for (let retriesSoFar = 0; ; retriesSoFar++) {
      let response: HttpResponse | undefined;
      let failure: BootpayCommerceError;
      try {
        response = await this.config.httpClient.request(httpRequest);
        if (response.status >= 200 && response.status < 300) return parseSuccess<T>(response);
        failure = parseFailure(response);
      } catch (error) {
        if (!(error instanceof BootpayCommerceConnectionError)) throw error;
        failure = error;
      }
      const delay = retryDelay(
        { retriesSoFar, idempotent, status: response?.status ?? null, retryAfterHeader: response?.headers['retry-after'] },
        this.config.retryPolicy,
      );
      if (delay === null) throw failure;
      await sleep(delay);
    }
  }

  private headersFor(request: ApiRequest): Record<string, string> {
    const headers: Record<string, string> = {
      Authorization: this.authorization,
      // Bootpay's SDK sends this on every request, GET included; servers must accept it.
      'Content-Type': 'application/json',
      Accept: 'application/json',
      'Accept-Charset': 'utf-8',
      'User-Agent': `jumun-client/${VERSION}`,
    };
    if (request.idempotencyKey !== undefined) headers['Idempotency-Key'] = request.idempotencyKey;
    return headers;
  }
}

function basicAuthorization(clientKey: string, secretKey: string): string {
  const bytes = new TextEncoder().encode(`${clientKey}:${secretKey}`);
  let binary = '';
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return `Basic ${btoa(binary)}`;
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
