import {
  checkText,
  choiceField,
  fieldPath,
  integerField,
  objectAt,
  textField,
  type Fields,
  type TextRule,
} from './body-fields.js';
import { invalidField } from './errors.js';
import type { Order, OrderProduct, OrderWithProducts } from './order.js';
import { BILLING_TYPES, ORDER_TYPES, RECEIPT_STATUS, ORDER_STATUS, type BillingType, type OrderType } from './order-status.js';

/** Limits of a new order's fields; the route's JSON schema is built from the same numbers. */
export const ORDER_LIMITS = {
  textLength: 200,
  idLength: 128,
  emailLength: 254,
  phoneLength: 32,
  maxPrice: 1_000_000_000_000,
  maxProducts: 100,
  maxQuantity: 1_000_000,
} as const;

export const NEW_ORDER_FIELDS = [
  'order_name', 'price', 'tax_free_price', 'order_type', 'user', 'products', 'order_subscription_id', 'subscription_billing_type',
] as const;
export const USER_FIELDS = ['user_id', 'name', 'email', 'phone', 'user_group_id'] as const;
export const PRODUCT_FIELDS = ['product_id', 'name', 'quantity', 'price'] as const;

export const EMAIL_PATTERN = { regex: /^[^\s@]+@[^\s@]+$/, description: `이메일 주소 (${ORDER_LIMITS.emailLength}자 이하)` };
export const PHONE_PATTERN = { regex: /^[0-9+\-() ]+$/, description: `숫자, +, -, 괄호, 공백으로 된 전화번호 (${ORDER_LIMITS.phoneLength}자 이하)` };

/** The buyer a create body names (`user`); every field may be absent. */
export interface BuyerInput {
  user_id: string | null;
  name: string | null;
  email: string | null;
  phone: string | null;
  user_group_id: string | null;
}

/** A validated create body. */
export interface NewOrderInput {
  order_name: string;
  price: number;
  tax_free_price: number;
  order_type: OrderType;
  user: BuyerInput;
  products: OrderProduct[];
  order_subscription_id: string | null;
  subscription_billing_type: BillingType;
}

/**
 * A create body whose shape the route's schema has checked (types, lengths, enums, no unknown
 * field); what is left to check are the rules below. Import records, which no schema checks,
 * are read field by field (`readNewOrder`) and then meet the same rules.
 */
export interface NewOrderFields {
  order_name: string;
  price: number;
  tax_free_price?: number;
  order_type: OrderType;
  user: { user_id?: string | null; name?: string | null; email?: string | null; phone?: string | null; user_group_id?: string | null };
  products?: OrderProduct[] | null;
  order_subscription_id?: string | null;
  subscription_billing_type?: BillingType;
}

const id = { max: ORDER_LIMITS.idLength };
const name = { max: ORDER_LIMITS.textLength };
const amount = { min: 0, max: ORDER_LIMITS.maxPrice };
const BUYER_RULES: Record<keyof BuyerInput, TextRule> = {
  user_id: id,
  name,
  email: { max: ORDER_LIMITS.emailLength, pattern: EMAIL_PATTERN },
  phone: { max: ORDER_LIMITS.phoneLength, pattern: PHONE_PATTERN },
  user_group_id: id,
};

function readBuyer(value: unknown, path: string): BuyerInput {
  const fields = objectAt(value, path, USER_FIELDS);
  const read = (field: keyof BuyerInput) => textField(fields, field, path, BUYER_RULES[field]) ?? null;
  return { user_id: read('user_id'), name: read('name'), email: read('email'), phone: read('phone'), user_group_id: read('user_group_id') };
}

function checkBuyer(user: NewOrderFields['user'], path: string): BuyerInput {
  const check = (field: keyof BuyerInput) => {
    const value = user[field];
    return value === undefined || value === null ? null : checkText(value, fieldPath(path, field), BUYER_RULES[field]);
  };
  return { user_id: check('user_id'), name: check('name'), email: check('email'), phone: check('phone'), user_group_id: check('user_group_id') };
}

