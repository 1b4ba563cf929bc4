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
  SUBSCRIPTION_NOT_FOUND: { status: 404, code: 3720, message: '구독 계약을 찾지 못했습니다.' },
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
  BOOTPAY_ROLE_FORBIDDEN: { status: 403, code: 3705, message: '이 BOOTPAY-ROLE로는 할 수 없는 요청입니다.' },
  STORAGE_UNAVAILABLE: { status: 503, code: 9503, message: '저장소에 연결할 수 없습니다. 잠시 후 다시 시도해 주세요.' },
  SHUTTING_DOWN: { status: 503, code: 9503, message: '서버가 종료 중입니다. 잠시 후 다시 시도해 주세요.' },
  SIGN_IN_FAILED: { status: 401, code: 1710, message: '이메일 또는 비밀번호가 올바르지 않습니다.' },
  SESSION_EXPIRED: { status: 401, code: 1711, message: '로그인 세션이 만료되었습니다. 다시 로그인해 주세요.' },
  CSRF_REJECTED: { status: 403, code: 1712, message: '요청의 출처를 확인하지 못했습니다 (CSRF 토큰 또는 Origin). 콘솔을 새로 고친 뒤 다시 시도해 주세요.' },
  ROLE_FORBIDDEN: { status: 403, code: 1713, message: '이 작업을 할 권한이 없습니다.' },
  OPERATOR_NOT_FOUND: { status: 404, code: 1714, message: '운영자를 찾지 못했습니다.' },
  OPERATOR_EMAIL_TAKEN: { status: 409, code: 1715, message: '이미 같은 이메일의 운영자가 있습니다.' },
  SET_PASSWORD_LINK_INVALID: { status: 400, code: 1716, message: '비밀번호 설정 링크가 잘못되었거나 만료되었거나 이미 쓰였습니다.' },
  OPERATOR_STATE_CONFLICT: { status: 409, code: 1717, message: '운영자의 현재 상태에서 할 수 없는 요청입니다.' },
  SAVED_VIEW_NOT_FOUND: { status: 404, code: 1718, message: '저장된 보기를 찾지 못했습니다.' },
  SAVED_VIEW_LIMIT: { status: 409, code: 1719, message: '저장된 보기는 한 사람당 20개까지입니다. 쓰지 않는 보기를 지운 뒤 다시 시도해 주세요.' },
  WEBHOOK_NOT_FOUND: { status: 404, code: 4000, message: '웹훅을 찾지 못했습니다.' },
  WEBHOOK_URL_REFUSED: { status: 400, code: 4001, message: '이 주소로는 웹훅을 보낼 수 없습니다.' },
  WEBHOOK_DELIVERY_NOT_FOUND: { status: 404, code: 4002, message: '웹훅 전송 내역을 찾지 못했습니다.' },
  NO_ACTIVE_WEBHOOK: { status: 409, code: 4003, message: '사용 중인 웹훅이 없습니다. 먼저 웹훅을 등록하거나 다시 켜 주세요.' },
  WEBHOOK_DISABLED: { status: 409, code: 4004, message: '꺼진 웹훅입니다. 다시 켠 뒤에 요청해 주세요.' },
  WEBHOOK_LIMIT: { status: 409, code: 4005, message: '한 프로젝트에 웹훅을 더 등록할 수 없습니다.' },
} as const;
export type ErrorName = keyof typeof ERRORS;
export type ErrorCode = (typeof ERRORS)[ErrorName]['code'];

/**
 * Webhook event types: one for every change of an order (docs/webhooks.md). Cancellation withdrawn
 * and partial approval come with the cancellation requests; `webhook.test` is `POST /v1/webhook/test`.
 */
export const WEBHOOK_EVENT_TYPES = [
  'order.created',
  'order.payment_started',
  'order.paid',
  'order.payment_failed',
  'order.cancellation_requested',
  'order.cancellation_withdrawn',
  'order.cancellation_approved',
  'order.cancellation_partially_approved',
  'order.cancellation_rejected',
  'order.cancelled',
  /** Part of a paid order cancelled at once (the order stays paid, with less remaining). */
  'order.partially_cancelled',
  'webhook.test',
] as const;
export type WebhookEventType = (typeof WEBHOOK_EVENT_TYPES)[number];
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
  /** `filter`: selects orders (list, summary, export); `page`: which part of the list; `format`: how the export writes them. */
  group: 'filter' | 'page' | 'format';
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
  username: {
    kind: 'text', group: 'filter', extension: true, maxLength: 100, example: '김민준',
    description: '주문자 이름의 앞부분 (영문 A–Z는 대소문자 무시)',
  },
  user_email: {
    kind: 'text', group: 'filter', extension: true, maxLength: 254, example: 'buyer@example.com',
    description: '주문자 이메일 (정확히 일치, 영문 A–Z는 대소문자 무시)',
  },
  user_phone: {
    kind: 'text', group: 'filter', extension: true, maxLength: 32, example: '010-1234-5678',
    description: '주문자 전화번호: 전체 번호 (숫자 7자리 이상) 또는 끝 4자리, 숫자만 비교 (-, 공백, 괄호, + 무시)',
  },
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

