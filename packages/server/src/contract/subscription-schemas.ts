import { Type, type Static } from '@sinclair/typebox';
import { SUBSCRIPTION_STATUS_LABELS, SUBSCRIPTION_STATUS_VALUES, type SubscriptionStatus } from './constants.js';
import { OrderListItemSchema } from './order-schemas.js';
import { BillingTypeSchema, NullableString, NullableTimestamp, Timestamp } from './schema-helpers.js';

/**
 * Subscription contracts as the SDK's `orderSubscription.list` / `.detail` read them: field names
 * from the SDK's CommerceOrderSubscription type (Bootpay's contract page documents the parameters
 * and statuses, not the response), those jumun can fill.
 */
const statusList = Object.entries(SUBSCRIPTION_STATUS_LABELS).map(([value, label]) => `${value}: ${label.ko}`).join(', ');

export const SubscriptionStatusSchema = () =>
  Type.Unsafe<SubscriptionStatus>({
    type: 'integer',
    enum: [...SUBSCRIPTION_STATUS_VALUES],
    title: 'SubscriptionStatus',
    description: `구독 상태 (${statusList}). jumun은 청구 주문으로 정합니다: 결제된 주문이 없으면 0, 있으면 1`,
  });

export const SUBSCRIPTION_EXAMPLE = {
  order_subscription_id: 'sub_000042',
  order_id: '684a1b2c0eacea5cd974e001',
  user_id: 'user_000123',
  user_group_id: 'group_0007',
  subscription_billing_type: 1,
  order_name: '프리미엄 구독',
  status: 1,
  created_at: '2025-06-11T02:50:00Z',
  latest_purchased_at: '2025-07-11T02:52:09Z',
  last_billing_created_at: '2025-07-11T02:52:09Z',
  billing_count: 2,
} as const;

const contractProperties = {
  order_subscription_id: Type.String({ description: '구독 계약 번호' }),
  order_id: NullableString({ description: '계약을 연 (가장 먼저 만든) 청구 주문의 ID, 청구 주문이 없으면 null' }),
  user_id: NullableString({ description: '계약한 고객 ID' }),
  user_group_id: NullableString({ description: '계약한 고객 그룹 ID' }),
  subscription_billing_type: BillingTypeSchema(),
  order_name: Type.String({ description: '계약 이름' }),
  status: SubscriptionStatusSchema(),
  created_at: Timestamp({ description: '계약 등록 시각 (UTC)' }),
  latest_purchased_at: NullableTimestamp({ description: '마지막으로 결제된 청구 주문의 결제 시각' }),
  last_billing_created_at: NullableTimestamp({ description: '마지막 청구 주문의 생성 시각' }),
  billing_count: Type.Integer({ description: 'jumun 확장: 이 계약의 청구 주문 수' }),
};

export const SubscriptionContractSchema = Type.Object(contractProperties, {
  title: 'SubscriptionContract',
  description: '구독 계약 하나',
  examples: [SUBSCRIPTION_EXAMPLE],
});
export type SubscriptionContractView = Static<typeof SubscriptionContractSchema>;

export const SubscriptionListSchema = Type.Object(
  {
    count: Type.Integer({ description: '조건에 맞는 계약 전체 수 (이 페이지만이 아님)' }),
    list: Type.Array(SubscriptionContractSchema, { description: '이 페이지의 계약, 최근 등록순' }),
  },
  { title: 'SubscriptionList', description: '구독 계약 한 페이지', examples: [{ count: 1, list: [SUBSCRIPTION_EXAMPLE] }] },
);
export type SubscriptionList = Static<typeof SubscriptionListSchema>;

export const SubscriptionDetailSchema = Type.Object(
  {
    ...contractProperties,
    orders: Type.Array(OrderListItemSchema, { description: '이 계약의 청구 주문, 최신순 (최대 1,000개; 전체 수는 billing_count)' }),
  },
  { title: 'SubscriptionDetail', description: '구독 계약과 그 청구 주문' },
);
export type SubscriptionDetail = Static<typeof SubscriptionDetailSchema>;
