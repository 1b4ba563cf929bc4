// Hint, Kind, OptionalKind, ReadonlyKind: named so the declarations of OPERATIONS can refer to them.
// biome-ignore lint/correctness/noUnusedImports: the emitted declaration file needs these names in scope
import { Type, type Hint, type Kind, type OptionalKind, type ReadonlyKind, type TSchema } from '@sinclair/typebox';
import type { StatusAction } from '../domain/order-transitions.js';
import { AccessTokenSchema, ErrorEnvelopeSchema, HealthSchema, HealthUnavailableSchema, LiveSchema, TokenBodySchema } from './common-schemas.js';
import { ERROR_EXAMPLES } from './examples.js';
import { OrderDetailSchema, OrderListSchema } from './order-schemas.js';
import { CancellationListQuerySchema, OrderExportQuerySchema, OrderFilterQuerySchema, OrderListQuerySchema, OrderMonthQuerySchema, SubscriptionListQuerySchema } from './query-schemas.js';
import { SubscriptionDetailSchema, SubscriptionListSchema } from './subscription-schemas.js';
import {
  AuditLogSchema,
  ConsoleSessionSchema,
  DeletedSchema,
  NewSavedViewBodySchema,
  SavedViewListSchema,
  SavedViewSchema,
  ShareViewBodySchema,
  NewOperatorBodySchema,
  OperatorLinkSchema,
  OperatorListSchema,
  OperatorSchema,
  PasswordSetSchema,
  SetPasswordBodySchema,
  SignedOutSchema,
  SignInBodySchema,
} from './operator-schemas.js';
import { OrderSummarySchema } from './summary-schema.js';
import {
  CancellationIdParams,
  CancellationListSchema,
  CancellationProcessBodySchema,
  CancellationRequestBodySchema,
  CancellationRequestSchema,
} from './cancellation-schemas.js';
import type { CancellationStep } from '../domain/cancellation.js';
import { actionBodySchema, CreateOrderBodySchema } from './write-schemas.js';
import { WEBHOOK_OPERATIONS } from './webhook-operations.js';

/**
 * Every operation of the API: the route schemas Fastify validates and serialises with, and what
 * the OpenAPI document says of it. `config.docs` holds what is documented but read by hand (query
 * strings with Bootpay's rules, the Idempotency-Key header), so Fastify does not validate it.
 */
export interface Operation {
  schema: {
    operationId: string;
    summary: string;
    description?: string;
    tags: string[];
    security?: Array<Record<string, string[]>>;
    params?: TSchema;
    body?: TSchema;
    response: Record<string, unknown>;
  };
  config?: { docs?: { querystring?: object; headers?: object } };
}

const ERROR_DESCRIPTIONS: Record<number, string> = {
  400: '파라미터 또는 본문이 올바르지 않음 (1100, 1101): 이름, 받은 값, 기대 형식을 알려 줍니다',
  401: '인증 실패 (1700), 로그인 실패 (1710), 세션 만료 (1711)',
  403: '읽기 전용 키로 변경 요청 (1703), CSRF 토큰 또는 Origin 거부 (1712), 역할에 없는 권한 (1713), BOOTPAY-ROLE로 할 수 없는 취소 단계 (3705)',
  404: '주문이 없거나 다른 프로젝트의 주문 (3700), 취소 요청이 없음 (3702), 운영자가 없음 (1714), 보기가 없음 (1718)',
  409: '이미 처리된 요청 (1200), 현재 상태에서 할 수 없는 변경 (3701), 이미 끝난 취소 요청 (3703), 남은 것보다 많은 취소 (3704), 이미 있는 운영자 이메일 (1715), 운영자 상태 충돌 (1717), 보기가 너무 많음 (1719)',
  413: '본문이 너무 큼 (1413)',
  429: '요청이 너무 많음 (1900): Retry-After 헤더의 초만큼 기다린 뒤 다시 시도',
  500: '서버 내부 오류 (9000), data.request_id는 x-request-id 헤더와 같음',
  503: '데이터베이스에 연결할 수 없거나 서버가 종료 중 (9503), 잠시 후 다시 시도',
};

const errors = (...statuses: number[]) =>
  Object.fromEntries(
    statuses.map((status) => [status, { ...ErrorEnvelopeSchema, description: ERROR_DESCRIPTIONS[status], examples: ERROR_EXAMPLES[status] }]),
  );

const READ_ERRORS = [400, 401, 429, 500, 503];
const WRITE_ERRORS = [400, 401, 403, 404, 409, 413, 429, 500, 503];

