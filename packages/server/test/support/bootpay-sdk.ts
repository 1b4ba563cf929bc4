import { BootpayCommerce } from '@bootpay/backend-js';
import type { TestServer } from './test-server.js';

/** A key pair as `createKeys` returns it (only the two halves the SDK needs). */
export interface SdkKeys {
  client_key: string;
  secret_key: string;
}

/**
 * Bootpay's official SDK, unmodified, pointed at a started test server. The SDK has no base-URL
 * option; its callers set `API_ENTRYPOINTS`, as jumun's README tells them to. Every mode points
 * at the server, so no call can reach Bootpay's hosts whatever mode a test picks.
 */
export function bootpaySdkFor(server: Pick<TestServer, 'baseUrl'>, keys: SdkKeys): BootpayCommerce {
  const commerce = new BootpayCommerce({ client_key: keys.client_key, secret_key: keys.secret_key, mode: 'production' });
  const entrypoint = `${server.baseUrl}/v1`;
  commerce.API_ENTRYPOINTS = { development: entrypoint, stage: entrypoint, production: entrypoint };
  return commerce;
}

/**
 * The SDK rejects a non-2xx answer with the response body itself (our error envelope); this
 * returns that body so a test can assert on `status`, `code` and `data`.
 */
export async function sdkRejection(call: Promise<unknown>): Promise<{ status: number; code: number; message: string; data: any }> {
  try {
    await call;
  } catch (body) {
    return body as { status: number; code: number; message: string; data: any };
  }
  throw new Error('the SDK call succeeded, a rejection was expected');
}

/** The same SDK, untyped: for the calls its type declarations leave loose (the cancellation module's). */
export function bootpayCommerce(baseUrl: string, keys: SdkKeys): any {
  return bootpaySdkFor({ baseUrl }, keys);
}

/** What a failed SDK call rejects with: the server's body (our envelope) when it answered. */
export async function sdkFailure(call: Promise<unknown>): Promise<any> {
  return sdkRejection(call);
}
