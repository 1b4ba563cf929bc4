import { Type, type Static } from '@sinclair/typebox';
import { BillingTypeSchema, NullableObject, NullableString, Timestamp } from './schema-helpers.js';

/**
 * The names Bootpay's order detail documents (commerce.bootpay.ai/orders/detail) that jumun's own
 * detail calls otherwise: `result_data` for the payment result and `order_subscriptions` for the
 * contract. They sit beside jumun's fields (`payment`, `subscription`), which keep their callers.
 * (`user.name` is the third such name; it lives in the buyer object itself.)
 */
export const ResultDataSchema = Type.Object(
  {
    receipt_id: NullableString({ description: 'PG 영수증 ID' }),
    method_name: NullableString({ description: '결제 수단 (payment.method와 같음)' }),
    card_name: NullableString({ description: '카드사' }),
    card_no: NullableString({ description: '마스킹된 카드 번호' }),
  },
  { title: 'OrderResultData', description: 'Bootpay 이름의 결제 결과 상세, 결제 전에는 null' },
);

export const EmbeddedContractSchema = Type.Object(
  {
    order_subscription_id: Type.String({ description: '구독 계약 번호' }),
    user_id: NullableString({ description: '계약한 고객 ID' }),
    user_group_id: NullableString({ description: '계약한 고객 그룹 ID' }),
    subscription_billing_type: BillingTypeSchema(),
    order_name: Type.String({ description: '계약 이름' }),
    created_at: Timestamp({ description: '계약 등록 시각 (UTC): 이 계약을 처음 청구한 주문이 만들어진 때' }),
  },
  {
    title: 'OrderContract',
    description: 'Bootpay 이름의 구독 계약 (subscription과 같은 계약), 구독 주문이 아니면 null. 상태와 회차 요약은 GET /v1/order_subscriptions/:id',
  },
);

/** Spread into OrderDetailSchema's properties. */
export const bootpayDetailProperties = {
  result_data: NullableObject(ResultDataSchema),
  order_subscriptions: NullableObject(EmbeddedContractSchema),
};
export type BootpayDetailFields = { [K in keyof typeof bootpayDetailProperties]: Static<(typeof bootpayDetailProperties)[K]> };
