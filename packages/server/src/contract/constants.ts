/**
 * The API's codes, labels, limits and list parameters: the one definition that the server, the
 * client (packages/client/src/generated/) and the console (console/src/generated/) share.
 * Plain constants with no imports, so `npm run generate` copies this file unchanged into both;
 * a test fails when a copy differs.
 */

/** A display name in Korean and English. */
export interface StatusLabel {
  ko: string;
  en: string;
}

/** Order status (주문 상태), the `status` field and filter, as Bootpay numbers it. */
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

/** Display names of each order status, for screens, logs and the CSV export. */
export const ORDER_STATUS_LABELS: Readonly<Record<OrderStatus, StatusLabel>> = {
  0: { ko: '주문 생성', en: 'created' },
  1: { ko: '결제 진행 중', en: 'payment in progress' },
  2: { ko: '결제 완료', en: 'paid' },
  3: { ko: '취소 요청', en: 'cancellation requested' },
  4: { ko: '취소 완료', en: 'cancelled' },
};

/** Payment (receipt) status, the `receipt_status` field and the `payment_status` filter; 20 is Bootpay's 결제취소완료. */
export const RECEIPT_STATUS = {
  /** 미결제: unpaid. */
  UNPAID: 0,
  /** 결제완료: paid. */
  PAID: 1,
  /** 결제취소완료: payment cancelled. */
  PAYMENT_CANCELLED: 20,
} as const;
export type ReceiptStatus = (typeof RECEIPT_STATUS)[keyof typeof RECEIPT_STATUS];

/** Display names of each payment status. */
export const RECEIPT_STATUS_LABELS: Readonly<Record<ReceiptStatus, StatusLabel>> = {
  0: { ko: '미결제', en: 'unpaid' },
  1: { ko: '결제완료', en: 'paid' },
  20: { ko: '결제취소완료', en: 'payment cancelled' },
};

export const ORDER_STATUS_VALUES: readonly OrderStatus[] = [0, 1, 2, 3, 4];
export const RECEIPT_STATUS_VALUES: readonly ReceiptStatus[] = [0, 1, 20];

/** How the order came in: an order link, a direct payment, or a subscription bill. */
export const ORDER_TYPES = ['link', 'direct', 'subscription'] as const;
export type OrderType = (typeof ORDER_TYPES)[number];

export const ORDER_TYPE_LABELS: Readonly<Record<OrderType, StatusLabel>> = {
  link: { ko: '주문 링크', en: 'order link' },
  direct: { ko: '직접 결제', en: 'direct payment' },
  subscription: { ko: '구독', en: 'subscription' },
};

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

export const BILLING_TYPES: readonly SubscriptionBillingType[] = [0, 1, 2];

export const BILLING_TYPE_LABELS: Readonly<Record<SubscriptionBillingType, StatusLabel>> = {
  0: { ko: '구독 아님', en: 'not a subscription' },
  1: { ko: '계약별 결제', en: 'billed per contract' },
  2: { ko: '그룹별 결제', en: 'billed per group' },
};

/**
 * Every error the API answers with: HTTP status, code, default message. 1700 and 3700 are fixed
 * by Bootpay's documentation; the rest are jumun's.
 */