const OrderIdParams = Type.Object({
  order_id: Type.String({ description: '주문 ID (24자리 16진수)', examples: ['68707c59b0eacea5cd974efd'] }),
});

const IdempotencyHeaders = {
  type: 'object',
  properties: {
    'idempotency-key': {
      type: 'string',
      minLength: 1,
      maxLength: 255,
      description: '같은 키로 24시간 안에 다시 보내면 첫 응답을 그대로 돌려줍니다 (보이는 ASCII 1~255자)',
    },
  },
} as const;

const response = (schema: TSchema, description: string) => ({ ...schema, description });

const SubscriptionIdParams = Type.Object({
  order_subscription_id: Type.String({ description: '구독 계약 번호', examples: ['sub_000042'] }),
});

const SUBSCRIPTION_NOT_FOUND = {
  404: {
    ...ErrorEnvelopeSchema,
    description: '구독 계약이 없거나 다른 프로젝트의 계약 (3720)',
    examples: [{ status: 404, code: 3720, message: '구독 계약을 찾지 못했습니다.', data: null }],
  },
};
const CancellationHeaders = {
  type: 'object',
  properties: {
    ...IdempotencyHeaders.properties,
    'bootpay-role': {
      type: 'string',
      enum: ['user', 'supervisor'],
      description: 'user (구매자, 기본): 요청과 철회; supervisor (판매자): 승인, 반려, 바로 취소 (is_supervisor)',
    },
  },
} as const;

