import { Type, type TSchema } from '@sinclair/typebox';
import { CANCELLATION_LIST_PARAMETERS, EXPORT_PARAMETERS, LIST_PARAMETERS, MONTH_PARAMETERS, SUBSCRIPTION_LIST_PARAMETERS, type ParameterSpec } from './constants.js';
import { BillingTypeSchema, OrderStatusSchema, OrderTypeSchema, ReceiptStatusSchema } from './schema-helpers.js';
import { SubscriptionStatusSchema } from './subscription-schemas.js';

/**
 * The query parameters as types and as OpenAPI parameters, built from the parameter table. They
 * document; they do not validate: the hand-written reader (domain/order-query.ts) does, with
 * Bootpay's rules (every array form, aliases, an empty value means absent).
 */
type ValueOf<S> = S extends { values: readonly (infer V)[] } ? V : never;
type ParameterValue<S> = S extends { kind: 'text' | 'date' | 'month' | 'instant' }
  ? string
  : S extends { kind: 'text-list' }
    ? readonly string[]
    : S extends { kind: 'choice' }
      ? ValueOf<S>
      : S extends { kind: 'choice-list' }
        ? readonly ValueOf<S>[]
        : S extends { kind: 'integer' }
          ? number
          : S extends { kind: 'boolean' }
            ? boolean
            : never;

type Aliases<T> = { [K in keyof T as T[K] extends { alias: infer A extends string } ? A : never]: T[K] };
/** What a caller may pass: every parameter and alias optional, arrays as arrays (sent comma-joined). */
export type ParametersOf<T> = { -readonly [K in keyof (T & Aliases<T>)]?: ParameterValue<(T & Aliases<T>)[K]> };

/** Named value types, so the generated client says `OrderStatus[]`, not `(0 | 1 | 2 | 3 | 4)[]`. */
const NAMED_VALUES: Record<string, () => TSchema> = {
  status: OrderStatusSchema,
  payment_status: ReceiptStatusSchema,
  order_type: OrderTypeSchema,
  subscription_billing_type: BillingTypeSchema,
};

function valueSchema(name: string, spec: ParameterSpec): TSchema {
  const named = NAMED_VALUES[name];
  if (named) return named();
  const values = spec.values ?? [];
  return values.every((v) => typeof v === 'number') ? Type.Integer({ enum: [...values] }) : Type.String({ enum: [...values] });
}

function parameterSchema(name: string, spec: ParameterSpec): TSchema {
  const annotations = {
    description: spec.extension ? `jumun 확장: ${spec.description}` : spec.description,
    ...(spec.default !== undefined ? { default: spec.default } : {}),
    ...(spec.example !== undefined ? { examples: [spec.example] } : {}),
  };
  const length = spec.maxLength !== undefined ? { maxLength: spec.maxLength } : {};
  switch (spec.kind) {
    case 'text':
      return Type.String({ ...length, ...annotations });
    case 'text-list':
      return Type.Array(Type.String(length), { maxItems: spec.maxItems, ...annotations });
    case 'choice': {
      const schema = valueSchema(name, spec);
      return { ...schema, ...annotations, description: annotations.description };
    }
    case 'choice-list':
      return Type.Array(valueSchema(name, spec), { maxItems: spec.maxItems, ...annotations });
    case 'date':
      return Type.String({ format: 'date', ...annotations });
    case 'month':
      return Type.String({ pattern: '^\\d{4}-\\d{2}$', ...annotations });
    case 'instant':
      return Type.String({ format: 'date-time', ...annotations });
    case 'integer':
      return Type.Integer({ minimum: spec.minimum, maximum: spec.maximum, ...annotations });
    case 'boolean':
      return Type.Boolean(annotations);
  }
}

function querySchema<T extends Record<string, ParameterSpec>>(
  table: T,
  options: { title: string; description: string; required?: readonly (keyof T & string)[]; groups?: readonly string[] },
) {
  const properties: Record<string, TSchema> = {};
  for (const [name, spec] of Object.entries(table)) {
    if (options.groups && !options.groups.includes(spec.group)) continue;
    properties[name] = parameterSchema(name, spec);
    if (spec.alias) {
      properties[spec.alias] = { ...parameterSchema(spec.alias, spec), description: `${name}의 다른 이름 (Bootpay SDK의 이름)` };
    }
  }
  const required = options.required ?? [];
  return {
    type: 'object',
    title: options.title,
    description: options.description,
    properties,
    ...(required.length > 0 ? { required: [...required] } : {}),
  } as const;
}

/** `GET /v1/orders`. */
export const OrderListQuerySchema = querySchema(LIST_PARAMETERS, {
  title: 'OrderListParams',
  description: 'GET /v1/orders의 조건. 모두 선택; 조건끼리는 AND, 한 배열 안의 값끼리는 OR',
});
export type OrderListParams = ParametersOf<typeof LIST_PARAMETERS>;

/** `GET /v1/orders/summary` and `/export`: the list's filters without the paging. */
export const OrderFilterQuerySchema = querySchema(LIST_PARAMETERS, {
  title: 'OrderFilterParams',
  description: '목록과 같은 조건 (page, limit, cursor 제외)',
  groups: ['filter'],
});

/** `GET /v1/orders/export`: the list's filters and how the file is written. */
export const OrderExportQuerySchema = querySchema({ ...LIST_PARAMETERS, ...EXPORT_PARAMETERS }, {
  title: 'OrderExportParams',
  description: '목록과 같은 조건 (page, limit, cursor 제외)과 파일 형식',
  groups: ['filter', 'format'],
});

/** `GET /v1/orders/month`. */
export const OrderMonthQuerySchema = querySchema(MONTH_PARAMETERS, {
  title: 'OrderMonthParams',
  description: '한 주문자 그룹이 한 달 동안 만든 주문',
  required: ['user_group_id', 'search_date'],
});

const subscriptionQuery = querySchema(SUBSCRIPTION_LIST_PARAMETERS, {
  title: 'SubscriptionListParams',
  description: 'GET /v1/order_subscriptions의 조건. 모두 선택; 조건끼리는 AND. request_type은 지원하지 않아 400입니다',
});
/** `GET /v1/order_subscriptions`: its `status` is a contract's, not an order's. */
export const SubscriptionListQuerySchema = {
  ...subscriptionQuery,
  properties: {
    ...subscriptionQuery.properties,
    status: Type.Array(SubscriptionStatusSchema(), {
      maxItems: SUBSCRIPTION_LIST_PARAMETERS.status.maxItems,
      description: SUBSCRIPTION_LIST_PARAMETERS.status.description,
      examples: [SUBSCRIPTION_LIST_PARAMETERS.status.example],
    }),
  },
} as const;
export type SubscriptionListParams = ParametersOf<typeof SUBSCRIPTION_LIST_PARAMETERS>;

/** `GET /v1/order/cancel`. */
export const CancellationListQuerySchema = querySchema(CANCELLATION_LIST_PARAMETERS, {
  title: 'OrderCancelListParams',
  description: '취소 요청 내역의 조건: order_id나 order_number로 한 주문의 것만, 둘 다 없으면 프로젝트 전체',
});
