import { Type, type Static } from '@sinclair/typebox';
import { WEBHOOK_EVENT_TYPES, type WebhookEventType } from './constants.js';
import { NullableInteger, NullableString, NullableTimestamp, Timestamp } from './schema-helpers.js';

/** Webhook endpoints, deliveries and the test send (docs/webhooks.md). */

const EventTypeSchema = Type.Unsafe<WebhookEventType>({
  type: 'string', enum: [...WEBHOOK_EVENT_TYPES], title: 'WebhookEventType', description: '웹훅 이벤트 유형',
});

const EventListSchema = Type.Unsafe<WebhookEventType[] | null>({
  type: ['array', 'null'], items: EventTypeSchema, maxItems: WEBHOOK_EVENT_TYPES.length * 2,
  description: '받을 이벤트 유형; null 또는 생략하면 모든 이벤트',
});

const ENDPOINT_EXAMPLE = {
  webhook_id: 'wh_5f0c1d2e3a4b5c6d7e8f9a0b',
  url: 'https://shop.example.com/hooks/jumun',
  description: '주문 동기화',
  events: null,
  status: 'active',
  disabled_reason: null,
  disabled_at: null,
  failing_since: null,
  secret_created_at: '2025-07-11T02:52:09Z',
  created_at: '2025-07-11T02:52:09Z',
};

const endpointProperties = {
  webhook_id: Type.String({ description: '웹훅 ID (wh_…)' }),
  url: Type.String({ description: '이벤트를 POST로 받을 URL' }),
  description: NullableString({ description: '메모' }),
  events: EventListSchema,
  status: Type.Unsafe<'active' | 'disabled'>({ type: 'string', enum: ['active', 'disabled'], description: 'active: 보냄, disabled: 보내지 않음 (대기 중인 전송은 다시 켜면 이어서 보냄)' }),
  disabled_reason: Type.Unsafe<'manual' | 'failing' | null>({
    type: ['string', 'null'], enum: ['manual', 'failing', null],
    description: 'manual: 직접 끔, failing: 전송이 계속 실패해서 서버가 끔; 켜져 있으면 null',
  }),
  disabled_at: NullableTimestamp({ description: '꺼진 시각' }),
  failing_since: NullableTimestamp({ description: '마지막 성공 뒤 첫 실패 시각; 실패 중이 아니면 null' }),
  secret_created_at: Timestamp({ description: '지금 서명 비밀키를 만든 시각' }),
  created_at: Timestamp({ description: '등록 시각' }),
};

export const WebhookEndpointSchema = Type.Object(endpointProperties, {
  title: 'WebhookEndpoint', description: '웹훅 하나 (서명 비밀키는 만들 때와 바꿀 때만 보여 줍니다)', examples: [ENDPOINT_EXAMPLE],
});
export type WebhookEndpointView = Static<typeof WebhookEndpointSchema>;

export const WebhookEndpointWithSecretSchema = Type.Object(
  { ...endpointProperties, secret: Type.String({ description: '서명 비밀키 (whsec_…): 이 응답에서만 보입니다' }) },
  {
    title: 'WebhookEndpointWithSecret',
    description: '만든, 또는 비밀키를 바꾼 웹훅과 그 서명 비밀키',
    examples: [{ ...ENDPOINT_EXAMPLE, secret: 'whsec_q9pV2Zl0m8r3cX4bH7nE1tY6uK5dA0sJ2fG8hW3eR1o' }],
  },
);
export type WebhookEndpointWithSecretView = Static<typeof WebhookEndpointWithSecretSchema>;

export const WebhookEndpointListSchema = Type.Object(
  { list: Type.Array(WebhookEndpointSchema) },
  { title: 'WebhookEndpointList', examples: [{ list: [ENDPOINT_EXAMPLE] }] },
);

export const CreateWebhookBodySchema = Type.Object(
  {
    url: Type.String({ minLength: 1, maxLength: 2048, description: 'http:// 또는 https:// URL (공개 주소만, JUMUN_WEBHOOK_TARGETS=any면 사설 주소도)' }),
    events: Type.Optional(EventListSchema),
    description: Type.Optional(NullableString({ minLength: 1, maxLength: 200, description: '메모' })),
  },
  {
    title: 'CreateWebhookParams', additionalProperties: false,
    examples: [{ url: 'https://shop.example.com/hooks/jumun', events: ['order.paid', 'order.cancelled'] }],
  },
);
export type CreateWebhookBody = Static<typeof CreateWebhookBodySchema>;

