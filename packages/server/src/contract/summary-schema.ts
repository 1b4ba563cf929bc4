import { Type, type Static } from '@sinclair/typebox';
import { NullableString, Timestamp } from './schema-helpers.js';

const TotalsSchema = Type.Object(
  {
    count: Type.Integer({ description: '주문 수' }),
    amount: Type.Integer({ description: '금액 합계 (원): 주문 금액 price의 합, 취소된 만큼도 포함' }),
    cancelled_amount: Type.Integer({ description: 'jumun 확장: 그중 취소(환불)된 금액 cancelled_price의 합' }),
    remaining_amount: Type.Integer({ description: 'jumun 확장: 남은 금액 amount − cancelled_amount' }),
  },
  { title: 'Totals' },
);

const SeriesDaySchema = Type.Object(
  {
    date: Type.String({ description: '서비스 시간대의 날짜 YYYY-MM-DD' }),
    count: Type.Integer(),
    amount: Type.Integer(),
    cancelled_amount: Type.Integer({ description: '그중 취소(환불)된 금액' }),
    paid_count: Type.Integer({ description: '그중 결제된 주문 수' }),
    paid_amount: Type.Integer({ description: '그중 결제된 금액' }),
  },
  { title: 'SeriesDay' },
);

const IssueSchema = Type.Object(
  {
    count: Type.Integer(),
    filter: Type.Record(Type.String(), Type.String(), { description: '이 주문들을 그대로 보여 주는 GET /v1/orders의 파라미터' }),
  },
  { title: 'OrderIssue' },
);

export const OrderSummarySchema = Type.Object(
  {
    count: Type.Integer({ description: '조건에 맞는 주문 수' }),
    amount: Type.Integer({ description: '조건에 맞는 주문의 금액 합계 (원), 취소된 만큼도 포함' }),
    cancelled_amount: Type.Integer({ description: 'jumun 확장: 그중 취소(환불)된 금액 합계' }),
    remaining_amount: Type.Integer({ description: 'jumun 확장: 남은 금액 합계 amount − cancelled_amount' }),
    by_status: Type.Record(Type.String(), TotalsSchema, { description: '주문 상태별 (키: status 값)' }),
    by_payment_status: Type.Record(Type.String(), TotalsSchema, { description: '결제 상태별 (키: receipt_status 값)' }),
    daily: Type.Object(
      {
        date_field: Type.Unsafe<'created_at' | 'purchased_at'>({ type: 'string', enum: ['created_at', 'purchased_at'] }),
        from: NullableString({ description: '첫날 YYYY-MM-DD, 주문이 없으면 null' }),
        to: NullableString({ description: '마지막 날 YYYY-MM-DD' }),
        truncated: Type.Boolean({ description: '기간이 길어 마지막 날들만 보여 주면 true' }),
        days: Type.Array(SeriesDaySchema),
      },
      { title: 'DailySeries', description: '날짜별 추이' },
    ),
    issues: Type.Object(
      { stuck_payments: IssueSchema, cancellation_requests: IssueSchema, payment_failures: IssueSchema },
      { title: 'OrderIssues', description: '결제 진행 지연, 취소 요청 대기, 결제 실패' },
    ),
    stuck_payment_minutes: Type.Integer({ description: '결제 진행 중으로 이만큼(분) 넘게 머물면 지연' }),
    time_zone: Type.String({ description: '서비스 시간대 (IANA)' }),
    generated_at: Timestamp(),
  },
  { title: 'OrderSummary', description: '운영 현황과 이슈: 목록과 같은 조건의 상태별 집계, 날짜별 추이, 이슈' },
);
export type OrderSummary = Static<typeof OrderSummarySchema>;
