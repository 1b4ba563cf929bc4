import { ApiError } from './errors.js';
import {
  ORDER_STATUS,
  ORDER_STATUS_LABELS,
  RECEIPT_STATUS,
  type OrderStatus,
  type ReceiptStatus,
} from './order-status.js';

/** The status actions, named as history records them (the console counts failures by name). */
export const STATUS_ACTIONS = [
  'payment.start',
  'payment.complete',
  'payment.fail',
  'cancel.request',
  'cancel.approve',
  'cancel.reject',
  'cancel',
] as const;
export type StatusAction = (typeof STATUS_ACTIONS)[number];

/**
 * The steps of a cancellation request that have no route of their own on `/v1/orders/:id`: the
 * buyer withdrawing it, and approvals or direct cancellations of part of the amount.
 */
export const CANCELLATION_ACTIONS = ['cancel.withdraw', 'cancel.approve.partial', 'cancel.partial'] as const;
export type CancellationAction = (typeof CANCELLATION_ACTIONS)[number];

/** Every change the transition table knows. */
export type TransitionAction = StatusAction | CancellationAction;

/** Every history action: the status changes plus how an order came to exist. */
export type HistoryAction = TransitionAction | 'create' | 'import';

export interface Transition {
  from: readonly OrderStatus[];
  to: OrderStatus;
  /** The receipt (payment) status after the change; absent when the action leaves it as it is. */
  receipt?: ReceiptStatus;
  /**
   * The action brings the order back to a status that orders also have without ever taking it
   * (0 after a failed payment, 2 after a rejected cancellation), so only the order's last change
   * tells a repeat of it from a first, illegal attempt.
   */
  returnsToEarlierStatus: boolean;
  label: string;
}

const { CREATED, PAYMENT_IN_PROGRESS, PAID, CANCELLATION_REQUESTED, CANCELLED } = ORDER_STATUS;

export const TRANSITIONS: Record<TransitionAction, Transition> = {
  'payment.start': { from: [CREATED], to: PAYMENT_IN_PROGRESS, returnsToEarlierStatus: false, label: '결제 시작' },
  'payment.complete': {
    from: [CREATED, PAYMENT_IN_PROGRESS], to: PAID, receipt: RECEIPT_STATUS.PAID, returnsToEarlierStatus: false, label: '결제 완료',
  },
  'payment.fail': { from: [PAYMENT_IN_PROGRESS], to: CREATED, returnsToEarlierStatus: true, label: '결제 실패' },
  'cancel.request': { from: [PAID], to: CANCELLATION_REQUESTED, returnsToEarlierStatus: false, label: '취소 요청' },
  'cancel.approve': {
    from: [CANCELLATION_REQUESTED], to: CANCELLED, receipt: RECEIPT_STATUS.PAYMENT_CANCELLED, returnsToEarlierStatus: false, label: '취소 승인',
  },
  'cancel.reject': { from: [CANCELLATION_REQUESTED], to: PAID, returnsToEarlierStatus: true, label: '취소 거절' },
  cancel: { from: [PAID], to: CANCELLED, receipt: RECEIPT_STATUS.PAYMENT_CANCELLED, returnsToEarlierStatus: false, label: '취소' },
  'cancel.withdraw': { from: [CANCELLATION_REQUESTED], to: PAID, returnsToEarlierStatus: true, label: '취소 요청 철회' },
  // Part of the amount refunded: the order stays paid, with a cancelled and a remaining amount.
  'cancel.approve.partial': { from: [CANCELLATION_REQUESTED], to: PAID, returnsToEarlierStatus: true, label: '부분 취소 승인' },
  'cancel.partial': { from: [PAID], to: PAID, returnsToEarlierStatus: true, label: '부분 취소' },
};

export interface OrderState {
  status: OrderStatus;
  receipt_status: ReceiptStatus;
  /** The action of the order's latest history entry, null when it has none. */
  last_action: string | null;
}

export type TransitionDecision =
  | { kind: 'apply'; to: OrderStatus; receipt: ReceiptStatus }
  | { kind: 'duplicate' }
  | { kind: 'illegal' };

/** What an action does to an order in a given state: apply it, or why not. */
export function decideTransition(state: OrderState, action: TransitionAction): TransitionDecision {
  const transition = TRANSITIONS[action];
  if (transition.from.includes(state.status)) {
    return { kind: 'apply', to: transition.to, receipt: transition.receipt ?? state.receipt_status };
  }
  const alreadyThere = state.status === transition.to;
  if (alreadyThere && (!transition.returnsToEarlierStatus || state.last_action === action)) return { kind: 'duplicate' };
  return { kind: 'illegal' };
}

function statusText(status: OrderStatus): string {
  return `${status} ${ORDER_STATUS_LABELS[status].ko}`;
}

/** The 409 for a change the order's current status does not allow; names both statuses. */
export function illegalTransitionError(orderId: string, current: OrderStatus, action: TransitionAction): ApiError {
  const transition = TRANSITIONS[action];
  const allowed = transition.from.map(statusText).join(', ');
  return new ApiError(
    'INVALID_STATE_CHANGE',
    `현재 주문 상태(${statusText(current)})에서는 ${transition.label}(${action} → ${statusText(transition.to)})을(를) 할 수 없습니다. 가능한 상태: ${allowed}`,
    {
      order_id: orderId,
      action,
      current_status: current,
      requested_status: transition.to,
      allowed_from: transition.from,
    },
  );
}

export function duplicateTransitionError(orderId: string, current: OrderStatus, action: TransitionAction): ApiError {
  return new ApiError('PROCESS_DUPLICATED', undefined, { order_id: orderId, action, current_status: current });
}