export const ERRORS = {
  INVALID_PARAMETER: { status: 400, code: 1100, message: '요청 파라미터가 올바르지 않습니다.' },
  INVALID_BODY: { status: 400, code: 1101, message: '요청 본문이 올바르지 않습니다.' },
  MALFORMED_REQUEST: {
    status: 400,
    code: 1102,
    message: 'HTTP 요청 형식이 올바르지 않습니다. URL의 공백, NUL, 한글 등 ASCII 밖의 문자는 퍼센트 인코딩해야 합니다.',
  },
  AUTH_FAILED: { status: 401, code: 1700, message: 'Access Token이 잘못되었거나 만료되었습니다.' },
  KEY_SCOPE_FORBIDDEN: { status: 403, code: 1703, message: '이 키는 읽기 전용이라 변경 요청을 할 수 없습니다.' },
  ROUTE_NOT_FOUND: { status: 404, code: 1404, message: '요청한 API를 찾을 수 없습니다.' },
  REQUEST_TIMEOUT: { status: 408, code: 1408, message: '요청을 제시간에 다 받지 못했습니다.' },
  ORDER_NOT_FOUND: { status: 404, code: 3700, message: '주문내역을 찾지 못했습니다.' },
  PROCESS_DUPLICATED: { status: 409, code: 1200, message: '이미 처리된 요청이에요' },
  INVALID_STATE_CHANGE: { status: 409, code: 3701, message: '현재 주문 상태에서 할 수 없는 요청입니다.' },
  PAYLOAD_TOO_LARGE: { status: 413, code: 1413, message: '요청 본문이 너무 큽니다.' },
  URI_TOO_LONG: { status: 414, code: 1414, message: '경로의 한 부분이 너무 깁니다 (최대 100자).' },
  HEADERS_TOO_LARGE: { status: 431, code: 1431, message: '요청 헤더가 너무 큽니다 (최대 16 KB).' },
  RATE_LIMITED: { status: 429, code: 1900, message: '요청이 너무 많습니다. 잠시 후 다시 시도해 주세요.' },
  INTERNAL: { status: 500, code: 9000, message: '서버 내부 오류가 발생했습니다.' },
  CANCELLATION_REQUEST_NOT_FOUND: { status: 404, code: 3702, message: '취소 요청 내역을 찾지 못했습니다.' },
  CANCELLATION_REQUEST_CLOSED: { status: 409, code: 3703, message: '이미 처리가 끝난 취소 요청이라 바꿀 수 없습니다.' },
  REFUND_EXCEEDS_REMAINING: { status: 409, code: 3704, message: '취소할 수 있는 금액이나 수량보다 많이 취소하려고 합니다.' },
  ROLE_FORBIDDEN: { status: 403, code: 3705, message: '이 BOOTPAY-ROLE로는 할 수 없는 요청입니다.' },
  STORAGE_UNAVAILABLE: { status: 503, code: 9503, message: '저장소에 연결할 수 없습니다. 잠시 후 다시 시도해 주세요.' },
  SHUTTING_DOWN: { status: 503, code: 9503, message: '서버가 종료 중입니다. 잠시 후 다시 시도해 주세요.' },
} as const;
export type ErrorName = keyof typeof ERRORS;
export type ErrorCode = (typeof ERRORS)[ErrorName]['code'];

/** Status of a cancellation request (`GET /v1/order/cancel`): open until approved, rejected or withdrawn. */
export const CANCELLATION_STATUS = {
  /** 취소 요청: waiting for the merchant. */
  REQUESTED: 1,
  /** 취소 승인: approved, the amount refunded. */
  APPROVED: 2,
  /** 취소 반려: rejected by the merchant. */
  REJECTED: 3,
  /** 요청 철회: withdrawn by the buyer. */
  WITHDRAWN: 4,
} as const;
export type CancellationStatus = (typeof CANCELLATION_STATUS)[keyof typeof CANCELLATION_STATUS];

export const CANCELLATION_STATUS_LABELS: Readonly<Record<CancellationStatus, StatusLabel>> = {
  1: { ko: '취소 요청', en: 'requested' },
  2: { ko: '취소 승인', en: 'approved' },
  3: { ko: '취소 반려', en: 'rejected' },
  4: { ko: '요청 철회', en: 'withdrawn' },
};

export const CANCELLATION_STATUS_VALUES: readonly CancellationStatus[] = [1, 2, 3, 4];

/** The `BOOTPAY-ROLE` header the official SDK sends: the buyer (`user`, the default) or the merchant (`supervisor`). */
export const BOOTPAY_ROLES = ['user', 'supervisor'] as const;
export type BootpayRole = (typeof BOOTPAY_ROLES)[number];

/** A page holds `DEFAULT_LIMIT` orders unless `limit` says otherwise; larger limits are clamped to `MAX_LIMIT`. */
export const DEFAULT_LIMIT = 20;
export const MAX_LIMIT = 50;

/** The page size the server uses for a requested `limit`. */
export function clampLimit(limit: number): number {
  return Math.min(limit, MAX_LIMIT);
}

/**
 * How a query parameter is read. `text`: one string; `text-list`, `choice-list`: any of several
 * values, in every array form (`a,b`, `a&a`, `a[]`, `a[0]`); `choice`: one of `values`; `date`:
 * `YYYY-MM-DD`; `month`: `YYYY-MM`; `integer`; `boolean`: `true`/`false`; `instant`: ISO-8601 with a zone.
 * An empty value always counts as not given.
 */
export type ParameterKind = 'text' | 'text-list' | 'choice' | 'choice-list' | 'date' | 'month' | 'integer' | 'boolean' | 'instant';

export interface ParameterSpec {
  kind: ParameterKind;
  /** `filter`: selects orders (list, summary, export); `page`: which part of the list. */
  group: 'filter' | 'page';
  /** Korean, as Bootpay's documentation words it. */
  description: string;
  /** A second name meaning the same (both given with different values is a 400). */
  alias?: string;
  values?: readonly (string | number)[];
  maxLength?: number;
  maxItems?: number;
  minimum?: number;
  maximum?: number;
  default?: string | number;
  /** Not in Bootpay's API: a jumun extension. */
  extension?: boolean;
  example?: string | number | boolean | readonly (string | number)[];
}

const ID_LENGTH = 128;
const LIST_ITEMS = 100;
const MAX_PAGE = 1_000_000_000;

