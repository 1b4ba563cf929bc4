import { Type, type Static } from '@sinclair/typebox';
import { ACTOR_TYPES, AUDIT_ACTIONS, OPERATOR_ROLES, type ActorType, type AuditAction, type OperatorRole } from './constants.js';
import { NullableString, NullableTimestamp, Timestamp } from './schema-helpers.js';

const RoleSchema = (options: { description?: string } = {}) =>
  Type.Unsafe<OperatorRole>({ type: 'string', enum: [...OPERATOR_ROLES], description: 'viewer: 조회, agent: 조회 + 취소 처리, admin: 모든 것과 운영자 관리', ...options });

export const SignInBodySchema = Type.Object(
  {
    email: Type.String({ maxLength: 254, description: '운영자 이메일', examples: ['ops@example.com'] }),
    password: Type.String({ maxLength: 256, description: '비밀번호' }),
  },
  { title: 'SignInRequest', additionalProperties: false },
);

const SessionOperatorSchema = Type.Object(
  {
    operator_id: Type.String({ description: '운영자 ID' }),
    email: Type.String(),
    name: Type.String(),
    role: RoleSchema(),
  },
  { title: 'SessionOperator' },
);

export const ConsoleSessionSchema = Type.Object(
  {
    operator: SessionOperatorSchema,
    csrf_token: Type.String({ description: '이 세션의 쓰기 요청마다 X-CSRF-Token 헤더로 보낼 값' }),
    expires_at: Timestamp({ description: '활동과 관계없이 세션이 끝나는 시각 (UTC)' }),
    idle_expires_at: Timestamp({ description: '지금부터 요청이 없으면 세션이 끝나는 시각 (UTC)' }),
  },
  {
    title: 'ConsoleSession',
    examples: [{
      operator: { operator_id: '6870a1c0d4e5f60718293041', email: 'ops@example.com', name: '김운영', role: 'agent' },
      csrf_token: 'mJ3x0Qe8yKcVZ1m6r0x8V6w2l4b9c7d5e3f1a0b2c4d', expires_at: '2025-07-11T14:52:09Z', idle_expires_at: '2025-07-11T03:22:09Z',
    }],
  },
);
export type ConsoleSession = Static<typeof ConsoleSessionSchema>;

export const SignedOutSchema = Type.Object({ signed_out: Type.Literal(true) }, { title: 'SignedOut', examples: [{ signed_out: true }] });

export const SetPasswordBodySchema = Type.Object(
  {
    token: Type.String({ maxLength: 256, description: '비밀번호 설정 링크의 token' }),
    password: Type.String({ maxLength: 256, description: '새 비밀번호 (12자 이상)' }),
  },
  { title: 'SetPasswordRequest', additionalProperties: false },
);

export const PasswordSetSchema = Type.Object(
  { email: Type.String({ description: '비밀번호를 정한 운영자의 이메일: 이제 이것으로 로그인합니다' }) },
  { title: 'PasswordSet', examples: [{ email: 'ops@example.com' }] },
);

const OPERATOR_EXAMPLE = {
  operator_id: '6870a1c0d4e5f60718293041', email: 'ops@example.com', name: '김운영', role: 'agent', state: 'active',
  created_at: '2025-07-11T02:52:09Z', disabled_at: null,
} as const;

export const OperatorSchema = Type.Object(
  {
    operator_id: Type.String({ description: '운영자 ID' }),
    email: Type.String({ description: '로그인 이메일 (소문자)' }),
    name: Type.String({ description: '이력과 감사 로그에 보이는 이름' }),
    role: RoleSchema(),
    state: Type.Unsafe<'active' | 'pending' | 'disabled'>({
      type: 'string', enum: ['active', 'pending', 'disabled'], description: 'active: 로그인 가능, pending: 비밀번호 설정 전, disabled: 비활성화됨',
    }),
    created_at: Timestamp(),
    disabled_at: NullableTimestamp(),
  },
  { title: 'Operator', examples: [OPERATOR_EXAMPLE] },
);
export type OperatorView = Static<typeof OperatorSchema>;

export const OperatorListSchema = Type.Object({ list: Type.Array(OperatorSchema) }, { title: 'OperatorList' });

export const NewOperatorBodySchema = Type.Object(
  {
    email: Type.String({ maxLength: 254, description: '로그인 이메일' }),
    name: Type.String({ maxLength: 100, description: '이름' }),
    role: Type.String({ description: 'viewer, agent, admin 중 하나' }),
  },
  { title: 'NewOperator', examples: [{ email: 'ops@example.com', name: '김운영', role: 'agent' }] },
);