function checkProductsTotal(products: OrderProduct[], value: unknown, path: string, price: number): OrderProduct[] {
  const total = products.reduce((sum, p) => sum + p.quantity * p.price, 0);
  if (total !== price) {
    throw invalidField(path, value, `수량 × 가격의 합계가 price(${price})와 같은 상품 목록 (지금 합계 ${total})`);
  }
  return products;
}

function readProducts(value: unknown, path: string, price: number): OrderProduct[] {
  if (value === undefined || value === null) return [];
  const expected = `1~${ORDER_LIMITS.maxProducts}개의 상품 {product_id, name, quantity, price} 배열`;
  if (!Array.isArray(value) || value.length === 0 || value.length > ORDER_LIMITS.maxProducts) {
    throw invalidField(path, value, expected);
  }
  const products = value.map((item, index): OrderProduct => {
    const at = fieldPath(path, index);
    const fields = objectAt(item, at, PRODUCT_FIELDS);
    return {
      product_id: textField(fields, 'product_id', at, { ...id, required: true }),
      name: textField(fields, 'name', at, { ...name, required: true }),
      quantity: integerField(fields, 'quantity', at, { min: 1, max: ORDER_LIMITS.maxQuantity, required: true })!,
      price: integerField(fields, 'price', at, { ...amount, required: true })!,
    };
  });
  return checkProductsTotal(products, value, path, price);
}

function checkProducts(products: OrderProduct[] | null | undefined, path: string, price: number): OrderProduct[] {
  if (products === undefined || products === null) return [];
  const checked = products.map((product, index) => {
    const at = fieldPath(path, index);
    checkText(product.product_id, fieldPath(at, 'product_id'), { ...id, required: true });
    checkText(product.name, fieldPath(at, 'name'), { ...name, required: true });
    return { product_id: product.product_id, name: product.name, quantity: product.quantity, price: product.price };
  });
  return checkProductsTotal(checked, products, path, price);
}

function readSubscription(fields: Fields, path: string, orderType: OrderType, buyer: BuyerInput) {
  const subscriptionId = textField(fields, 'order_subscription_id', path, id) ?? null;
  const billingType = choiceField(fields, 'subscription_billing_type', path, BILLING_TYPES);
  return checkSubscription(fields, subscriptionId, billingType, path, orderType, buyer);
}

function checkSubscription(
  fields: { order_subscription_id?: unknown },
  subscriptionId: string | null,
  billingType: BillingType | undefined,
  path: string,
  orderType: OrderType,
  buyer: BuyerInput,
) {
  if (orderType !== 'subscription') {
    if (subscriptionId !== null) {
      throw invalidField(fieldPath(path, 'order_subscription_id'), subscriptionId, `order_type이 'subscription'일 때만 쓰는 값 (지금 '${orderType}')`);
    }
    if (billingType !== undefined && billingType !== 0) {
      throw invalidField(fieldPath(path, 'subscription_billing_type'), billingType, `구독 주문이 아니면 0 (지금 order_type '${orderType}')`);
    }
    return { order_subscription_id: null, subscription_billing_type: 0 as BillingType };
  }
  if (subscriptionId === null) {
    throw invalidField(fieldPath(path, 'order_subscription_id'), fields.order_subscription_id, "구독 계약 ID (order_type이 'subscription'이면 필수)");
  }
  const billing = billingType ?? 1;
  if (billing === 0) {
    throw invalidField(fieldPath(path, 'subscription_billing_type'), billingType, '구독 주문은 1 (계약별 청구) 또는 2 (그룹별 청구)');
  }
  if (billing === 2 && buyer.user_group_id === null) {
    throw invalidField(fieldPath(path, 'user.user_group_id'), null, '그룹별 청구(subscription_billing_type 2)에는 주문자 그룹 ID가 필요합니다');
  }
  return { order_subscription_id: subscriptionId, subscription_billing_type: billing };
}