const AttemptSchema = Type.Object(
  {
    attempt: Type.Integer({ description: '몇 번째 시도 (1부터)' }),
    started_at: Timestamp({ description: '보낸 시각' }),
    duration_ms: Type.Integer({ description: '응답까지 걸린 시간 (ms)' }),
    http_status: NullableInteger({ description: '받은 HTTP 상태; 응답이 없었으면 null' }),
    error: NullableString({ description: '실패 이유 (2xx가 아닌 상태, 연결 오류, 시간 초과, 거부된 주소)' }),
    response_excerpt: NullableString({ description: '응답 본문의 앞부분 (최대 512바이트)' }),
  },
  { title: 'WebhookAttempt' },
);

const DELIVERY_EXAMPLE = {
  delivery_id: 'whd_0a1b2c3d4e5f60718293a4b5',
  webhook_id: ENDPOINT_EXAMPLE.webhook_id,
  event_id: 'evt_9f8e7d6c5b4a39281706f5e4',
  event_type: 'order.paid',
  order_id: '68707c59b0eacea5cd974efd',
  status: 'delivered',
  attempts: 2,
  next_attempt_at: null,
  created_at: '2025-07-11T02:52:09Z',
  finished_at: '2025-07-11T02:52:41Z',
  attempt_log: [
    { attempt: 1, started_at: '2025-07-11T02:52:09Z', duration_ms: 31, http_status: 503, error: 'HTTP 503', response_excerpt: 'Service Unavailable' },
    { attempt: 2, started_at: '2025-07-11T02:52:41Z', duration_ms: 12, http_status: 200, error: null, response_excerpt: '{"success":true}' },
  ],
};

export const WebhookDeliverySchema = Type.Object(
  {
    delivery_id: Type.String({ description: '전송 ID (whd_…), 요청의 jumun-delivery-id 헤더' }),
    webhook_id: Type.String(),
    event_id: Type.String({ description: '이벤트 ID (evt_…), 본문의 event_id: 같은 이벤트가 두 번 오면 이것으로 거르세요' }),
    event_type: EventTypeSchema,
    order_id: NullableString({ description: '이벤트의 주문; 테스트 이벤트는 null' }),
    status: Type.Unsafe<'pending' | 'delivered' | 'failed'>({
      type: 'string', enum: ['pending', 'delivered', 'failed'], description: 'pending: 보낼 차례를 기다리거나 보내는 중, delivered: 2xx를 받음, failed: 재시도 기간이 지나 포기함',
    }),
    attempts: Type.Integer({ description: '지금까지 시도한 횟수' }),
    next_attempt_at: NullableTimestamp({ description: '다음 시도 시각 (pending일 때)' }),
    created_at: Timestamp({ description: '이벤트가 생긴 시각' }),
    finished_at: NullableTimestamp({ description: '전달했거나 포기한 시각' }),
    attempt_log: Type.Array(AttemptSchema, { description: '모든 시도, 오래된 것부터' }),
  },
  { title: 'WebhookDelivery', examples: [DELIVERY_EXAMPLE] },
);
export type WebhookDeliveryView = Static<typeof WebhookDeliverySchema>;

export const WebhookDeliveryListSchema = Type.Object(
  { list: Type.Array(WebhookDeliverySchema, { description: '최근 것부터' }) },
  { title: 'WebhookDeliveryList', examples: [{ list: [DELIVERY_EXAMPLE] }] },
);

export const WebhookTestBodySchema = Type.Unsafe<{ header_content_type?: number } | null>({
  ...Type.Object(
    { header_content_type: Type.Optional(Type.Integer({ minimum: 0, maximum: 100, description: 'Bootpay SDK의 값; jumun은 언제나 application/json으로 보냅니다' })) },
    { title: 'WebhookTestParams', additionalProperties: false },
  ),
  type: ['object', 'null'],
});

export const WebhookTestResultSchema = Type.Object(
  {
    event_id: Type.String({ description: 'webhook.test 이벤트의 ID' }),
    deliveries: Type.Array(
      Type.Object({ delivery_id: Type.String(), webhook_id: Type.String(), url: Type.String() }, { title: 'WebhookTestDelivery' }),
      { description: '이 이벤트를 보낼 웹훅마다 하나 (곧 보내고, 결과는 GET /v1/webhooks/{webhook_id}/deliveries에서)' },
    ),
  },
  {
    title: 'WebhookTestResult',
    examples: [{ event_id: DELIVERY_EXAMPLE.event_id, deliveries: [{ delivery_id: DELIVERY_EXAMPLE.delivery_id, webhook_id: ENDPOINT_EXAMPLE.webhook_id, url: ENDPOINT_EXAMPLE.url }] }],
  },
);
export type WebhookTestResultView = Static<typeof WebhookTestResultSchema>;
