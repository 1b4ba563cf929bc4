import { Type, type Static } from '@sinclair/typebox';
import { bootpayDetailProperties } from './bootpay-detail-schemas.js';
import { ACTOR_TYPES, CHANGE_CHANNELS, type ActorType, type ChangeChannel } from './constants.js';
import { CancellationRequestSchema } from './cancellation-schemas.js';
import { LIST_ITEM_EXAMPLE } from './examples.js';
import {
  BillingTypeSchema,
  NullableObject,
  NullableString,
  NullableTimestamp,
  OrNull,
  OrderStatusSchema,
  OrderTypeSchema,
  ReceiptStatusSchema,
  Timestamp,
} from './schema-helpers.js';

/** The seed's ten fields first, in the seed's order (Bootpay's wire shape), then jumun's. */
const listItemProperties = {
  order_id: Type.String({ description: '주문 ID: 24자리 16진수, 앞 8자리는 생성 시각 (Unix 초)' }),
  order_name: Type.String({ description: '주문명' }),
  price: Type.Integer({ description: '결제 금액 (원)' }),
  status: OrderStatusSchema(),
  receipt_status: ReceiptStatusSchema(),
  order_number: Type.String({ description: '주문번호: 생성일 YYMMDD와 14자리 숫자' }),
  purchased_at: NullableTimestamp({ description: '결제 시각 (UTC), 결제 전에는 null' }),
  created_at: Timestamp({ description: '생성 시각 (UTC)' }),
  username: NullableString({ description: '주문자 이름' }),
  user_email: NullableString({ description: '주문자 이메일' }),
  tax_free_price: Type.Integer({ description: '면세 금액 (원)' }),
  order_type: OrderTypeSchema(),
  user_id: NullableString({ description: '주문자 ID' }),
  user_group_id: NullableString({ description: '주문자 그룹 ID' }),
  order_subscription_id: NullableString({ description: '이 주문이 청구하는 구독 계약 번호' }),
  subscription_billing_type: BillingTypeSchema(),
  receipt_id: NullableString({ description: 'PG 영수증 ID, 결제 후에 있음' }),
  cancelled_at: NullableTimestamp({ description: '취소 완료 시각 (UTC)' }),
  updated_at: Timestamp({ description: '마지막 변경 시각 (UTC)' }),
  cancelled_price: Type.Integer({ description: 'jumun 확장: 승인된 취소로 환불된 금액 (원); 취소 완료(status 4)면 price 전부' }),
  remaining_price: Type.Integer({ description: 'jumun 확장: 남은 결제 금액 price − cancelled_price (원)' }),
};

export const OrderListItemSchema = Type.Object(listItemProperties, {
  title: 'OrderListItem',
  description: '목록의 주문 하나. 앞의 10개 필드는 Bootpay 문서의 필드이고, 나머지는 jumun이 더 보냅니다.',
  examples: [LIST_ITEM_EXAMPLE],
});
export type OrderListItem = Static<typeof OrderListItemSchema>;

export const OrderListSchema = Type.Object(
  {
    count: Type.Integer({ description: '조건에 맞는 주문 전체 수 (이 페이지만이 아님)' }),
    list: Type.Array(OrderListItemSchema, { description: '이 페이지의 주문, 최신순' }),
    next_cursor: Type.Optional(
      NullableString({ description: 'jumun 확장: 다음 페이지의 cursor, 마지막 페이지면 null 또는 없음' }),
    ),
  },
  {
    title: 'OrderList',
    description: '주문 한 페이지',
    examples: [{ count: 15, list: [LIST_ITEM_EXAMPLE] }],
  },
);
export type OrderList = Static<typeof OrderListSchema>;

const OrderBuyerSchema = Type.Object(
  {
    user_id: NullableString(),
    username: NullableString(),
    email: NullableString(),
    phone: NullableString(),
    user_group_id: NullableString(),
    name: NullableString({ description: '주문자 이름 (username과 같음, Bootpay 문서의 이름)' }),
  },
  { title: 'OrderBuyer', description: '주문자' },
);