/** Validates the fields of a create body (also the core of an import record). */
export function readNewOrder(fields: Fields, path = ''): NewOrderInput {
  const orderName = textField(fields, 'order_name', path, { ...name, required: true });
  const price = integerField(fields, 'price', path, { ...amount, required: true })!;
  const taxFree = integerField(fields, 'tax_free_price', path, amount) ?? 0;
  if (taxFree > price) {
    throw invalidField(fieldPath(path, 'tax_free_price'), taxFree, `0 이상 price(${price}) 이하의 정수`);
  }
  const orderType = choiceField(fields, 'order_type', path, ORDER_TYPES, true)!;
  const user = readBuyer(fields.user, fieldPath(path, 'user'));
  const products = readProducts(fields.products, fieldPath(path, 'products'), price);
  return {
    order_name: orderName,
    price,
    tax_free_price: taxFree,
    order_type: orderType,
    user,
    products,
    ...readSubscription(fields, path, orderType, user),
  };
}

/** A create body the route's schema has shaped, after the rules no schema expresses. */
export function newOrderFromBody(body: NewOrderFields): NewOrderInput {
  const orderName = checkText(body.order_name, 'order_name', { ...name, required: true });
  const price = body.price;
  const taxFree = body.tax_free_price ?? 0;
  if (taxFree > price) throw invalidField('tax_free_price', taxFree, `0 이상 price(${price}) 이하의 정수`);
  const user = checkBuyer(body.user, 'user');
  const products = checkProducts(body.products, 'products', price);
  const subscriptionId =
    body.order_subscription_id === undefined || body.order_subscription_id === null
      ? null
      : checkText(body.order_subscription_id, 'order_subscription_id', id);
  return {
    order_name: orderName,
    price,
    tax_free_price: taxFree,
    order_type: body.order_type,
    user,
    products,
    ...checkSubscription(body, subscriptionId, body.subscription_billing_type, '', body.order_type, user),
  };
}


export interface OrderIdentity {
  project_id: string;
  order_id: string;
  order_number: string;
  created_at: number;
}

/** Where an order stands: what the status actions change. */
export type OrderProgress = Pick<
  Order, 'status' | 'receipt_status' | 'receipt_id' | 'payment' | 'purchased_at' | 'cancelled_at' | 'updated_at' | 'cancelled_price'
>;

/** A freshly created order: status 0 (created), unpaid. */
export function createdProgress(createdAt: number): OrderProgress {
  return {
    status: ORDER_STATUS.CREATED,
    receipt_status: RECEIPT_STATUS.UNPAID,
    receipt_id: null,
    payment: null,
    purchased_at: null,
    cancelled_at: null,
    updated_at: createdAt,
    cancelled_price: 0,
  };
}

/** The order a validated body describes, as created or (for an import) as far as it has come. */
export function buildOrder(
  input: NewOrderInput,
  identity: OrderIdentity,
  progress: OrderProgress = createdProgress(identity.created_at),
): OrderWithProducts {
  return {
    order_id: identity.order_id,
    project_id: identity.project_id,
    order_number: identity.order_number,
    order_name: input.order_name,
    price: input.price,
    tax_free_price: input.tax_free_price,
    status: progress.status,
    receipt_status: progress.receipt_status,
    order_type: input.order_type,
    user_id: input.user.user_id,
    username: input.user.name,
    user_email: input.user.email,
    user_phone: input.user.phone,
    user_group_id: input.user.user_group_id,
    order_subscription_id: input.order_subscription_id,
    subscription_billing_type: input.subscription_billing_type,
    receipt_id: progress.receipt_id,
    payment: progress.payment,
    created_at: identity.created_at,
    purchased_at: progress.purchased_at,
    cancelled_at: progress.cancelled_at,
    updated_at: progress.updated_at,
    cancelled_price: progress.cancelled_price,
    products: input.products,
  };
}