/**
 * Subscription contract status (구독 상태), the `status` field and filter of
 * `GET /v1/order_subscriptions`, as Bootpay numbers it. jumun derives it from the contract's
 * billing orders (docs/subscriptions.md): 0 until one was paid, then 1; it has no pause,
 * termination or expiry yet, so 2, 3 and 4 are valid filters that match nothing.
 */
export const SUBSCRIPTION_STATUS = {
  /** 대기: no billing order paid yet. */
  WAITING: 0,
  /** 진행: a billing order was paid. */
  ACTIVE: 1,
  /** 일시정지: paused. */
  PAUSED: 2,
  /** 해지: terminated early. */
  TERMINATED: 3,
  /** 만료: ended. */
  EXPIRED: 4,
} as const;
export type SubscriptionStatus = (typeof SUBSCRIPTION_STATUS)[keyof typeof SUBSCRIPTION_STATUS];
export const SUBSCRIPTION_STATUS_VALUES: readonly SubscriptionStatus[] = [0, 1, 2, 3, 4];

export const SUBSCRIPTION_STATUS_LABELS: Readonly<Record<SubscriptionStatus, StatusLabel>> = {
  0: { ko: '대기', en: 'waiting' },
  1: { ko: '진행', en: 'active' },
  2: { ko: '일시정지', en: 'paused' },
  3: { ko: '해지', en: 'terminated' },
  4: { ko: '만료', en: 'expired' },
};

/** The parameters of `GET /v1/order_subscriptions` (the SDK's `orderSubscription.list`). */
export const SUBSCRIPTION_LIST_PARAMETERS = {
  user_id: { kind: 'text', group: 'filter', description: '고객 ID (정확히 일치)', maxLength: ID_LENGTH, example: 'user_000123' },
  user_group_id: { kind: 'text', group: 'filter', description: '고객 그룹 ID (정확히 일치)', maxLength: ID_LENGTH },
  subscription_billing_type: {
    kind: 'choice', group: 'filter', description: '구독 결제 유형 (1: 계약별, 2: 그룹별; 0은 계약이 없음)', values: [0, 1, 2],
  },
  status: {
    kind: 'choice-list', group: 'filter', description: '구독 상태 (0: 대기, 1: 진행, 2: 일시정지, 3: 해지, 4: 만료; 쉼표로 여러 개)',
    values: [0, 1, 2, 3, 4], maxItems: LIST_ITEMS, example: [1],
  },
  keyword: {
    kind: 'text', group: 'filter', maxLength: 100, example: '프리미엄',
    description: '검색 키워드: 계약 이름의 일부 (대소문자 구분), 또는 계약 번호 전체',
  },
  search_date_from: { kind: 'date', group: 'filter', description: '계약 생성 시작일 (YYYY-MM-DD, 포함)', alias: 's_at', example: '2025-01-01' },
  search_date_to: { kind: 'date', group: 'filter', description: '계약 생성 종료일 (YYYY-MM-DD, 포함)', alias: 'e_at', example: '2025-12-31' },
  order_id: { kind: 'text', group: 'filter', description: '이 주문이 청구하는 계약', maxLength: ID_LENGTH },
  order_number: { kind: 'text', group: 'filter', description: '이 주문번호의 주문이 청구하는 계약', maxLength: ID_LENGTH },
  page: LIST_PARAMETERS.page,
  limit: LIST_PARAMETERS.limit,
} as const satisfies Record<string, ParameterSpec>;
export type SubscriptionListParameterName = keyof typeof SUBSCRIPTION_LIST_PARAMETERS;
/** Staff roles, each allowed what the one before it is and more (docs/operators.md). */
export const OPERATOR_ROLES = ['viewer', 'agent', 'admin'] as const;
export type OperatorRole = (typeof OPERATOR_ROLES)[number];

export const OPERATOR_ROLE_LABELS: Readonly<Record<OperatorRole, StatusLabel>> = {
  viewer: { ko: '조회', en: 'viewer' },
  agent: { ko: '상담', en: 'agent' },
  admin: { ko: '관리자', en: 'admin' },
};

/** What a history entry was written through. */
export const CHANGE_CHANNELS = ['api', 'console', 'import'] as const;
export type ChangeChannel = (typeof CHANGE_CHANNELS)[number];

