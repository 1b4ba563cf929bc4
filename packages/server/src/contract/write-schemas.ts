import { Type, type Static, type TSchema } from '@sinclair/typebox';
import { ORDER_LIMITS } from '../domain/new-order.js';
import type { StatusAction } from '../domain/order-transitions.js';
import { ACTION_FIELDS, PAYMENT_TEXT_LENGTH, REASON_LENGTH, RECEIPT_ID_LENGTH } from '../domain/status-action-input.js';
import { BILLING_TYPES, ORDER_TYPES, type OrderType, type SubscriptionBillingType } from './constants.js';
import { CREATE_ORDER_EXAMPLE } from './examples.js';

/**
 * Request bodies of the writes: the shape (types, lengths, enums, unknown fields). Limits come
 * from the domain, which also checks what a schema cannot: products adding up to the price,
 * subscription fields that fit the order type, blank text, e-mail and phone forms.
 */
const text = (max: number, description?: string) =>
  Type.String({ minLength: 1, maxLength: max, ...(description ? { description } : {}) });
const optionalText = (max: number, description?: string) =>
  Type.Optional(Type.Unsafe<string | null>({ type: ['string', 'null'], minLength: 1, maxLength: max, ...(description ? { description } : {}) }));
const amount = (description: string) => Type.Integer({ minimum: 0, maximum: ORDER_LIMITS.maxPrice, description });

const CreateOrderUserSchema = Type.Object(
  {
    user_id: optionalText(ORDER_LIMITS.idLength, '주문자 ID'),
    name: optionalText(ORDER_LIMITS.textLength, '주문자 이름'),
    email: optionalText(ORDER_LIMITS.emailLength, '이메일 주소'),
    phone: optionalText(ORDER_LIMITS.phoneLength, '숫자, +, -, 괄호, 공백으로 된 전화번호'),
    user_group_id: optionalText(ORDER_LIMITS.idLength, '주문자 그룹 ID (그룹별 청구에 필요)'),
  },
  { title: 'CreateOrderUser', description: '새 주문의 주문자; 모든 필드는 생략하거나 null일 수 있습니다', additionalProperties: false },
);

const NewProductSchema = Type.Object(
  {
    product_id: text(ORDER_LIMITS.idLength),
    name: text(ORDER_LIMITS.textLength),
    quantity: Type.Integer({ minimum: 1, maximum: ORDER_LIMITS.maxQuantity }),
    price: amount('단가 (원)'),
  },
  { title: 'OrderProduct', description: '주문 상품', additionalProperties: false },
);

export const CreateOrderBodySchema = Type.Object(
  {
    order_name: text(ORDER_LIMITS.textLength, '주문명'),
    price: amount('결제 금액 (원, 정수)'),
    tax_free_price: Type.Optional(amount('면세 금액 (원), price 이하, 기본 0')),
    order_type: Type.Unsafe<OrderType>({ enum: [...ORDER_TYPES], title: 'OrderType', description: '주문 유형' }),
    user: CreateOrderUserSchema,
    products: Type.Optional(
      Type.Unsafe<Static<typeof NewProductSchema>[] | null>({
        type: ['array', 'null'],
        minItems: 1,
        maxItems: ORDER_LIMITS.maxProducts,
        items: NewProductSchema,
        description: `1~${ORDER_LIMITS.maxProducts}개, 수량 × 단가의 합계가 price와 같아야 합니다`,
      }),
    ),
    order_subscription_id: optionalText(ORDER_LIMITS.idLength, "구독 계약 번호: order_type이 'subscription'이면 필수, 아니면 쓸 수 없음"),
    subscription_billing_type: Type.Optional(
      Type.Unsafe<SubscriptionBillingType>({
        enum: [...BILLING_TYPES], title: 'SubscriptionBillingType',
        description: '구독 주문: 1 (기본) 또는 2 (user.user_group_id 필요); 그 밖의 주문: 0 또는 생략',
      }),
    ),
  },
  {
    title: 'CreateOrderParams',
    description: 'POST /v1/orders의 본문. 모르는 필드는 거절하고, 값을 변환하지 않습니다 ("33000"은 가격이 아닙니다).',
    additionalProperties: false,
    examples: [CREATE_ORDER_EXAMPLE],
  },
);
export type CreateOrderBody = Static<typeof CreateOrderBodySchema>;

const ACTION_PROPERTIES: Record<string, TSchema> = {
  receipt_id: text(RECEIPT_ID_LENGTH, 'PG 영수증 ID'),
  method: optionalText(PAYMENT_TEXT_LENGTH, '결제 수단'),
  card_name: optionalText(PAYMENT_TEXT_LENGTH, '카드사'),
  card_no: optionalText(PAYMENT_TEXT_LENGTH, '마스킹된 카드 번호'),
  purchased_at: Type.Optional(
    Type.Unsafe<string | null>({
      type: ['string', 'null'], maxLength: 40,
      description: '시간대가 붙은 ISO-8601, 기본은 지금; 주문 생성 이후이고 미래가 아니어야 합니다',
    }),
  ),
  reason: text(REASON_LENGTH, '사유 (이력에 남습니다)'),
  message: text(REASON_LENGTH, '주문자에게 보내는 거절 메시지 (이력에 남습니다)'),
  refund_price: Type.Optional(amount('jumun 확장: 환불할 금액 (원), 생략하면 남은 금액 전부 (승인은 요청한 금액); 남은 금액보다 적으면 부분 취소')),
};

const ACTION_BODY_TITLES: Record<StatusAction, string> = {
  'payment.start': 'NoFields',
  'payment.complete': 'CompletePaymentParams',
  'payment.fail': 'ReasonParams',
  'cancel.request': 'ReasonParams',
  'cancel.approve': 'ApproveCancelParams',
  'cancel.reject': 'RejectCancelParams',
  cancel: 'ReasonParams',
};

/** An action's body: only its own fields. No body passes here so a missing field is named by the domain. */
export function actionBodySchema(action: StatusAction) {
  const { required, optional } = ACTION_FIELDS[action];
  const properties = Object.fromEntries([...required, ...optional].map((name) => [name, ACTION_PROPERTIES[name]!]));
  const schema = Type.Object(properties, { additionalProperties: false, title: ACTION_BODY_TITLES[action] });
  // Without a body (or with `null`) the domain names the missing field, as it always has.
  return Type.Unsafe<Record<string, unknown> | null>({ ...schema, type: ['object', 'null'] });
}