export const OPERATIONS = {
  listOrders: {
    schema: {
      operationId: 'listOrders',
      summary: '주문 조회',
      description: '고객의 결제 이력에 해당하는 주문 내역을 조건별로 조회합니다. 배열 파라미터는 status=1,2, status=1&status=2, status[]=1, status[0]=1 모두 같은 뜻이고, 빈 값은 없는 것으로 봅니다.',
      tags: ['주문'],
      response: { 200: response(OrderListSchema, '조건에 맞는 주문 한 페이지와 전체 수'), ...errors(...READ_ERRORS) },
    },
    config: { docs: { querystring: OrderListQuerySchema } },
  },
  monthOrders: {
    schema: {
      operationId: 'monthOrders',
      summary: '월별 주문 조회',
      description: '한 주문자 그룹이 한 달 동안 만든 주문 (SDK의 order.month)',
      tags: ['주문'],
      response: { 200: response(OrderListSchema, '그 달의 주문 한 페이지와 전체 수'), ...errors(...READ_ERRORS) },
    },
    config: { docs: { querystring: OrderMonthQuerySchema } },
  },
  orderDetail: {
    schema: {
      operationId: 'orderDetail',
      summary: '주문 상세',
      tags: ['주문'],
      params: OrderIdParams,
      response: { 200: response(OrderDetailSchema, '주문 하나의 전체'), ...errors(401, 404, 500, 503) },
    },
  },
  listSubscriptions: {
    schema: {
      operationId: 'listSubscriptions',
      summary: '구독 계약 목록',
      description: '구독 계약을 조건별로 조회합니다 (SDK의 orderSubscription.list). 계약 번호로 주문 목록을 order_subscription_ids로 거를 수 있습니다.',
      tags: ['구독'],
      response: { 200: response(SubscriptionListSchema, '조건에 맞는 계약 한 페이지와 전체 수'), ...errors(...READ_ERRORS) },
    },
    config: { docs: { querystring: SubscriptionListQuerySchema } },
  },
  subscriptionDetail: {
    schema: {
      operationId: 'subscriptionDetail',
      summary: '구독 계약 상세',
      description: '구독 계약 하나와 그 청구 주문 (SDK의 orderSubscription.detail)',
      tags: ['구독'],
      params: SubscriptionIdParams,
      response: { 200: response(SubscriptionDetailSchema, '계약과 청구 주문'), ...errors(401, 500, 503), ...SUBSCRIPTION_NOT_FOUND },
    },
  },
  orderSummary: {
    schema: {
      operationId: 'orderSummary',
      summary: '운영 현황과 이슈',
      description: '목록과 같은 조건의 상태별 집계, 날짜별 추이, 이슈 (page와 limit은 무시)',
      tags: ['운영'],
      response: { 200: response(OrderSummarySchema, '집계'), ...errors(...READ_ERRORS) },
    },
    config: { docs: { querystring: OrderFilterQuerySchema } },
  },
  exportOrders: {
    schema: {
      operationId: 'exportOrders',
      summary: '주문 내보내기 (CSV)',
      description: '목록과 같은 조건에 맞는 모든 주문을 CSV (UTF-8, BOM 포함)로 스트리밍합니다. 파일 이름은 Content-Disposition에 있습니다.',
      tags: ['운영'],
      response: {
        200: {
          description: 'CSV: 첫 줄은 열 이름, 한 줄에 주문 하나',
          content: { 'text/csv; charset=utf-8': { schema: Type.String({ description: 'RFC 4180 CSV' }) } },
        },
        ...errors(...READ_ERRORS),
      },
    },
    config: { docs: { querystring: OrderExportQuerySchema } },
  },
  createOrder: {
    schema: {
      operationId: 'createOrder',
      summary: '주문 생성',
      description: '상태 0 (주문 생성), 결제 상태 0으로 만들고 상세를 돌려줍니다. order_id, order_number, created_at은 서버가 정합니다.',
      tags: ['주문 쓰기'],
      body: CreateOrderBodySchema,
      response: { 201: response(OrderDetailSchema, '만든 주문'), ...errors(...WRITE_ERRORS) },
    },
    config: { docs: { headers: IdempotencyHeaders } },
  },
  listCancellations: {
    schema: {
      operationId: 'listOrderCancellations',
      summary: '주문 취소 요청 내역 조회',
      description: 'order_id나 order_number로 한 주문의 취소 요청을, 둘 다 없으면 프로젝트의 모든 요청을 최신순으로 (SDK의 orderCancel.list). 어느 키, 어느 역할이든 읽을 수 있습니다.',
      tags: ['주문 취소'],
      response: { 200: response(CancellationListSchema, '취소 요청 한 페이지와 전체 수'), ...errors(...READ_ERRORS) },
    },
    config: { docs: { querystring: CancellationListQuerySchema, headers: CancellationHeaders } },
  },
  requestCancellation: {
    schema: {
      operationId: 'requestOrderCancellation',
      summary: '취소 요청',
      description: '결제 완료(2) 주문의 전부 또는 일부(상품 라인, 금액) 취소를 요청합니다: 주문은 취소 요청(3)이 됩니다. is_supervisor: true면 판매자가 바로 취소합니다 (남은 금액 전부면 4, 일부면 2에 머물며 취소 금액이 늘어남). SDK의 orderCancel.request.',
      tags: ['주문 취소'],
      body: CancellationRequestBodySchema,
      response: { 200: response(CancellationRequestSchema, '만든 취소 요청'), ...errors(...WRITE_ERRORS) },
    },
    config: { docs: { headers: CancellationHeaders } },
  },
  token: {
    schema: {
      operationId: 'requestToken',
      summary: 'Access Token 발급',
      description: '키 쌍 (Basic 헤더, 또는 본문의 client_key와 secret_key)을 30분짜리 Bearer 토큰으로 바꿉니다.',
      tags: ['인증'],
      security: [{ basicAuth: [] }, {}] as Array<Record<string, string[]>>,
      body: TokenBodySchema,
      response: { 200: response(AccessTokenSchema, '토큰과 만료 시각'), ...errors(400, 401, 413, 429, 500, 503) },
    },
  },
  live: {
    schema: {
      operationId: 'live',
      summary: '살아 있음 (liveness)',
      description: '프로세스가 응답하면 200. 종료 중에도 200입니다.',
      tags: ['운영'],
      security: [],
      response: { 200: response(LiveSchema, '프로세스가 응답함') },
    },
  },
  ready: {
    schema: {
      operationId: 'ready',
      summary: '트래픽 받을 준비 (readiness)',
      description: '데이터베이스가 응답하고 서버가 종료 중이 아니면 200. 종료 중에는 503 오류 봉투 (9503)를 돌려줍니다.',
      tags: ['운영'],
      security: [],
      response: {
        200: response(HealthSchema, '데이터베이스가 응답함'),
        503: response(Type.Union([HealthUnavailableSchema, ErrorEnvelopeSchema]), '데이터베이스가 응답하지 않음, 또는 종료 중 (오류 봉투 9503)'),
      },
    },
  },
  health: {
    schema: {
      operationId: 'health',
      summary: '상태 확인 (/readyz와 같음)',
      tags: ['운영'],
      security: [],
      response: {
        200: response(HealthSchema, '프로세스가 살아 있고 데이터베이스가 응답함'),
        503: response(Type.Union([HealthUnavailableSchema, ErrorEnvelopeSchema]), '데이터베이스가 응답하지 않음, 또는 종료 중 (오류 봉투 9503)'),
      },
    },
  },
  ...WEBHOOK_OPERATIONS,
} satisfies Record<string, Operation>;

