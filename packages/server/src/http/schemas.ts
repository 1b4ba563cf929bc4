/** JSON schemas of the responses, shared by `$id`; they also make serialisation fast. */
const nullableString = { type: ['string', 'null'] } as const;
const nullableInteger = { type: ['integer', 'null'] } as const;

export const orderListItemSchema = {
  $id: 'OrderListItem',
  type: 'object',
  properties: {
    order_id: { type: 'string' },
    order_name: { type: 'string' },
    price: { type: 'integer' },
    status: { type: 'integer' },
    receipt_status: { type: 'integer' },
    order_number: { type: 'string' },
    purchased_at: nullableString,
    created_at: { type: 'string' },
    username: nullableString,
    user_email: nullableString,
    tax_free_price: { type: 'integer' },
    order_type: { type: 'string' },
    user_id: nullableString,
    user_group_id: nullableString,
    order_subscription_id: nullableString,
    subscription_billing_type: { type: 'integer' },
    receipt_id: nullableString,
    cancelled_at: nullableString,
    updated_at: { type: 'string' },
  },
} as const;

export const orderListSchema = {
  $id: 'OrderList',
  type: 'object',
  properties: {
    count: { type: 'integer' },
    list: { type: 'array', items: { $ref: 'OrderListItem#' } },
    // jumun extension, `GET /v1/orders` only: continues after this page; null on the last page.
    next_cursor: nullableString,
  },
} as const;

export const orderDetailSchema = {
  $id: 'OrderDetail',
  type: 'object',
  properties: {
    ...orderListItemSchema.properties,
    user_phone: nullableString,
    user: {
      type: 'object',
      properties: {
        user_id: nullableString,
        username: nullableString,
        email: nullableString,
        phone: nullableString,
        user_group_id: nullableString,
      },
    },
    payment: {
      type: ['object', 'null'],
      properties: { method: nullableString, card_name: nullableString, card_no: nullableString },
    },
    products: {
      type: 'array',
      items: {
        type: 'object',
        properties: {
          product_id: { type: 'string' },
          name: { type: 'string' },
          quantity: { type: 'integer' },
          price: { type: 'integer' },
        },
      },
    },
    subscription: {
      type: ['object', 'null'],
      properties: {
        order_subscription_id: { type: 'string' },
        user_id: nullableString,
        user_group_id: nullableString,
        billing_type: { type: 'integer' },
        name: { type: 'string' },
        created_at: { type: 'string' },
      },
    },
    history: {
      type: 'array',
      items: {
        type: 'object',
        properties: {
          seq: { type: 'integer' },
          at: { type: 'string' },
          action: { type: 'string' },
          from_status: nullableInteger,
          to_status: { type: 'integer' },
          from_receipt_status: nullableInteger,
          to_receipt_status: { type: 'integer' },
          actor: nullableString,
          reason: nullableString,
        },
      },
    },
  },
} as const;

export const errorEnvelopeSchema = {
  $id: 'ErrorEnvelope',
  type: 'object',
  properties: {
    status: { type: 'integer' },
    code: { type: 'integer' },
    message: { type: 'string' },
    data: {},
  },
} as const;

export const SHARED_SCHEMAS = [orderListItemSchema, orderListSchema, orderDetailSchema, errorEnvelopeSchema];
