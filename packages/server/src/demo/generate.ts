import { createHash } from 'node:crypto';
import type { Buyer, BuyerGroup, OrderProduct, OrderWithProducts, Subscription } from '../domain/order.js';
import { ORDER_STATUS, RECEIPT_STATUS, type OrderStatus, type OrderType } from '../domain/order-status.js';
import { newOrderId, newOrderNumber } from '../domain/order-ids.js';
import { demoHistory } from './history.js';
import { CARD_NAMES, COMPANY_NAMES, GIVEN_NAMES, PAYMENT_METHODS, PLANS, PRODUCTS, SURNAMES } from './catalogue.js';
import { SeededRandom } from './random.js';

export interface DemoOptions {
  projectId: string;
  orders: number;
  seed: number;
  /** Unix seconds; orders are spread over the 13 months before it. */
  now: number;
  timeZone: string;
}

export interface DemoReferenceData {
  groups: BuyerGroup[];
  buyers: Buyer[];
  subscriptions: Subscription[];
}

const THIRTEEN_MONTHS = 395 * 24 * 3600;

function hashSeed(text: string): number {
  return createHash('sha256').update(text).digest().readUInt32LE(0);
}

/**
 * What the orders are (buyers, types, statuses, amounts, histories) comes from the seed alone, so
 * one seed gives the same data in every project and a test's expectations do not depend on the
 * project id it happened to get. Their ids come from the project too: the same seed in two
 * projects must not give the same ids.
 */
function dataSeed(options: DemoOptions, salt: string): number {
  return hashSeed(`${options.seed}:${salt}`);
}

function idSeed(options: DemoOptions): number {
  return hashSeed(`${options.projectId}:${options.seed}:ids`);
}

export function demoReferenceData(options: DemoOptions): DemoReferenceData {
  const random = new SeededRandom(dataSeed(options, 'reference'));
  const buyerCount = Math.max(20, Math.min(50_000, Math.ceil(options.orders / 10)));
  const groupCount = Math.max(5, Math.min(2_000, Math.ceil(buyerCount / 25)));
  const groups: BuyerGroup[] = Array.from({ length: groupCount }, (_, i) => ({
    user_group_id: `group_${String(i + 1).padStart(4, '0')}`,
    name: `${random.pick(COMPANY_NAMES)} ${i + 1}`,
  }));
  const buyers: Buyer[] = Array.from({ length: buyerCount }, (_, i) => {
    const userId = `user_${String(i + 1).padStart(6, '0')}`;
    return {
      user_id: userId,
      username: random.pick(SURNAMES) + random.pick(GIVEN_NAMES),
      email: random.chance(0.95) ? `${userId}@example.com` : null,
      phone: `010-${random.digits(4)}-${random.digits(4)}`,
      user_group_id: random.chance(0.4) ? random.pick(groups).user_group_id : null,
    };
  });
  const start = options.now - THIRTEEN_MONTHS;
  const subscriptions: Subscription[] = buyers
    .filter(() => random.chance(0.2))
    .map((buyer, i) => ({
      order_subscription_id: `sub_${String(i + 1).padStart(6, '0')}`,
      user_id: buyer.user_id,
      user_group_id: buyer.user_group_id,
      // Billing per group needs a group to bill.
      billing_type: buyer.user_group_id && random.chance(0.4) ? 2 : 1,
      name: random.pick(PLANS).name,
      created_at: start + random.int(0, THIRTEEN_MONTHS / 2),
    }));
  return { groups, buyers, subscriptions };
}

function pickStatus(random: SeededRandom, ageSeconds: number): OrderStatus {
  if (ageSeconds < 30 * 60) {
    return random.weighted<OrderStatus>([[0, 30], [1, 30], [2, 40]]);
  }
  // A payment still in progress past the stuck threshold is rare: a few in the last hours (the
  // PG is slow to answer), almost none older (about 2 in 10,000), not 1.5 % of everything.
  const stuck = ageSeconds < 6 * 3600 ? 2 : 0.02;
  return random.weighted<OrderStatus>([[0, 10], [1, stuck], [2, 72], [3, 3], [4, 13.5]]);
}

function maskedCardNumber(random: SeededRandom): string {
  return `${random.digits(4)}-****-****-${random.digits(4)}`;
}

