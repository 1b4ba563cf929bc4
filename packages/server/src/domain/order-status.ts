/** Order status (주문 상태), as Bootpay numbers it. */
export const ORDER_STATUS = {
  CREATED: 0,
  PAYMENT_IN_PROGRESS: 1,
  PAID: 2,
  CANCEL_REQUESTED: 3,
  CANCELLED: 4,
} as const;
export type OrderStatus = (typeof ORDER_STATUS)[keyof typeof ORDER_STATUS];

export const ORDER_STATUS_NAMES: Record<OrderStatus, { ko: string; en: string }> = {
  0: { ko: '주문 생성', en: 'created' },
  1: { ko: '결제 진행 중', en: 'payment in progress' },
  2: { ko: '결제 완료', en: 'paid' },
  3: { ko: '취소 요청', en: 'cancellation requested' },
  4: { ko: '취소 완료', en: 'cancelled' },
};

/** Payment (receipt) status; 20 is Bootpay's receipt code for 결제취소완료. */
export const RECEIPT_STATUS = {
  UNPAID: 0,
  PAID: 1,
  CANCELLED: 20,
} as const;
export type ReceiptStatus = (typeof RECEIPT_STATUS)[keyof typeof RECEIPT_STATUS];

export const RECEIPT_STATUS_NAMES: Record<ReceiptStatus, { ko: string; en: string }> = {
  0: { ko: '미결제', en: 'unpaid' },
  1: { ko: '결제완료', en: 'paid' },
  20: { ko: '결제취소완료', en: 'payment cancelled' },
};

export const ORDER_STATUS_VALUES = Object.values(ORDER_STATUS) as OrderStatus[];
export const RECEIPT_STATUS_VALUES = Object.values(RECEIPT_STATUS) as ReceiptStatus[];

export const ORDER_TYPES = ['link', 'direct', 'subscription'] as const;
export type OrderType = (typeof ORDER_TYPES)[number];

/** 0: not a subscription order, 1: billed per contract, 2: billed per buyer group. */
export const BILLING_TYPES = [0, 1, 2] as const;
export type BillingType = (typeof BILLING_TYPES)[number];
