import { SUBSCRIPTION_STATUS, type SubscriptionStatus } from '../contract/constants.js';
import type { Order, Subscription } from './order.js';

/** What a contract's billing orders say of it, read with the contract. */
export interface ContractFigures {
  /** The earliest billing order (the one that opened the contract), or null before the first. */
  first_order_id: string | null;
  billing_count: number;
  paid_count: number;
  latest_purchased_at: number | null;
  last_billing_created_at: number | null;
}

/** A subscription contract as the read side shows it: stored fields, its orders' figures, its status. */
export interface SubscriptionContract extends Subscription, ContractFigures {
  status: SubscriptionStatus;
}

/** A contract with its billing orders, newest first. */
export interface SubscriptionContractDetail extends SubscriptionContract {
  orders: Order[];
}

/**
 * jumun has no pause, termination or expiry of a contract yet, so its status follows from its
 * billing orders alone: waiting (0) until one of them was paid, active (1) from then on. A paid
 * order cancelled later was still paid once (its `purchased_at` stays).
 */
export function contractStatus(figures: Pick<ContractFigures, 'paid_count'>): SubscriptionStatus {
  return figures.paid_count > 0 ? SUBSCRIPTION_STATUS.ACTIVE : SUBSCRIPTION_STATUS.WAITING;
}

