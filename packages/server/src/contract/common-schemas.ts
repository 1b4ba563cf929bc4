import { Type, type Static } from '@sinclair/typebox';
import { ERRORS, type ErrorCode } from './constants.js';
import { Timestamp } from './schema-helpers.js';

const errorList = Object.values(ERRORS).map((e) => `${e.code} (HTTP ${e.status}): ${e.message}`).join('\n- ');

export const ErrorEnvelopeSchema = Type.Object(
  {
    status: Type.Integer({ description: 'HTTP 상태 코드와 같음' }),
    code: Type.Unsafe<ErrorCode>({
      type: 'integer', enum: [...new Set(Object.values(ERRORS).map((e) => e.code))], description: `오류 코드:\n- ${errorList}`,
    }),
    message: Type.String({ description: '사람이 읽는 설명 (한국어)' }),
    data: Type.Unknown({
      description:
        '1100/1101: {parameter, value, expected}; 1200: {order_id, action, current_status} (상태 변경); '
        + '3701: {order_id, action, current_status, requested_status, allowed_from}; 9000/9503: {request_id}; 그 밖에는 null',
    }),
  },
  { title: 'ErrorEnvelope', description: '2xx가 아닌 모든 응답의 형식' },
);
export type ErrorEnvelope = Static<typeof ErrorEnvelopeSchema>;

export const TokenBodySchema = Type.Unsafe<{ client_key?: string; secret_key?: string } | null>({
  ...Type.Object(
    {
      client_key: Type.Optional(Type.String({ maxLength: 256 })),
      secret_key: Type.Optional(Type.String({ maxLength: 256 })),
    },
    { title: 'AccessTokenRequest', description: 'Basic 헤더 대신 본문으로 키를 보낼 때' },
  ),
  type: ['object', 'null'],
});

export const AccessTokenSchema = Type.Object(
  {
    access_token: Type.String({ description: 'Authorization: Bearer 로 보낼 토큰' }),
    expired_at: Timestamp({ description: '만료 시각 (UTC, 30분 뒤)' }),
  },
  { title: 'AccessToken', examples: [{ access_token: '6870a1b2c3d4e5f607182930.1752203529.3q2-7wAA', expired_at: '2025-07-11T03:22:09Z' }] },
);
export type AccessToken = Static<typeof AccessTokenSchema>;

export const HealthSchema = Type.Object(
  { status: Type.Literal('ok'), database: Type.Literal('ok') },
  { title: 'Health', examples: [{ status: 'ok', database: 'ok' }] },
);
export const LiveSchema = Type.Object({ status: Type.Literal('ok') }, { title: 'Live', examples: [{ status: 'ok' }] });
export const HealthUnavailableSchema = Type.Object(
  { status: Type.Literal('unavailable'), database: Type.Literal('unreachable') },
  { title: 'HealthUnavailable', examples: [{ status: 'unavailable', database: 'unreachable' }] },
);