export const CHANGE_CHANNEL_LABELS: Readonly<Record<ChangeChannel, StatusLabel>> = {
  api: { ko: 'API', en: 'API' },
  console: { ko: '콘솔', en: 'console' },
  import: { ko: '가져오기', en: 'import' },
};

/** Who wrote a history entry: an API key, a staff member, or the system (import, demo data). */
export const ACTOR_TYPES = ['key', 'operator', 'system'] as const;
export type ActorType = (typeof ACTOR_TYPES)[number];

/** Display names of the history's actions (`action_label`). */
export const HISTORY_ACTION_LABELS: Readonly<Record<string, StatusLabel>> = {
  create: { ko: '주문 생성', en: 'created' },
  import: { ko: '가져오기', en: 'imported' },
  'payment.start': { ko: '결제 시작', en: 'payment started' },
  'payment.complete': { ko: '결제 완료', en: 'payment completed' },
  'payment.fail': { ko: '결제 실패', en: 'payment failed' },
  'cancel.request': { ko: '취소 요청', en: 'cancellation requested' },
  'cancel.approve': { ko: '취소 승인', en: 'cancellation approved' },
  'cancel.reject': { ko: '취소 거절', en: 'cancellation rejected' },
  cancel: { ko: '취소', en: 'cancelled' },
};

/** Entries of the audit log (`GET /v1/audit-log`). */
export const AUDIT_ACTIONS = [
  'sign_in', 'sign_in_failed', 'sign_out', 'password_set',
  'operator.create', 'operator.disable', 'operator.reset_password',
] as const;
export type AuditAction = (typeof AUDIT_ACTIONS)[number];

export const AUDIT_ACTION_LABELS: Readonly<Record<AuditAction, StatusLabel>> = {
  sign_in: { ko: '로그인', en: 'signed in' },
  sign_in_failed: { ko: '로그인 실패', en: 'sign-in failed' },
  sign_out: { ko: '로그아웃', en: 'signed out' },
  password_set: { ko: '비밀번호 설정', en: 'password set' },
  'operator.create': { ko: '운영자 추가', en: 'operator created' },
  'operator.disable': { ko: '운영자 비활성화', en: 'operator disabled' },
  'operator.reset_password': { ko: '비밀번호 재설정 링크 발급', en: 'password reset issued' },
};
/** `GET /v1/orders/export` also takes these (besides the list's filters): how the file is written. */
export const EXPORT_PARAMETERS = {
  header_language: {
    kind: 'choice', group: 'format', values: ['en', 'ko'], default: 'en', extension: true, example: 'ko',
    description: 'CSV 첫 줄 (열 이름)의 언어: en은 API의 필드 이름 (기계용, 기본), ko는 한국어 (사람용, 콘솔의 기본). 값은 같고, jumun import는 둘 다 읽습니다',
  },
} as const satisfies Record<string, ParameterSpec>;
export type HeaderLanguage = (typeof EXPORT_PARAMETERS)['header_language']['values'][number];

/** The export's Korean column names (`header_language=ko`), by the API's field name; each is unique. */
export const CSV_COLUMN_LABELS_KO = {
  order_id: '주문 ID',
  order_number: '주문번호',
  order_name: '주문명',
  price: '결제 금액',
  tax_free_price: '면세 금액',
  status: '주문 상태 코드',
  status_name: '주문 상태',
  receipt_status: '결제 상태 코드',
  receipt_status_name: '결제 상태',
  order_type: '주문 유형',
  user_id: '주문자 ID',
  username: '주문자',
  user_email: '이메일',
  user_phone: '전화번호',
  user_group_id: '주문자 그룹 ID',
  order_subscription_id: '구독 계약 번호',
  subscription_billing_type: '구독 결제 유형',
  receipt_id: '영수증 ID',
  payment_method: '결제 수단',
  card_name: '카드사',
  card_no: '카드 번호',
  products: '상품',
  created_at: '생성 일시',
  purchased_at: '결제 일시',
  cancelled_at: '취소 일시',
  updated_at: '최종 변경 일시',
  cancelled_price: '취소 금액',
  remaining_price: '남은 금액',
} as const;
export type CsvColumnName = keyof typeof CSV_COLUMN_LABELS_KO;
/** The parameters of `GET /v1/order/cancel` (the SDK's `orderCancel.list`): one order's requests, or all of the project's. */
export const CANCELLATION_LIST_PARAMETERS = {
  order_id: { kind: 'text', group: 'filter', description: '이 주문의 취소 요청만 (주문 ID)', maxLength: ID_LENGTH, example: '68707c59b0eacea5cd974efd' },
  order_number: { kind: 'text', group: 'filter', description: '이 주문의 취소 요청만 (주문번호)', maxLength: ID_LENGTH },
  page: LIST_PARAMETERS.page,
  limit: LIST_PARAMETERS.limit,
} as const satisfies Record<string, ParameterSpec>;
