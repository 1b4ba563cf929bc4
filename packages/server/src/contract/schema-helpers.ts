import { Type, type SchemaOptions, type Static, type TSchema } from '@sinclair/typebox';
import {
  BILLING_TYPES,
  ORDER_STATUS_LABELS,
  ORDER_STATUS_VALUES,
  ORDER_TYPES,
  RECEIPT_STATUS_LABELS,
  RECEIPT_STATUS_VALUES,
  type OrderStatus,
  type OrderType,
  type ReceiptStatus,
  type SubscriptionBillingType,
} from './constants.js';

/**
 * Small builders over TypeBox that keep the JSON Schema plain: `type: ['string', 'null']`
 * rather than `anyOf` (fast to serialise, readable in the OpenAPI document), enums as `enum`.
 */
export const NullableString = (options: SchemaOptions = {}) =>
  Type.Unsafe<string | null>({ type: ['string', 'null'], ...options });

export const NullableInteger = (options: SchemaOptions = {}) =>
  Type.Unsafe<number | null>({ type: ['integer', 'null'], ...options });

/** An object schema that also admits `null`; a `title` names the object, not the null. */
export function NullableObject<T extends TSchema>(schema: T, options: SchemaOptions = {}) {
  return Type.Unsafe<Static<T> | null>({ ...schema, type: ['object', 'null'], ...options });
}

/** A schema with one `type` (and maybe an `enum`) that also admits `null`. */
export function OrNull<T extends TSchema>(schema: T) {
  const { type, enum: values } = schema as { type?: unknown; enum?: unknown[] };
  return Type.Unsafe<Static<T> | null>({ ...schema, type: [type, 'null'], ...(values ? { enum: [...values, null] } : {}) });
}

/** `YYYY-MM-DDTHH:MM:SSZ` in UTC. */
export const Timestamp = (options: SchemaOptions = {}) =>
  Type.String({ description: 'UTC, YYYY-MM-DDTHH:MM:SSZ', ...options });
export const NullableTimestamp = (options: SchemaOptions = {}) =>
  NullableString({ description: 'UTC, YYYY-MM-DDTHH:MM:SSZ, 또는 null', ...options });

const labelList = (labels: Readonly<Record<string | number, { ko: string }>>) =>
  Object.entries(labels).map(([value, label]) => `${value}: ${label.ko}`).join(', ');

/** The titles name shared types in the generated client and console code. */
export const OrderStatusSchema = (options: SchemaOptions = {}) =>
  Type.Unsafe<OrderStatus>({
    type: 'integer', enum: [...ORDER_STATUS_VALUES], title: 'OrderStatus', description: `주문 상태 (${labelList(ORDER_STATUS_LABELS)})`, ...options,
  });
export const ReceiptStatusSchema = (options: SchemaOptions = {}) =>
  Type.Unsafe<ReceiptStatus>({
    type: 'integer', enum: [...RECEIPT_STATUS_VALUES], title: 'ReceiptStatus', description: `결제 상태 (${labelList(RECEIPT_STATUS_LABELS)})`, ...options,
  });
export const OrderTypeSchema = (options: SchemaOptions = {}) =>
  Type.Unsafe<OrderType>({ type: 'string', enum: [...ORDER_TYPES], title: 'OrderType', description: '주문 유형', ...options });
export const BillingTypeSchema = (options: SchemaOptions = {}) =>
  Type.Unsafe<SubscriptionBillingType>({
    type: 'integer', enum: [...BILLING_TYPES], title: 'SubscriptionBillingType',
    description: '구독 결제 유형 (0: 구독 아님, 1: 계약별, 2: 그룹별)', ...options,
  });
