/**
 * Korean names of the API's codes, from the contract the server shares (generated/); this module
 * has no DOM use so Node can import it too.
 */
import {
  BILLING_TYPE_LABELS as BILLING_TYPES,
  ORDER_STATUS_LABELS as ORDER_STATUSES,
  ORDER_STATUS_VALUES,
  ORDER_TYPE_LABELS as ORDER_TYPES,
  ORDER_TYPES as ORDER_TYPE_VALUES,
  RECEIPT_STATUS_LABELS,
  RECEIPT_STATUS_VALUES as PAYMENT_STATUS_VALUES,
  CHANGE_CHANNEL_LABELS,
  type StatusLabel,
} from './generated/contract-constants.js';
import type { OrderDetail } from './generated/api-types.js';

const korean = (labels: Readonly<Record<string | number, StatusLabel>>): Readonly<Record<string, string>> =>
  Object.fromEntries(Object.entries(labels).map(([value, label]) => [value, label.ko]));

export const ORDER_STATUS_LABELS = korean(ORDER_STATUSES);
export const PAYMENT_STATUS_LABELS = korean(RECEIPT_STATUS_LABELS);
export const ORDER_TYPE_LABELS = korean(ORDER_TYPES);
export const BILLING_TYPE_LABELS = korean(BILLING_TYPES);

export { ORDER_STATUS_VALUES, ORDER_TYPE_VALUES, PAYMENT_STATUS_VALUES };

/** Who made a history entry, and through what: `박상담 · 콘솔`, `API 키 6870… · API`, `가져오기`. */
export function actorText(change: OrderDetail['history'][number]): string {
  const channel = change.channel ? CHANGE_CHANNEL_LABELS[change.channel].ko : null;
  const who = change.actor_type === 'operator' ? change.actor_name
    : change.actor_type === 'key' ? `API 키 ${change.actor_id}`
      : change.actor_type === 'system' ? null
        : change.actor;
  return [who, channel].filter(Boolean).join(' · ') || '—';
}

export const ISSUE_LABELS = {
  stuck_payments: { title: '결제 진행 지연', describe: (minutes: number) => `결제 진행 중으로 ${minutes}분 넘게 머문 주문` },
  cancellation_requests: { title: '취소 요청 대기', describe: () => '취소 요청 후 아직 처리되지 않은 주문' },
  payment_failures: { title: '결제 실패', describe: () => '결제 시도가 실패한 적이 있는 주문' },
} as const;