const OperatorIdParams = Type.Object({ operator_id: Type.String({ maxLength: 64, description: '운영자 ID' }) });
const COOKIE_ONLY = [{ cookieAuth: [] }] as Array<Record<string, string[]>>;
const OPERATOR_TAG = ['운영자'];

/** Staff sign-in and sessions (cookie `jumun_session`), accounts and the audit log: docs/operators.md. */
export const OPERATOR_OPERATIONS = {
  signIn: {
    schema: {
      operationId: 'signIn',
      summary: '콘솔 로그인',
      description: '이메일과 비밀번호로 로그인합니다. 성공하면 jumun_session 쿠키 (HttpOnly, SameSite=Strict)와 CSRF 토큰을 줍니다. 실패는 이유와 관계없이 같은 401 (1710)입니다.',
      tags: OPERATOR_TAG,
      security: [] as Array<Record<string, string[]>>,
      body: SignInBodySchema,
      response: { 200: response(ConsoleSessionSchema, '로그인한 세션'), ...errors(400, 401, 403, 413, 429, 500, 503) },
    },
  },
  consoleSession: {
    schema: {
      operationId: 'consoleSession',
      summary: '현재 콘솔 세션',
      tags: OPERATOR_TAG,
      security: COOKIE_ONLY,
      response: { 200: response(ConsoleSessionSchema, '로그인한 운영자와 CSRF 토큰'), ...errors(401, 429, 500, 503) },
    },
  },
  signOut: {
    schema: {
      operationId: 'signOut',
      summary: '콘솔 로그아웃',
      description: '세션을 서버에서 끝내고 쿠키를 지웁니다.',
      tags: OPERATOR_TAG,
      security: COOKIE_ONLY,
      response: { 200: response(SignedOutSchema, '세션이 끝남'), ...errors(401, 403, 429, 500, 503) },
    },
  },
  setPassword: {
    schema: {
      operationId: 'setPassword',
      summary: '비밀번호 설정 (한 번 쓰는 링크)',
      tags: OPERATOR_TAG,
      security: [] as Array<Record<string, string[]>>,
      body: SetPasswordBodySchema,
      response: { 200: response(PasswordSetSchema, '비밀번호가 정해짐'), ...errors(400, 401, 403, 413, 429, 500, 503) },
    },
  },
  listOperators: {
    schema: {
      operationId: 'listOperators',
      summary: '운영자 목록 (관리자)',
      tags: OPERATOR_TAG,
      security: COOKIE_ONLY,
      response: { 200: response(OperatorListSchema, '프로젝트의 운영자, 만든 순'), ...errors(401, 403, 429, 500, 503) },
    },
  },
  createOperator: {
    schema: {
      operationId: 'createOperator',
      summary: '운영자 추가 (관리자)',
      description: '비밀번호 없이 만들고, 한 번 쓰는 비밀번호 설정 링크를 돌려줍니다.',
      tags: OPERATOR_TAG,
      security: COOKIE_ONLY,
      body: NewOperatorBodySchema,
      response: { 201: response(OperatorLinkSchema, '만든 운영자와 링크'), ...errors(400, 401, 403, 409, 413, 429, 500, 503) },
    },
  },
  disableOperator: {
    schema: {
      operationId: 'disableOperator',
      summary: '운영자 비활성화 (관리자)',
      description: '그 운영자의 세션과 링크가 바로 끝납니다. 기록은 남습니다.',
      tags: OPERATOR_TAG,
      security: COOKIE_ONLY,
      params: OperatorIdParams,
      response: { 200: response(OperatorSchema, '비활성화된 운영자'), ...errors(401, 403, 404, 409, 429, 500, 503) },
    },
  },
  resetOperatorPassword: {
    schema: {
      operationId: 'resetOperatorPassword',
      summary: '비밀번호 재설정 링크 (관리자)',
      description: '예전 비밀번호와 세션은 바로 끝나고, 새 비밀번호 설정 링크를 돌려줍니다.',
      tags: OPERATOR_TAG,
      security: COOKIE_ONLY,
      params: OperatorIdParams,
      response: { 200: response(OperatorLinkSchema, '운영자와 새 링크'), ...errors(401, 403, 404, 409, 429, 500, 503) },
    },
  },
  auditLog: {
    schema: {
      operationId: 'auditLog',
      summary: '감사 로그 (관리자)',
      description: '로그인, 로그인 실패, 로그아웃, 운영자 변경. 최근 200건, 최신순.',
      tags: OPERATOR_TAG,
      security: COOKIE_ONLY,
      response: { 200: response(AuditLogSchema, '감사 로그'), ...errors(401, 403, 429, 500, 503) },
    },
  },
} satisfies Record<string, Operation>;

