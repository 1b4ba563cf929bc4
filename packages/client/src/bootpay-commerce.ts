import { resolveConfig } from './config.js';
import type { BootpayCommerceOptions } from './config.js';
import { OrderResource } from './resources/order-resource.js';
import { WebhookResource } from './resources/webhook-resource.js';
import type { AccessToken } from './resources/order-types.js';
import { SubscriptionResource } from './resources/subscription-resource.js';
import { FetchHttpClient } from './transport/http-client.js';
import { RequestSender } from './transport/request-sender.js';
import type { HttpMethod } from './transport/request-sender.js';
import type { QueryParams } from './transport/request-builder.js';

export interface RawRequestOptions {
  /** Sent as `Idempotency-Key`; only writes that carry one are retried. */
  idempotency_key?: string;
}

/**
 * Client of the Bootpay Commerce order API, for Bootpay itself or a self-hosted jumun server.
 * Every call authenticates with `Authorization: Basic base64(client_key:secret_key)`.
 *
 * @example
 * const commerce = new BootpayCommerce({ client_key, secret_key, base_url: 'http://127.0.0.1:8080/v1' })
 * const { count, list } = await commerce.order.list({ page: 1, limit: 20 })
 */
export class BootpayCommerce {
  /** Orders: list, detail, month, iterate; create and the status actions. */
  readonly order: OrderResource;
  /** Subscription contracts: list, detail. */
  readonly orderSubscription: SubscriptionResource;
  /** Webhooks: the test send (the Bootpay SDK's `webhook.sendTest`) and jumun's endpoint management. */
  readonly webhook: WebhookResource;
  /** The API root every path is resolved against, e.g. `https://api.bootapi.com/v1`. */
  readonly baseUrl: string;
  private readonly sender: RequestSender;
  private readonly credentials: { client_key: string; secret_key: string };

  constructor(options: BootpayCommerceOptions) {
    const config = resolveConfig(options);
    this.baseUrl = config.baseUrl;
    this.credentials = { client_key: config.clientKey, secret_key: config.secretKey };
    this.sender = new RequestSender({ ...config, httpClient: new FetchHttpClient(config.fetch) });
    this.order = new OrderResource(this.sender);
    this.orderSubscription = new SubscriptionResource(this.sender);
    this.webhook = new WebhookResource(this.sender);
  }

  /**
   * Issues an access token: `POST /v1/request/token`. Tokens live 30 minutes. This client keeps
   * authenticating with Basic auth; the token is for handing to code that should not hold the secret key.
   */
  getAccessToken(): Promise<AccessToken> {
    // Issuing another token has no side effect worth guarding, so it is retried like a read.
    return this.sender.send<AccessToken>({ method: 'POST', path: 'request/token', body: this.credentials, idempotent: true });
  }

  /**
   * Calls an endpoint this client has no method for yet, with the same auth, errors and retries.
   * `params` become the query string for GET and the JSON body otherwise.
   */
  rawRequest<T = unknown>(method: HttpMethod, path: string, params?: Record<string, unknown>, options: RawRequestOptions = {}): Promise<T> {
    const isRead = method === 'GET';
    return this.sender.send<T>({
      method,
      path,
      ...(isRead ? { query: params as QueryParams | undefined } : { body: params }),
      ...(options.idempotency_key === undefined ? {} : { idempotencyKey: options.idempotency_key }),
    });
  }
}
