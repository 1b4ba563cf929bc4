/**
 * Korean names of the API's codes. They mirror the server's domain/order-status.ts (a test keeps
 * the two equal); this module has no DOM use so Node can import it too.
 */
export const ORDER_STATUS_LABELS: Readonly<Record<number, string>> = {
  0: '주문 생성',
  1: '결제 진행 중',
  2: '결제 완료',
  3: '취소 요청',
  4: '취소 완료',
};

export const PAYMENT_STATUS_LABELS: Readonly<Record<number, string>> = {
  0: '미결제',
  1: '결제완료',
  20: '결제취소완료',
};

export const ORDER_TYPE_LABELS: Readonly<Record<string, string>> = {
  link: '주문 링크',
  direct: '직접 결제',
  subscription: '구독',
};

export const BILLING_TYPE_LABELS: Readonly<Record<number, string>> = {
  0: '구독 아님',
  1: '계약별 결제',
  2: '그룹별 결제',
};

export const ORDER_STATUS_VALUES = [0, 1, 2, 3, 4] as const;
export const PAYMENT_STATUS_VALUES = [0, 1, 20] as const;
export const ORDER_TYPE_VALUES = ['link', 'direct', 'subscription'] as const;

/** History actions the console names; any other action is shown as recorded. */
export const HISTORY_ACTION_LABELS: Readonly<Record<string, string>> = {
  'payment.fail': '결제 실패',
};

export const ISSUE_LABELS = {
  stuck_payments: { title: '결제 진행 지연', describe: (minutes: number) => `결제 진행 중으로 ${minutes}분 넘게 머문 주문` },
  cancellation_requests: { title: '취소 요청 대기', describe: () => '취소 요청 후 아직 처리되지 않은 주문' },
  payment_failures: { title: '결제 실패', describe: () => '결제 시도가 실패한 적이 있는 주문' },
} as const;
