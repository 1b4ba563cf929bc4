import { ERRORS, type ErrorName } from './constants.js';

/**
 * The documented examples, in Korean as Bootpay's documentation shows them (the seed's order and
 * error); a test checks every one against its schema.
 */
export const LIST_ITEM_EXAMPLE = {
  order_id: '68707c59b0eacea5cd974efd',
  order_name: '프리미엄 구독 1회차',
  price: 29000,
  status: 2,
  receipt_status: 1,
  order_number: '25071182085082524116',
  purchased_at: '2025-07-11T02:52:09Z',
  created_at: '2025-07-11T02:52:09Z',
  username: '홍길동',
  user_email: 'user@example.com',
  tax_free_price: 0,
  order_type: 'subscription',
  user_id: 'user_000123',
  user_group_id: 'group_0007',
  order_subscription_id: 'sub_000042',
  subscription_billing_type: 1,
  receipt_id: '68707c59b0eacea5cd974f01',
  cancelled_at: null,
  updated_at: '2025-07-11T02:52:09Z',
  cancelled_price: 0,
  remaining_price: 29000,
} as const;

export const CANCELLATION_EXAMPLE = {
  order_cancellation_request_id: '6871d0a1b2c3d4e5f6071829',
  order_cancel_request_history_id: '6871d0a1b2c3d4e5f6071829',
  order_id: '68707c59b0eacea5cd974efd',
  order_number: '25071182085082524116',
  status: 2,
  cancel_reason: '단순 변심',
  cancel_type: 1,
  requested_at: '2025-07-12T03:10:09Z',
  processed_at: '2025-07-12T05:00:00Z',
  refund_price: 10000,
  requested_price: 10000,
  cancel_products: [{ order_product_id: '68707c59b0eacea5cd974efd-1', product_id: 'premium-monthly', qty: 1, cancel_price: 10000 }],
  requested_role: 'user',
  requested_by: '6870a1b2c3d4e5f607182930',
  processed_by: '6870a1b2c3d4e5f607182930',
  processed_message: '부분 환불해 드렸습니다',
} as const;

export const DETAIL_EXAMPLE = {
  ...LIST_ITEM_EXAMPLE,
  user_phone: '010-1234-5678',
  user: {
    user_id: 'user_000123', username: '홍길동', email: 'user@example.com', phone: '010-1234-5678', user_group_id: 'group_0007', name: '홍길동',
  },
  payment: { method: 'card', card_name: '신한카드', card_no: '5412-****-****-1234' },
  products: [{ order_product_id: '68707c59b0eacea5cd974efd-1', product_id: 'premium-monthly', name: '프리미엄 구독 (월간)', quantity: 1, price: 29000 }],
  subscription: {
    order_subscription_id: 'sub_000042',
    user_id: 'user_000123',
    user_group_id: 'group_0007',
    billing_type: 1,
    name: '프리미엄 구독',
    created_at: '2025-06-11T02:50:00Z',
  },
  history: [
    {
      seq: 1, at: '2025-07-11T02:52:09Z', action: 'create', action_label: '주문 생성', from_status: null, to_status: 0,
      from_receipt_status: null, to_receipt_status: 0, actor: '6870a1b2c3d4e5f607182930', reason: null, cancellation_request_id: null,
      actor_type: 'key', actor_id: '6870a1b2c3d4e5f607182930', actor_name: null, channel: 'api',
    },
    {
      seq: 2, at: '2025-07-11T02:52:09Z', action: 'payment.complete', action_label: '결제 완료', from_status: 0, to_status: 2,
      from_receipt_status: 0, to_receipt_status: 1, actor: 'operator:6870a1c0d4e5f60718293041', reason: null, cancellation_request_id: null,
      actor_type: 'operator', actor_id: '6870a1c0d4e5f60718293041', actor_name: '김운영', channel: 'console',
    },
  ],
  cancellation_requests: [],
  result_data: { receipt_id: '68707c59b0eacea5cd974f01', method_name: 'card', card_name: '신한카드', card_no: '5412-****-****-1234' },
  order_subscriptions: {
    order_subscription_id: 'sub_000042',
    user_id: 'user_000123',
    user_group_id: 'group_0007',
    subscription_billing_type: 1,
    order_name: '프리미엄 구독',
    created_at: '2025-06-11T02:50:00Z',
  },
} as const;

export const CREATE_ORDER_EXAMPLE = {
  order_name: '프리미엄 구독 1회차',
  price: 29000,
  order_type: 'subscription',
  user: { user_id: 'user_000123', name: '홍길동', email: 'user@example.com', user_group_id: 'group_0007' },
  products: [{ product_id: 'premium-monthly', name: '프리미엄 구독 (월간)', quantity: 1, price: 29000 }],
  order_subscription_id: 'sub_000042',
  subscription_billing_type: 1,
} as const;

const envelope = (name: ErrorName, message?: string, data: unknown = null) => ({
  status: ERRORS[name].status,
  code: ERRORS[name].code,
  message: message ?? ERRORS[name].message,
  data,
});

/** Examples of the error envelope by HTTP status; 401 is the seed's. */
export const ERROR_EXAMPLES: Record<number, unknown[]> = {
  400: [
    envelope('INVALID_PARAMETER', "css_at 값이 올바르지 않습니다: '2025-02-30' (기대 형식: 실제로 있는 날짜 YYYY-MM-DD)", {
      parameter: 'css_at', value: '2025-02-30', expected: '실제로 있는 날짜 YYYY-MM-DD',
    }),
    envelope('INVALID_BODY', 'price 값이 올바르지 않습니다: "33000" (기대 형식: 정수)', { parameter: 'price', value: '"33000"', expected: '정수' }),
  ],
  401: [envelope('AUTH_FAILED')],
  403: [envelope('KEY_SCOPE_FORBIDDEN'), envelope('BOOTPAY_ROLE_FORBIDDEN')],
  404: [envelope('ORDER_NOT_FOUND'), envelope('CANCELLATION_REQUEST_NOT_FOUND', undefined, { order_cancellation_request_id: '6871d0a1b2c3d4e5f6071829' })],
  409: [
    envelope('PROCESS_DUPLICATED', undefined, { order_id: '68707c59b0eacea5cd974efd', action: 'payment.complete', current_status: 2 }),
    envelope(
      'INVALID_STATE_CHANGE',
      '현재 주문 상태(4 취소 완료)에서는 취소 요청(cancel.request → 3 취소 요청)을(를) 할 수 없습니다. 가능한 상태: 2 결제 완료',
      { order_id: '68707c59b0eacea5cd974efd', action: 'cancel.request', current_status: 4, requested_status: 3, allowed_from: [2] },
    ),
    envelope('CANCELLATION_REQUEST_CLOSED', undefined, { order_cancellation_request_id: '6871d0a1b2c3d4e5f6071829', step: 'approve', current_status: 4 }),
    envelope('REFUND_EXCEEDS_REMAINING', undefined, { parameter: 'refund_price', value: 30000, remaining_price: 19000 }),
  ],
  413: [envelope('PAYLOAD_TOO_LARGE')],
  429: [envelope('RATE_LIMITED', undefined, { retry_after: 3 })],
  500: [envelope('INTERNAL', `${ERRORS.INTERNAL.message} (request id: 2f1c9a4e-1b7d-4c6a-9d0e-5b8f3a2c7e10)`, { request_id: '2f1c9a4e-1b7d-4c6a-9d0e-5b8f3a2c7e10' })],
  503: [envelope('STORAGE_UNAVAILABLE', undefined, { request_id: '2f1c9a4e-1b7d-4c6a-9d0e-5b8f3a2c7e10' })],
};
