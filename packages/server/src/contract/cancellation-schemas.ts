import { Type, type Static } from '@sinclair/typebox';
import { BOOTPAY_ROLES, CANCELLATION_STATUS_LABELS, CANCELLATION_STATUS_VALUES, type BootpayRole, type CancellationStatus } from './constants.js';
import { CANCELLATION_EXAMPLE } from './examples.js';
import { NullableInteger, NullableString, NullableTimestamp, Timestamp } from './schema-helpers.js';

const statusText = Object.entries(CANCELLATION_STATUS_LABELS).map(([value, label]) => `${value}: ${label.ko}`).join(', ');

export const CancellationStatusSchema = () =>
  Type.Unsafe<CancellationStatus>({
    type: 'integer', enum: [...CANCELLATION_STATUS_VALUES], title: 'CancellationStatus', description: `취소 요청 상태 (${statusText})`,
  });

export const CancelProductSchema = Type.Object(
  {
    order_product_id: Type.String({ description: '주문 상품 라인 ID (주문 상세 products[].order_product_id)' }),
    product_id: Type.String(),
    qty: Type.Integer({ description: '취소 수량' }),
    cancel_price: Type.Integer({ description: '이 라인에서 환불할 금액 (원)' }),
  },
  { title: 'CancelProductLine', description: '취소 요청이 취소하는 상품 라인 하나' },
);

/** One cancellation request, as the SDK's `CommerceOrderCancelRequestHistory` shows it, with jumun's fields after. */
export const CancellationRequestSchema = Type.Object(
  {
    order_cancellation_request_id: Type.String({ description: '취소 요청 ID (approve, reject, withdraw에 넘기는 값)' }),
    order_cancel_request_history_id: Type.String({ description: '같은 ID의 옛 이름 (하위 호환)' }),
    order_id: Type.String(),
    order_number: Type.String(),
    status: CancellationStatusSchema(),
    cancel_reason: NullableString({ description: '취소 사유' }),
    cancel_type: NullableInteger({ description: '요청이 보낸 cancel_type (그대로 보관)' }),
    requested_at: Timestamp(),
    processed_at: NullableTimestamp({ description: '승인, 반려, 철회된 시각' }),
    refund_price: NullableInteger({ description: '환불 금액: 처리 전에는 요청 금액, 승인 후에는 환불한 금액, 반려·철회되면 null' }),
    requested_price: Type.Integer({ description: 'jumun 확장: 요청한 환불 금액' }),
    cancel_products: Type.Array(CancelProductSchema, { description: 'jumun 확장: 취소하는 상품 라인 (금액만 정한 요청은 빈 배열)' }),
    requested_role: Type.Unsafe<BootpayRole>({ type: 'string', enum: [...BOOTPAY_ROLES], description: 'jumun 확장: 요청한 BOOTPAY-ROLE' }),
    requested_by: NullableString({ description: 'jumun 확장: 요청한 키의 client_key' }),
    processed_by: NullableString({ description: 'jumun 확장: 처리한 키의 client_key' }),
    processed_message: NullableString({ description: 'jumun 확장: 승인·반려 메시지' }),
  },
  { title: 'OrderCancellationRequest', description: '취소 요청 하나', examples: [CANCELLATION_EXAMPLE] },
);
export type CancellationRequestView = Static<typeof CancellationRequestSchema>;

export const CancellationListSchema = Type.Object(
  {
    count: Type.Integer({ description: '조건에 맞는 취소 요청 전체 수' }),
    list: Type.Array(CancellationRequestSchema, { description: '이 페이지의 취소 요청, 최신순' }),
  },
  { title: 'OrderCancellationList', description: '취소 요청 한 페이지' },
);
export type CancellationList = Static<typeof CancellationListSchema>;

const CancelProductParamSchema = Type.Object(
  {
    order_product_id: Type.Optional(Type.String({ minLength: 1, description: '주문 상품 라인 ID' })),
    product_id: Type.Optional(Type.String({ minLength: 1, description: '상품 ID (주문에 한 번만 있을 때)' })),
    qty: Type.Integer({ minimum: 1, description: '취소 수량' }),
    cancel_price: Type.Optional(Type.Integer({ minimum: 0, description: '환불할 금액, 기본은 수량 × 단가' })),
  },
  { title: 'CancelProduct', additionalProperties: false },
);

export const CancellationRequestBodySchema = Type.Object(
  {
    order_number: Type.Optional(Type.String({ minLength: 1, description: '주문번호 (또는 order_id)' })),
    order_id: Type.Optional(Type.String({ minLength: 1, description: 'jumun 확장: 주문 ID (order_number 대신)' })),
    request_cancel_parameters: Type.Object(
      {
        cancel_products: Type.Optional(Type.Array(CancelProductParamSchema, { description: '취소할 상품 라인; 생략하면 금액으로만' })),
        cancel_order_subscription_bills: Type.Optional(Type.Array(Type.Unknown(), { maxItems: 0, description: '지원하지 않음: 빈 배열 또는 생략' })),
        cancel_reason: Type.String({ minLength: 1, description: '취소 사유 (필수)' }),
        cancel_type: Type.Optional(Type.Integer({ minimum: 0, maximum: 99, description: '그대로 보관하는 취소 유형' })),
        refund_price: Type.Optional(Type.Integer({ minimum: 0, description: '환불 금액; 생략하면 상품 라인의 합, 라인도 없으면 남은 금액 전부' })),
      },
      { title: 'RequestCancelParameter', additionalProperties: false },
    ),
    is_supervisor: Type.Optional(Type.Boolean({ description: 'true: 판매자가 바로 취소 (BOOTPAY-ROLE: supervisor 필요)' })),
  },
  { title: 'OrderCancelParams', additionalProperties: false },
);

export const CancellationProcessBodySchema = Type.Unsafe<Record<string, unknown> | null>({
  type: ['object', 'null'],
  title: 'OrderCancelActionParams',
  additionalProperties: false,
  properties: {
    message: { type: 'string', minLength: 1, description: '승인·반려 메시지 (이력에 남습니다)' },
    cancel_reason: { type: 'string', minLength: 1, description: 'message가 없을 때 대신 남기는 사유' },
    refund_price: { type: 'integer', minimum: 0, description: '승인만: 환불할 금액, 기본은 요청 금액; 남은 금액보다 적으면 부분 취소' },
  },
});

export const CancellationIdParams = Type.Object({
  order_cancellation_request_id: Type.String({ description: '취소 요청 ID (옛 이름 order_cancel_request_history_id의 값도 같음)' }),
});