/** Yields the demo orders in batches; the same options always give the same orders. */
export function* demoOrders(
  options: DemoOptions,
  reference: DemoReferenceData,
  batchSize = 2_000,
): Generator<OrderWithProducts[]> {
  const random = new SeededRandom(dataSeed(options, 'orders'));
  const ids = new SeededRandom(idSeed(options));
  const start = options.now - THIRTEEN_MONTHS;
  const subscriptionsByUser = new Map<string, Subscription[]>();
  for (const subscription of reference.subscriptions) {
    const list = subscriptionsByUser.get(subscription.user_id!) ?? [];
    list.push(subscription);
    subscriptionsByUser.set(subscription.user_id!, list);
  }
  const billingRound = new Map<string, number>();

  // Orders arrive in time order, spread evenly over the period with jitter (also kind to indexes).
  const slot = THIRTEEN_MONTHS / Math.max(1, options.orders);
  let batch: OrderWithProducts[] = [];
  for (let i = 0; i < options.orders; i++) {
    const createdAt = Math.min(options.now, Math.floor(start + slot * (i + random.next())));
    const buyer = random.pick(reference.buyers);
    const subscription = subscriptionsByUser.get(buyer.user_id);
    const orderType: OrderType = subscription && random.chance(0.6)
      ? 'subscription'
      : random.weighted<OrderType>([['link', 40], ['direct', 60]]);

    let products: OrderProduct[];
    let orderName: string;
    let contract: Subscription | null = null;
    if (orderType === 'subscription') {
      contract = random.pick(subscription!);
      const plan = PLANS.find((p) => p.name === contract!.name)!;
      const round = (billingRound.get(contract.order_subscription_id) ?? 0) + 1;
      billingRound.set(contract.order_subscription_id, round);
      orderName = `${plan.name} ${round}회차`;
      products = [{ product_id: `plan_${PLANS.indexOf(plan) + 1}`, name: plan.name, quantity: 1, price: plan.price }];
    } else {
      const lines = random.weighted<number>([[1, 70], [2, 20], [3, 10]]);
      products = Array.from({ length: lines }, () => {
        const product = random.pick(PRODUCTS);
        return {
          product_id: `prod_${String(PRODUCTS.indexOf(product) + 1).padStart(3, '0')}`,
          name: product.name,
          quantity: random.weighted<number>([[1, 80], [2, 15], [3, 5]]),
          price: product.price,
        };
      });
      orderName = lines === 1 ? products[0]!.name : `${products[0]!.name} 외 ${lines - 1}건`;
    }
    const price = products.reduce((sum, p) => sum + p.price * p.quantity, 0);
    const taxFreePrice = products
      .filter((p) => PRODUCTS.find((c) => c.name === p.name)?.taxFree)
      .reduce((sum, p) => sum + p.price * p.quantity, 0);

    const status = pickStatus(random, options.now - createdAt);
    const paid = status === ORDER_STATUS.PAID || status === ORDER_STATUS.CANCELLATION_REQUESTED || status === ORDER_STATUS.CANCELLED;
    const purchasedAt = paid ? Math.min(options.now, createdAt + random.int(5, 1_800)) : null;
    const cancelledAt = status === ORDER_STATUS.CANCELLED ? Math.min(options.now, purchasedAt! + random.int(600, 10 * 86_400)) : null;
    const method = random.pick(PAYMENT_METHODS);

    const order: OrderWithProducts = {
      // The last 8 hex digits seed the order's history (demo/history.ts): they are the data's.
      order_id: newOrderId(createdAt, () => ids.hex(8) + random.hex(8)),
      project_id: options.projectId,
      order_number: newOrderNumber(createdAt, options.timeZone, () => ids.digits(14)),
      order_name: orderName,
      price,
      tax_free_price: taxFreePrice,
      status,
      receipt_status: status === ORDER_STATUS.CANCELLED ? RECEIPT_STATUS.PAYMENT_CANCELLED : paid ? RECEIPT_STATUS.PAID : RECEIPT_STATUS.UNPAID,
      order_type: orderType,
      user_id: buyer.user_id,
      username: buyer.username,
      user_email: buyer.email,
      user_phone: buyer.phone,
      user_group_id: buyer.user_group_id,
      order_subscription_id: contract?.order_subscription_id ?? null,
      subscription_billing_type: contract ? (contract.billing_type) : 0,
      receipt_id: paid ? ids.hex(24) : null,
      payment: paid
        ? { method, card_name: method === '카드' ? random.pick(CARD_NAMES) : null, card_no: method === '카드' ? maskedCardNumber(random) : null }
        : null,
      created_at: createdAt,
      purchased_at: purchasedAt,
      cancelled_at: cancelledAt,
      updated_at: cancelledAt ?? purchasedAt ?? createdAt,
      cancelled_price: status === ORDER_STATUS.CANCELLED ? price : 0,
      products,
    };
    // The last change is the history's (a cancellation request comes after the payment).
    order.updated_at = demoHistory(order, options.now).at(-1)!.at;
    batch.push(order);
    if (batch.length === batchSize) {
      yield batch;
      batch = [];
    }
  }
  if (batch.length > 0) yield batch;
}