export const OperatorLinkSchema = Type.Object(
  {
    operator: OperatorSchema,
    set_password_url: Type.String({ description: '한 번만 쓸 수 있는 비밀번호 설정 링크: 지금만 보입니다' }),
    set_password_expires_at: Timestamp({ description: '링크가 더 이상 쓰이지 않는 시각 (UTC)' }),
  },
  {
    title: 'OperatorWithLink',
    examples: [{
      operator: { ...OPERATOR_EXAMPLE, state: 'pending' },
      set_password_url: 'http://127.0.0.1:8080/console/set-password?token=Zm9vYmFyYmF6cXV4cXV1eGNvcmdlZ3JhdWx0Z2FycGx5',
      set_password_expires_at: '2025-07-12T02:52:09Z',
    }],
  },
);

const AuditEntrySchema = Type.Object(
  {
    audit_id: Type.String(),
    at: Timestamp(),
    action: Type.Unsafe<AuditAction>({ type: 'string', enum: [...AUDIT_ACTIONS] }),
    action_label: Type.String({ description: "action의 한국어 이름 (예: '로그인 실패')" }),
    actor_type: Type.Unsafe<ActorType>({ type: 'string', enum: [...ACTOR_TYPES], description: 'operator: 운영자, system: 명령줄 (jumun CLI) 또는 로그인 전' }),
    actor_id: NullableString({ description: '운영자 ID' }),
    actor_name: NullableString({ description: '운영자 이름' }),
    target_operator_id: NullableString({ description: '대상 운영자 ID' }),
    ip: NullableString({ description: '요청한 IP 주소' }),
    detail: Type.Unknown({ description: '바뀐 내용 (이메일, 역할, 실패 사유): 비밀번호나 토큰은 없음' }),
  },
  { title: 'AuditEntry' },
);

export const AuditLogSchema = Type.Object(
  { list: Type.Array(AuditEntrySchema, { description: '최근 200건, 최신순' }) },
  {
    title: 'AuditLog',
    examples: [{
      list: [{
        audit_id: '6870a1c0a1b2c3d4e5f60718', at: '2025-07-11T02:52:09Z', action: 'sign_in_failed', action_label: '로그인 실패',
        actor_type: 'system', actor_id: null, actor_name: null, target_operator_id: '6870a1c0d4e5f60718293041', ip: '203.0.113.7',
        detail: { email: 'ops@example.com', reason: 'wrong_password' },
      }],
    }],
  },
);

const SAVED_VIEW_EXAMPLE = {
  view_id: '6870a1c0b1c2d3e4f5061728', name: '취소 요청 대기', query: 'status=3&cs_type=p_at', shared: true,
  owner_name: '최관리', mine: false, created_at: '2025-07-11T02:52:09Z',
} as const;

export const SavedViewSchema = Type.Object(
  {
    view_id: Type.String(),
    name: Type.String({ description: '탭에 보이는 이름' }),
    query: Type.String({ description: '목록의 필터 (GET /v1/orders의 쿼리 문자열, page·limit·cursor 제외): 콘솔 주소 /console?<query>가 이 보기입니다' }),
    shared: Type.Boolean({ description: '프로젝트의 모든 운영자에게 보임 (관리자가 공유)' }),
    owner_name: Type.String({ description: '만든 운영자' }),
    mine: Type.Boolean({ description: '내가 만든 보기' }),
    created_at: Timestamp(),
  },
  { title: 'SavedView', examples: [SAVED_VIEW_EXAMPLE] },
);
export type SavedViewView = Static<typeof SavedViewSchema>;

export const SavedViewListSchema = Type.Object(
  { list: Type.Array(SavedViewSchema, { description: '내 보기와 공유된 보기, 만든 순' }) },
  { title: 'SavedViewList' },
);

export const NewSavedViewBodySchema = Type.Object(
  {
    name: Type.String({ minLength: 1, maxLength: 60, description: '이름' }),
    query: Type.String({ maxLength: 2000, description: '목록의 필터 (쿼리 문자열)' }),
    shared: Type.Optional(Type.Boolean({ description: '프로젝트에 공유 (관리자만)' })),
  },
  { title: 'NewSavedView', additionalProperties: false, examples: [{ name: '취소 요청 대기', query: 'status=3', shared: false }] },
);

export const ShareViewBodySchema = Type.Object(
  { shared: Type.Boolean({ description: 'true: 공유, false: 공유 중지' }) },
  { title: 'ShareSavedView', additionalProperties: false },
);

export const DeletedSchema = Type.Object({ deleted: Type.Literal(true) }, { title: 'Deleted', examples: [{ deleted: true }] });
