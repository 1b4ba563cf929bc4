import { randomUUID } from 'node:crypto';
import { requestJson, type JsonResponse } from './test-server.js';

/** A valid create body; `overrides` replace whole fields. */
export function newOrderBody(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    order_name: '프리미엄 원두 외 1건',
    price: 33_000,
    tax_free_price: 3_000,
    order_type: 'direct',
    user: { user_id: 'buyer_1', name: '김하나', email: 'buyer1@example.com', phone: '010-1234-5678', user_group_id: 'group_1' },
    products: [
      { product_id: 'bean_1', name: '프리미엄 원두', quantity: 2, price: 15_000 },
      { product_id: 'cup_1', name: '종이컵', quantity: 1, price: 3_000 },
    ],
    ...overrides,
  };
}

/** Paths of the status actions, as the issue names them. */
export const ACTION_PATHS = {
  'payment.start': 'payment/start',
  'payment.complete': 'payment/complete',
  'payment.fail': 'payment/fail',
  'cancel.request': 'cancel/request',
  'cancel.approve': 'cancel/approve',
  'cancel.reject': 'cancel/reject',
  cancel: 'cancel',
} as const;
export type Action = keyof typeof ACTION_PATHS;

/** A body each action accepts. */
export const ACTION_BODIES: Record<Action, Record<string, unknown> | undefined> = {
  'payment.start': undefined,
  'payment.complete': { receipt_id: 'receipt_1', method: '카드', card_name: '국민카드', card_no: '1234-****-****-5678' },
  'payment.fail': { reason: '카드 한도 초과' },
  'cancel.request': { reason: '단순 변심' },
  'cancel.approve': undefined,
  'cancel.reject': { message: '이미 배송된 상품입니다' },
  cancel: { reason: '재고 부족' },
};

export class OrdersApi {
  constructor(readonly baseUrl: string, readonly authorization: string) {}

  create(body: unknown = newOrderBody(), idempotencyKey?: string): Promise<JsonResponse> {
    return requestJson(this.baseUrl, '/v1/orders', {
      method: 'POST',
      authorization: this.authorization,
      body,
      headers: idempotencyKey ? { 'idempotency-key': idempotencyKey } : {},
    });
  }

  act(orderId: string, action: Action, body: unknown = ACTION_BODIES[action], idempotencyKey?: string): Promise<JsonResponse> {
    return requestJson(this.baseUrl, `/v1/orders/${orderId}/${ACTION_PATHS[action]}`, {
      method: 'POST',
      authorization: this.authorization,
      body,
      headers: idempotencyKey ? { 'idempotency-key': idempotencyKey } : {},
    });
  }

  detail(orderId: string): Promise<JsonResponse> {
    return requestJson(this.baseUrl, `/v1/orders/${orderId}`, { authorization: this.authorization });
  }

  async count(query = ''): Promise<number> {
    const response = await requestJson(this.baseUrl, `/v1/orders?limit=1${query}`, { authorization: this.authorization });
    if (response.status !== 200) throw new Error(`list failed: ${JSON.stringify(response.body)}`);
    return response.body.count as number;
  }

  /** Creates an order and moves it along `path`, checking each step succeeds; returns its id. */
  async orderAfter(path: readonly Action[]): Promise<string> {
    const created = await this.create(newOrderBody(), randomUUID());
    if (created.status !== 201) throw new Error(`create failed: ${JSON.stringify(created.body)}`);
    const orderId = created.body.order_id as string;
    for (const action of path) {
      const response = await this.act(orderId, action);
      if (response.status !== 200) throw new Error(`${action} failed: ${JSON.stringify(response.body)}`);
    }
    return orderId;
  }
}
