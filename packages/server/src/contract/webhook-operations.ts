// Hint, Kind, OptionalKind, ReadonlyKind: named so the declarations of WEBHOOK_OPERATIONS can refer to them.
// biome-ignore lint/correctness/noUnusedImports: the emitted declaration file needs these names in scope
import { Type, type Hint, type Kind, type OptionalKind, type ReadonlyKind, type TSchema } from '@sinclair/typebox';
import { ERRORS, type ErrorName } from './constants.js';
import { ErrorEnvelopeSchema } from './common-schemas.js';
import {
  CreateWebhookBodySchema,
  WebhookDeliveryListSchema,
  WebhookDeliverySchema,
  WebhookEndpointListSchema,
  WebhookEndpointSchema,
  WebhookEndpointWithSecretSchema,
  WebhookTestBodySchema,
  WebhookTestResultSchema,
} from './webhook-schemas.js';

const envelope = (name: ErrorName, data: unknown = null) => ({ status: ERRORS[name].status, code: ERRORS[name].code, message: ERRORS[name].message, data });

/** The error responses of the webhook routes, each with what it means there. */
const ERROR_RESPONSES: Record<number, { description: string; examples: unknown[] }> = {
  400: {
    description: '파라미터 또는 본문이 올바르지 않음 (1100, 1101), 또는 주소 정책이 거부한 URL (4001)',
    examples: [
      {
        ...envelope('WEBHOOK_URL_REFUSED'),
        message: "url 값이 올바르지 않습니다: \"http://10.0.0.5/hook\" (기대 형식: 공개 주소의 URL (사설, 루프백, 링크 로컬 주소는 JUMUN_WEBHOOK_TARGETS=any일 때만))",
        data: { parameter: 'url', value: '"http://10.0.0.5/hook"', expected: '공개 주소의 URL (사설, 루프백, 링크 로컬 주소는 JUMUN_WEBHOOK_TARGETS=any일 때만)' },
      },
    ],
  },
  401: { description: '인증 실패 (1700)', examples: [envelope('AUTH_FAILED')] },
  403: { description: '읽기 전용 키로 변경 요청 (1703)', examples: [envelope('KEY_SCOPE_FORBIDDEN')] },
  404: {
    description: '웹훅 (4000) 또는 전송 내역 (4002)이 없거나 다른 프로젝트의 것',
    examples: [envelope('WEBHOOK_NOT_FOUND', { webhook_id: 'wh_5f0c1d2e3a4b5c6d7e8f9a0b' })],
  },
  409: {
    description: '사용 중인 웹훅이 없음 (4003), 꺼진 웹훅 (4004), 웹훅 수 한도 (4005)',
    examples: [envelope('NO_ACTIVE_WEBHOOK')],
  },
  413: { description: '본문이 너무 큼 (1413)', examples: [envelope('PAYLOAD_TOO_LARGE')] },
  429: { description: '요청이 너무 많음 (1900)', examples: [envelope('RATE_LIMITED', { retry_after: 3 })] },
  500: { description: '서버 내부 오류 (9000)', examples: [envelope('INTERNAL', { request_id: '2f1c9a4e-1b7d-4c6a-9d0e-5b8f3a2c7e10' })] },
  503: { description: '데이터베이스에 연결할 수 없거나 서버가 종료 중 (9503)', examples: [envelope('STORAGE_UNAVAILABLE', { request_id: '2f1c9a4e-1b7d-4c6a-9d0e-5b8f3a2c7e10' })] },
};

const errors = (...statuses: number[]) => Object.fromEntries(statuses.map((status) => [status, { ...ErrorEnvelopeSchema, ...ERROR_RESPONSES[status] }]));
const response = (schema: TSchema, description: string) => ({ ...schema, description });

const READ = [401, 404, 429, 500, 503];
const WRITE = [400, 401, 403, 404, 409, 413, 429, 500, 503];

const WebhookIdParams = Type.Object({ webhook_id: Type.String({ maxLength: 100, description: '웹훅 ID (wh_…)' }) });
const DeliveryIdParams = Type.Object({ delivery_id: Type.String({ maxLength: 100, description: '전송 ID (whd_…)' }) });

