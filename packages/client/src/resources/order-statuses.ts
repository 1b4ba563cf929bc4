/** Order status (주문 상태), the `status` field and filter. */
export const ORDER_STATUS = {
  /** 주문 생성: created, waiting for payment. */
  CREATED: 0,
  /** 결제 진행 중: payment in progress. */
  PAYMENT_IN_PROGRESS: 1,
  /** 결제 완료: paid. */
  PAID: 2,
  /** 취소 요청: cancellation requested, waiting. */
  CANCELLATION_REQUESTED: 3,
  /** 취소 완료: cancelled. */
  CANCELLED: 4,
} as const;

export type OrderStatus = (typeof ORDER_STATUS)[keyof typeof ORDER_STATUS];

/** Payment status (결제 상태), the `receipt_status` field and the `payment_status` filter. */
export const RECEIPT_STATUS = {
  /** 미결제: unpaid. */
  UNPAID: 0,
  /** 결제완료: paid. */
  PAID: 1,
  /** 결제취소완료: payment cancelled. */
  PAYMENT_CANCELLED: 20,
} as const;

export type ReceiptStatus = (typeof RECEIPT_STATUS)[keyof typeof RECEIPT_STATUS];

/** How a subscription order is billed (`subscription_billing_type`). */
export const SUBSCRIPTION_BILLING_TYPE = {
  /** Not a subscription order. */
  NONE: 0,
  /** Billed per contract. */
  EACH: 1,
  /** Billed per user group. */
  GROUP: 2,
} as const;

export type SubscriptionBillingType = (typeof SUBSCRIPTION_BILLING_TYPE)[keyof typeof SUBSCRIPTION_BILLING_TYPE];

export interface StatusLabel {
  ko: string;
  en: string;
}

/** Display names of each order status, for screens and logs. */
export const ORDER_STATUS_LABELS: Readonly<Record<OrderStatus, StatusLabel>> = {
  0: { ko: '주문 생성', en: 'created' },
  1: { ko: '결제 진행 중', en: 'payment in progress' },
  2: { ko: '결제 완료', en: 'paid' },
  3: { ko: '취소 요청', en: 'cancellation requested' },
  4: { ko: '취소 완료', en: 'cancelled' },
};

/** Display names of each payment status. */
export const RECEIPT_STATUS_LABELS: Readonly<Record<ReceiptStatus, StatusLabel>> = {
  0: { ko: '미결제', en: 'unpaid' },
  1: { ko: '결제완료', en: 'paid' },
  20: { ko: '결제취소완료', en: 'payment cancelled' },
};