const ViewIdParams = Type.Object({ view_id: Type.String({ maxLength: 64, description: '보기 ID' }) });
const VIEW_TAG = ['운영자'];

/** Saved views of the console: an operator's named filters, shared with the project by an admin. */
export const SAVED_VIEW_OPERATIONS = {
  listSavedViews: {
    schema: {
      operationId: 'listSavedViews',
      summary: '저장된 보기 목록',
      tags: VIEW_TAG,
      security: COOKIE_ONLY,
      response: { 200: response(SavedViewListSchema, '내 보기와 공유된 보기'), ...errors(401, 403, 429, 500, 503) },
    },
  },
  saveView: {
    schema: {
      operationId: 'saveView',
      summary: '현재 조건을 보기로 저장',
      tags: VIEW_TAG,
      security: COOKIE_ONLY,
      body: NewSavedViewBodySchema,
      response: { 201: response(SavedViewSchema, '저장된 보기'), ...errors(400, 401, 403, 409, 413, 429, 500, 503) },
    },
  },
  shareView: {
    schema: {
      operationId: 'shareView',
      summary: '보기 공유 / 공유 중지 (관리자)',
      tags: VIEW_TAG,
      security: COOKIE_ONLY,
      params: ViewIdParams,
      body: ShareViewBodySchema,
      response: { 200: response(SavedViewSchema, '바뀐 보기'), ...errors(400, 401, 403, 404, 429, 500, 503) },
    },
  },
  deleteView: {
    schema: {
      operationId: 'deleteView',
      summary: '보기 지우기',
      description: '내 보기, 또는 (관리자는) 공유된 보기',
      tags: VIEW_TAG,
      security: COOKIE_ONLY,
      params: ViewIdParams,
      response: { 200: response(DeletedSchema, '지워짐'), ...errors(401, 403, 404, 429, 500, 503) },
    },
  },
} satisfies Record<string, Operation>;

const ACTION_SUMMARIES: Record<StatusAction, string> = {
  'payment.start': '결제 시작 (0 → 1)',
  'payment.complete': '결제 완료 (0, 1 → 2)',
  'payment.fail': '결제 실패 (1 → 0)',
  'cancel.request': '취소 요청 (2 → 3)',
  'cancel.approve': '취소 승인 (3 → 4)',
  'cancel.reject': '취소 거절 (3 → 2)',
  cancel: '바로 취소 (2 → 4)',
};

/** `POST /v1/orders/:order_id/<action>`: one legal status change, recorded in the history. */
export function statusActionOperation(action: StatusAction) {
  return {
    schema: {
      operationId: action.replace(/\.(\w)/, (_m, c: string) => c.toUpperCase()),
      summary: ACTION_SUMMARIES[action],
      tags: ['주문 쓰기'],
      params: OrderIdParams,
      body: actionBodySchema(action),
      response: { 200: response(OrderDetailSchema, '바뀐 주문'), ...errors(...WRITE_ERRORS) },
    },
    config: { docs: { headers: IdempotencyHeaders } },
  } satisfies Operation;
}

const STEP_SUMMARIES: Record<CancellationStep, { summary: string; description: string }> = {
  approve: {
    summary: '(판매자) 취소 요청 승인',
    description: '요청한 금액(또는 refund_price)을 환불합니다. 남은 금액 전부면 주문은 취소 완료(4, 결제 상태 20), 일부면 결제 완료(2)로 돌아가고 cancelled_price가 늘어납니다. BOOTPAY-ROLE: supervisor.',
  },
  reject: { summary: '(판매자) 취소 요청 반려', description: '주문은 결제 완료(2)로 돌아갑니다. BOOTPAY-ROLE: supervisor.' },
  withdraw: { summary: '(구매자) 취소 요청 철회', description: '주문은 결제 완료(2)로 돌아갑니다. BOOTPAY-ROLE: user (기본).' },
};

/** `PUT /v1/order/cancel/:order_cancellation_request_id/<step>`. */
export function cancellationStepOperation(step: CancellationStep) {
  return {
    schema: {
      operationId: `${step}OrderCancellation`,
      ...STEP_SUMMARIES[step],
      tags: ['주문 취소'],
      params: CancellationIdParams,
      body: CancellationProcessBodySchema,
      response: { 200: response(CancellationRequestSchema, '처리한 취소 요청'), ...errors(...WRITE_ERRORS) },
    },
    config: { docs: { headers: CancellationHeaders } },
  } satisfies Operation;
}
