import { BootpayCommerceConnectionError, BootpayCommerceTimeoutError } from '../errors.js';

export interface HttpRequest {
  method: string;
  url: string;
  headers: Record<string, string>;
  body?: string;
  timeoutMs: number;
}

export interface HttpResponse {
  status: number;
  /** Header names in lower case. */
  headers: Record<string, string>;
  body: string;
}

/**
 * The only thing the client needs from an HTTP library. Implementations throw
 * `BootpayCommerceConnectionError` / `BootpayCommerceTimeoutError` when no response arrives.
 */
export interface HttpClient {
  request(request: HttpRequest): Promise<HttpResponse>;
}

/** `HttpClient` over the global `fetch` (Node 18+, browsers, Deno, Bun). */
export class FetchHttpClient implements HttpClient {
  constructor(private readonly fetchFn: typeof fetch = globalThis.fetch) {
    if (typeof this.fetchFn !== 'function') {
      throw new TypeError('jumun-client needs a global fetch (Node 18 or later) or a `fetch` option');
    }
  }

  async request(request: HttpRequest): Promise<HttpResponse> {
    const controller = new AbortController();
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      controller.abort();
    }, request.timeoutMs);
    try {
      const response = await this.fetchFn(request.url, {
        method: request.method,
        headers: request.headers,
        body: request.body,
        signal: controller.signal,
      });
      // The body is read inside the timer too: a server that sends headers and then stalls is still a timeout.
      const body = await response.text();
      return { status: response.status, headers: headersToRecord(response.headers), body };
    } catch (error) {
      if (timedOut) {
        throw new BootpayCommerceTimeoutError({
          message: `No response from ${request.method} ${request.url} within ${request.timeoutMs} ms`,
          cause: error,
        });
      }
      throw new BootpayCommerceConnectionError({
        message: `Could not reach ${request.method} ${request.url}: ${describeNetworkError(error)}`,
        cause: error,
      });
    } finally {
      clearTimeout(timer);
    }
  }
}

function headersToRecord(headers: Headers): Record<string, string> {
  const record: Record<string, string> = {};
  headers.forEach((value, name) => {
    record[name.toLowerCase()] = value;
  });
  return record;
}

/** fetch hides the useful part (ECONNREFUSED, ENOTFOUND, …) in `cause`. */
function describeNetworkError(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const cause = error.cause as { code?: unknown; message?: unknown } | undefined;
  if (cause && typeof cause.code === 'string') return cause.code;
  if (cause && typeof cause.message === 'string') return cause.message;
  return error.message;
}