const TAGS = ['웹훅'];

export const WEBHOOK_OPERATIONS = {
  listWebhooks: {
    schema: {
      operationId: 'listWebhooks', summary: '웹훅 목록', tags: TAGS,
      response: { 200: response(WebhookEndpointListSchema, '이 프로젝트의 웹훅 (비밀키 없이)'), ...errors(401, 429, 500, 503) },
    },
  },
  createWebhook: {
    schema: {
      operationId: 'createWebhook', summary: '웹훅 등록',
      description: '주문이 바뀔 때마다 이벤트를 서명해서 POST로 보낼 URL을 등록합니다. 서명 비밀키는 이 응답에서만 보입니다.',
      tags: TAGS, body: CreateWebhookBodySchema,
      response: { 201: response(WebhookEndpointWithSecretSchema, '등록한 웹훅과 서명 비밀키'), ...errors(400, 401, 403, 409, 413, 429, 500, 503) },
    },
  },
  getWebhook: {
    schema: {
      operationId: 'getWebhook', summary: '웹훅 하나', tags: TAGS, params: WebhookIdParams,
      response: { 200: response(WebhookEndpointSchema, '웹훅'), ...errors(...READ) },
    },
  },
  disableWebhook: {
    schema: {
      operationId: 'disableWebhook', summary: '웹훅 끄기', description: '더 보내지 않습니다. 대기 중인 전송은 남아서, 다시 켜면 이어서 보냅니다.',
      tags: TAGS, params: WebhookIdParams,
      response: { 200: response(WebhookEndpointSchema, '꺼진 웹훅'), ...errors(...WRITE) },
    },
  },
  enableWebhook: {
    schema: {
      operationId: 'enableWebhook', summary: '웹훅 다시 켜기', description: '대기 중인 전송부터 다시 보냅니다.',
      tags: TAGS, params: WebhookIdParams,
      response: { 200: response(WebhookEndpointSchema, '켜진 웹훅'), ...errors(...WRITE) },
    },
  },
  rotateWebhookSecret: {
    schema: {
      operationId: 'rotateWebhookSecret', summary: '서명 비밀키 바꾸기', description: '이제부터의 전송은 새 비밀키로 서명합니다. 새 비밀키는 이 응답에서만 보입니다.',
      tags: TAGS, params: WebhookIdParams,
      response: { 200: response(WebhookEndpointWithSecretSchema, '웹훅과 새 서명 비밀키'), ...errors(...WRITE) },
    },
  },
  webhookDeliveries: {
    schema: {
      operationId: 'webhookDeliveries', summary: '웹훅 전송 내역', description: '최근 전송부터, 시도마다 상태, 걸린 시간, 응답 앞부분과 함께 (limit: 기본 20, 최대 100)',
      tags: TAGS, params: WebhookIdParams,
      response: { 200: response(WebhookDeliveryListSchema, '전송 내역'), ...errors(400, ...READ) },
    },
    config: {
      docs: {
        querystring: Type.Object({ limit: Type.Optional(Type.Integer({ minimum: 1, default: 20, description: '개수 (100 넘으면 100)' })) }),
      },
    },
  },
  redeliverWebhook: {
    schema: {
      operationId: 'redeliverWebhook', summary: '다시 보내기', description: '전송 하나를 지금 다시 보냅니다 (상태와 상관없이, 재시도 기간도 새로).',
      tags: TAGS, params: DeliveryIdParams,
      response: { 200: response(WebhookDeliverySchema, '다시 보낼 전송'), ...errors(...WRITE) },
    },
  },
  sendTestWebhook: {
    schema: {
      operationId: 'sendTestWebhook', summary: '테스트 웹훅 보내기',
      description: '사용 중인 모든 웹훅에 webhook.test 이벤트를 보냅니다 (Bootpay SDK의 webhook.sendTest). Idempotency-Key 헤더는 받지만 쓰지 않습니다: 테스트는 몇 번 보내도 됩니다.',
      tags: TAGS, body: WebhookTestBodySchema,
      response: { 200: response(WebhookTestResultSchema, '보낼 전송들'), ...errors(400, 401, 403, 409, 413, 429, 500, 503) },
    },
  },
};
