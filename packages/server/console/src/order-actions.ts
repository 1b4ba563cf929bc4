/**
 * What an operator may do to an order from the console: the API's own status actions, each sent
 * with an idempotency key, and the outcome read from the API's answer.
 */
import { ApiRequestError, type ApiClient } from './api.js';
import type { OrderDetail } from './api-types.js';
import { ERRORS } from './generated/contract-constants.js';

/** The write API's limit for `reason` and `message` (domain/status-action-input.ts); the server checks it too. */
export const ACTION_TEXT_MAX_LENGTH = 500;

export type OrderAction = 'approve' | 'reject' | 'cancel';

export interface ActionSpec {
  /** `POST /v1/orders/:order_id/<path>`. */
  path: string;
  /** The order status the action starts from. */
  from: number;
  label: string;
  /** The body field the operator writes (the API requires it), or none. */
  text: { field: 'reason' | 'message'; label: string } | null;
  danger: boolean;
  /** What the change does, said in the confirmation. */
  effect: string;
}

export const ORDER_ACTIONS: Readonly<Record<OrderAction, ActionSpec>> = {
  approve: {
    path: 'cancel/approve', from: 3, label: '취소 승인', text: null, danger: true,
    effect: '결제가 취소되고 주문은 취소 완료가 됩니다. 되돌릴 수 없습니다.',
  },
  reject: {
    path: 'cancel/reject', from: 3, label: '취소 거절', text: { field: 'message', label: '거절 메시지 (주문자에게 전달)' }, danger: false,
    effect: '주문은 결제 완료로 돌아가고 메시지는 상태 이력에 남습니다.',
  },
  cancel: {
    path: 'cancel', from: 2, label: '주문 취소', text: { field: 'reason', label: '취소 사유' }, danger: true,
    effect: '결제가 취소되고 주문은 취소 완료가 됩니다. 되돌릴 수 없습니다.',
  },
};

/** The actions an order's current status allows. */
export function actionsFor(status: number): OrderAction[] {
  return (Object.keys(ORDER_ACTIONS) as OrderAction[]).filter((action) => ORDER_ACTIONS[action].from === status);
}

export type ActionOutcome =
  | { kind: 'done'; order: OrderDetail }
  | { kind: 'already'; message: string }
  | { kind: 'not-allowed'; message: string };

export const OUTCOME_LABELS: Readonly<Record<ActionOutcome['kind'], string>> = {
  done: '처리됨',
  already: '이미 처리됨',
  'not-allowed': '처리 불가',
};

/** A fresh key for one operator action; a retry of the same action reuses it. (Not randomUUID: plain-HTTP hosts lack it.) */
export function newIdempotencyKey(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return `console-${Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('')}`;
}

/**
 * Sends one action. 200 → done; 409 `PROCESS_DUPLICATED` → already processed; 409
 * `INVALID_STATE_CHANGE` → not allowed. Anything else (network, 403, 404, 5xx) is thrown.
 */
export async function runOrderAction(api: ApiClient, orderId: string, action: OrderAction, text: string | null, idempotencyKey: string): Promise<ActionOutcome> {
  const spec = ORDER_ACTIONS[action];
  const body = spec.text ? { [spec.text.field]: text ?? '' } : undefined;
  try {
    const order = await api.post<OrderDetail>(`/v1/orders/${encodeURIComponent(orderId)}/${spec.path}`, body, idempotencyKey);
    return { kind: 'done', order };
  } catch (error) {
    if (error instanceof ApiRequestError && error.status === 409) {
      if (error.code === ERRORS.PROCESS_DUPLICATED.code) return { kind: 'already', message: error.message };
      if (error.code === ERRORS.INVALID_STATE_CHANGE.code) return { kind: 'not-allowed', message: error.message };
    }
    throw error;
  }
}

/**
 * Whether the operator may act: their role must allow cancellation handling (`mayCancel`, the
 * server enforces the same), and a 403 on a first try (a role changed meanwhile) hides the
 * actions from then on.
 */
export function createPermissions(mayCancel: () => boolean) {
  let writable = true;
  return {
    /** The one place the console decides whether to show an action. */
    canAct(_action: OrderAction): boolean {
      return writable && mayCancel();
    },
    /** Call with any action error: a 403 (`KEY_SCOPE_FORBIDDEN`, `ROLE_FORBIDDEN`) hides the actions from then on. */
    note(error: unknown): void {
      if (error instanceof ApiRequestError && error.status === 403) writable = false;
    },
  };
}
export type Permissions = ReturnType<typeof createPermissions>;
