import { createRequire } from 'node:module';

/** The official SDK, unmodified: CommonJS, loaded as its users load it. */
const require = createRequire(import.meta.url);
const { BootpayCommerce } = require('@bootpay/backend-js') as { BootpayCommerce: new (config: object) => any };

/** A `BootpayCommerce` pointed at jumun the way its README says: only the entry points change. */
export function bootpayCommerce(baseUrl: string, keys: { client_key: string; secret_key: string }): any {
  const commerce = new BootpayCommerce({ client_key: keys.client_key, secret_key: keys.secret_key, mode: 'production' });
  const entry = `${baseUrl}/v1`;
  commerce.API_ENTRYPOINTS = { production: entry, development: entry, stage: entry };
  return commerce;
}

/** What a failed SDK call rejects with: the server's body (our envelope) when it answered. */
export async function sdkFailure(call: Promise<unknown>): Promise<any> {
  try {
    await call;
  } catch (error) {
    return error;
  }
  throw new Error('the SDK call succeeded, but it was expected to fail');
}