/** The parameters of `GET /v1/orders`; the summary and the export take the `filter` group. */
export const LIST_PARAMETERS = {
  user_id: { kind: 'text', group: 'filter', description: '주문자 ID (정확히 일치)', maxLength: ID_LENGTH, example: 'user_000123' },
  user_group_id: { kind: 'text', group: 'filter', description: '주문자 그룹 ID (정확히 일치)', maxLength: ID_LENGTH },
  order_subscription_ids: {
    kind: 'text-list', group: 'filter', description: '구독 계약 번호 배열 (그중 하나)', maxLength: ID_LENGTH, maxItems: LIST_ITEMS,
  },
  subscription_billing_type: {
    kind: 'choice', group: 'filter', description: '구독 결제 유형 (0: 구독 아님, 1: 계약별, 2: 그룹별)', values: [0, 1, 2],
  },
  keyword: {
    kind: 'text', group: 'filter', maxLength: 100, example: '프리미엄',
    description: '검색 키워드: order_name의 일부, 또는 order_id, order_number, receipt_id의 앞부분',
  },
  cs_type: {
    kind: 'choice', group: 'filter', description: '검색 일 유형 (c_at: 생성일, p_at: 결제일)', values: ['c_at', 'p_at'], default: 'c_at',
  },
  css_at: { kind: 'date', group: 'filter', description: '검색 시작일 (YYYY-MM-DD, 포함)', alias: 'search_date_from', example: '2025-01-01' },
  cse_at: { kind: 'date', group: 'filter', description: '검색 종료일 (YYYY-MM-DD, 포함)', alias: 'search_date_to', example: '2025-01-31' },
  status: { kind: 'choice-list', group: 'filter', description: '주문 상태 배열 (그중 하나)', values: [0, 1, 2, 3, 4], maxItems: LIST_ITEMS, example: [2] },
  payment_status: { kind: 'choice-list', group: 'filter', description: '결제 상태 배열 (그중 하나)', values: [0, 1, 20], maxItems: LIST_ITEMS },
  order_type: {
    kind: 'choice-list', group: 'filter', description: '주문 유형 배열 (그중 하나)', values: ['link', 'direct', 'subscription'],
    maxItems: LIST_ITEMS, extension: true,
  },
  created_before: {
    kind: 'instant', group: 'filter', description: '이 시각보다 먼저 생성된 주문 (시간대가 붙은 ISO-8601)', extension: true,
    example: '2025-07-11T02:52:09Z',
  },
  payment_failed: { kind: 'boolean', group: 'filter', description: '결제 실패 이력이 있는 (true) / 없는 (false) 주문', extension: true },
  page: { kind: 'integer', group: 'page', description: '페이지 번호 (기본: 1)', minimum: 1, maximum: MAX_PAGE, default: 1, example: 1 },
  limit: {
    kind: 'integer', group: 'page', minimum: 1, maximum: MAX_PAGE, default: DEFAULT_LIMIT, example: DEFAULT_LIMIT,
    description: `페이지당 데이터 수 (기본: ${DEFAULT_LIMIT}, ${MAX_LIMIT}보다 크면 ${MAX_LIMIT})`,
  },
  cursor: {
    kind: 'text', group: 'page', extension: true, maxLength: 512,
    description: '이전 응답의 next_cursor: 그 다음 페이지를 page 대신 커서로 읽습니다',
  },
} as const satisfies Record<string, ParameterSpec>;
export type ListParameterName = keyof typeof LIST_PARAMETERS;

/** The parameters of `GET /v1/orders/month`: one buyer group's orders created in one month. */
export const MONTH_PARAMETERS = {
  user_group_id: { kind: 'text', group: 'filter', description: '주문자 그룹 ID (필수)', maxLength: ID_LENGTH, example: 'group_0007' },
  search_date: { kind: 'month', group: 'filter', description: '조회할 달 (YYYY-MM, 필수)', example: '2025-07' },
  page: LIST_PARAMETERS.page,
  limit: LIST_PARAMETERS.limit,
} as const satisfies Record<string, ParameterSpec>;
export type MonthParameterName = keyof typeof MONTH_PARAMETERS;

/** The parameters of `GET /v1/order/cancel` (the SDK's `orderCancel.list`): one order's requests, or all of the project's. */
export const CANCELLATION_LIST_PARAMETERS = {
  order_id: { kind: 'text', group: 'filter', description: '이 주문의 취소 요청만 (주문 ID)', maxLength: ID_LENGTH, example: '68707c59b0eacea5cd974efd' },
  order_number: { kind: 'text', group: 'filter', description: '이 주문의 취소 요청만 (주문번호)', maxLength: ID_LENGTH },
  page: LIST_PARAMETERS.page,
  limit: LIST_PARAMETERS.limit,
} as const satisfies Record<string, ParameterSpec>;