const OrderPaymentSchema = Type.Object(
  {
    method: NullableString({ description: '결제 수단' }),
    card_name: NullableString({ description: '카드사' }),
    card_no: NullableString({ description: '마스킹된 카드 번호' }),
  },
  { title: 'OrderPayment', description: '결제 결과, 결제 전에는 null' },
);

export const OrderProductSchema = Type.Object(
  {
    order_product_id: Type.String({ description: 'jumun 확장: 상품 라인 ID (주문 ID-라인 번호), 부분 취소의 cancel_products에 씁니다' }),
    product_id: Type.String(),
    name: Type.String(),
    quantity: Type.Integer(),
    price: Type.Integer({ description: '단가 (원)' }),
  },
  { title: 'OrderProductLine', description: '주문 상품 (라인 ID 포함)' },
);

const OrderSubscriptionSchema = Type.Object(
  {
    order_subscription_id: Type.String(),
    user_id: NullableString(),
    user_group_id: NullableString(),
    billing_type: BillingTypeSchema(),
    name: Type.String(),
    created_at: Timestamp(),
  },
  { title: 'OrderSubscription', description: '구독 계약, 구독 주문이 아니면 null' },
);

const OrderStatusChangeSchema = Type.Object(
  {
    seq: Type.Integer({ description: '1부터 시작하는 순번' }),
    at: Timestamp(),
    action: Type.String({ description: "'create' 또는 상태 변경 (예: 'payment.complete')" }),
    action_label: Type.String({ description: "action의 한국어 이름 (예: '결제 완료', '주문 생성', '가져오기')" }),
    from_status: OrNull(OrderStatusSchema({ description: "변경 전 주문 상태, 'create'는 null" })),
    to_status: OrderStatusSchema(),
    from_receipt_status: OrNull(ReceiptStatusSchema({ description: "변경 전 결제 상태, 'create'는 null" })),
    to_receipt_status: ReceiptStatusSchema(),
    actor: NullableString({ description: '변경한 키의 client_key, 운영자는 operator:<운영자 ID> (actor_type, actor_id가 더 자세함)' }),
    reason: NullableString({ description: '사유 또는 거절 메시지' }),
    actor_type: OrNull(Type.Unsafe<ActorType>({ type: 'string', enum: [...ACTOR_TYPES], description: 'key: API 키, operator: 운영자, system: 가져오기 등. 운영자 기능 (마이그레이션 0013) 전의 기록은 null' })),
    actor_id: NullableString({ description: 'API 키의 client_key 또는 운영자 ID' }),
    actor_name: NullableString({ description: '운영자 이름 (API 키는 null)' }),
    channel: OrNull(Type.Unsafe<ChangeChannel>({ type: 'string', enum: [...CHANGE_CHANNELS], description: 'api, console (콘솔), import (가져오기)' })),
    cancellation_request_id: NullableString({ description: '취소 단계면 그 취소 요청의 ID' }),
  },
  { title: 'OrderStatusChange', description: '기록된 상태 변경 하나' },
);

export const OrderDetailSchema = Type.Object(
  {
    ...listItemProperties,
    user_phone: NullableString({ description: '주문자 전화번호' }),
    user: OrderBuyerSchema,
    payment: NullableObject(OrderPaymentSchema),
    products: Type.Array(OrderProductSchema),
    subscription: NullableObject(OrderSubscriptionSchema),
    history: Type.Array(OrderStatusChangeSchema, { description: '상태 변경 이력, 오래된 순' }),
    ...bootpayDetailProperties,
    cancellation_requests: Type.Array(CancellationRequestSchema, { description: 'jumun 확장: 이 주문의 취소 요청, 오래된 순' }),
  },
  { title: 'OrderDetail', description: '주문 하나의 전체: 주문자, 결제 결과, 상품, 구독, 상태 이력' },
);
export type OrderDetail = Static<typeof OrderDetailSchema>;
