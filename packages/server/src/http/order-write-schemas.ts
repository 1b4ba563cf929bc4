import { ORDER_LIMITS } from '../domain/new-order.js';
import { BILLING_TYPES, ORDER_TYPES } from '../domain/order-status.js';
import type { StatusAction } from '../domain/order-transitions.js';
import { ACTION_FIELDS, PAYMENT_TEXT_LENGTH, REASON_LENGTH, RECEIPT_ID_LENGTH } from '../domain/status-action-input.js';

/**
 * Request body schemas of the write routes: the shape (types, lengths, enums, unknown fields).
 * Limits come from the domain, which also checks what a schema cannot: products adding up to
 * the price, subscription fields that fit the order type, blank text.
 */
const text = (max: number) => ({ type: 'string', minLength: 1, maxLength: max }) as const;
const optionalText = (max: number) => ({ type: ['string', 'null'], minLength: 1, maxLength: max }) as const;
const amount = { type: 'integer', minimum: 0, maximum: ORDER_LIMITS.maxPrice } as const;

export const createOrderBodySchema = {
  type: 'object',
  additionalProperties: false,
  required: ['order_name', 'price', 'order_type', 'user'],
  properties: {
    order_name: text(ORDER_LIMITS.textLength),
    price: amount,
    tax_free_price: amount,
    order_type: { enum: [...ORDER_TYPES] },
    user: {
      type: 'object',
      additionalProperties: false,
      properties: {
        user_id: optionalText(ORDER_LIMITS.idLength),
        name: optionalText(ORDER_LIMITS.textLength),
        email: optionalText(ORDER_LIMITS.emailLength),
        phone: optionalText(ORDER_LIMITS.phoneLength),
        user_group_id: optionalText(ORDER_LIMITS.idLength),
      },
    },
    products: {
      type: ['array', 'null'],
      minItems: 1,
      maxItems: ORDER_LIMITS.maxProducts,
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['product_id', 'name', 'quantity', 'price'],
        properties: {
          product_id: text(ORDER_LIMITS.idLength),
          name: text(ORDER_LIMITS.textLength),
          quantity: { type: 'integer', minimum: 1, maximum: ORDER_LIMITS.maxQuantity },
          price: amount,
        },
      },
    },
    order_subscription_id: optionalText(ORDER_LIMITS.idLength),
    subscription_billing_type: { enum: [...BILLING_TYPES] },
  },
} as const;

const ACTION_PROPERTIES: Record<string, object> = {
  receipt_id: text(RECEIPT_ID_LENGTH),
  method: optionalText(PAYMENT_TEXT_LENGTH),
  card_name: optionalText(PAYMENT_TEXT_LENGTH),
  card_no: optionalText(PAYMENT_TEXT_LENGTH),
  purchased_at: { type: ['string', 'null'], maxLength: 40 },
  reason: text(REASON_LENGTH),
  message: text(REASON_LENGTH),
};

/** An action's body: only its own fields. No body passes here so a missing field is named by the domain. */
export function actionBodySchema(action: StatusAction) {
  const { required, optional } = ACTION_FIELDS[action];
  const names = [...required, ...optional];
  return {
    type: ['object', 'null'],
    additionalProperties: false,
    required: [...required],
    properties: Object.fromEntries(names.map((name) => [name, ACTION_PROPERTIES[name]!])),
  };
}
