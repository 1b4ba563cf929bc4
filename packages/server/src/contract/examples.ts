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
} as const;

export const DETAIL_EXAMPLE = {
  ...LIST_ITEM_EXAMPLE,
  user_phone: '010-1234-5678',
  user: { user_id: 'user_000123', username: '홍길동', email: 'user@example.com', phone: '010-1234-5678', user_group_id: 'group_0007' },
  payment: { method: 'card', card_name: '신한카드', card_no: '5412-****-****-1234' },
  products: [{ product_id: 'premium-monthly', name: '프리미엄 구독 (월간)', quantity: 1, price: 29000 }],
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
      seq: 1, at: '2025-07-11T02:52:09Z', action: 'create', from_status: null, to_status: 0,
      from_receipt_status: null, to_receipt_status: 0, actor: '6870a1b2c3d4e5f607182930', reason: null,
    },
    {
      seq: 2, at: '2025-07-11T02:52:09Z', action: 'payment.complete', from_status: 0, to_status: 2,
      from_receipt_status: 0, to_receipt_status: 1, actor: '6870a1b2c3d4e5f607182930', reason: null,
    },
  ],
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

export const AUTH_ERROR_EXAMPLE = { status: 401, code: 1700, message: 'Access Token이 잘못되었거나 만료되었습니다.', data: null } as const;

export const PARAMETER_ERROR_EXAMPLE = {
  status: 400,
  code: 1100,
  message: "css_at 값이 올바르지 않습니다: '2025-02-30' (기대 형식: 실제로 있는 날짜 YYYY-MM-DD)",
  data: { parameter: 'css_at', value: '2025-02-30', expected: '실제로 있는 날짜 YYYY-MM-DD' },
} as const;
