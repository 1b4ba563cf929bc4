/**
 * 취소 요청 대기, several at once: approve or reject the selected orders in one step, then a
 * result per order as the API answered it (처리됨 / 이미 처리됨 / 처리 불가).
 */
import type { OrderListItem } from '../api-types.js';
import type { ConsoleContext } from '../context.js';
import { fill, h } from '../dom.js';
import { formatCount, formatWon } from '../format.js';
import { ACTION_TEXT_MAX_LENGTH, ORDER_ACTIONS, OUTCOME_LABELS, runOrderAction, type ActionOutcome, type OrderAction } from '../order-actions.js';
import { listValues } from '../query-state.js';

const BULK_ACTIONS: OrderAction[] = ['approve', 'reject'];

type BulkOutcome = ActionOutcome['kind'] | 'failed';
const BULK_OUTCOME_LABELS: Readonly<Record<BulkOutcome, string>> = { ...OUTCOME_LABELS, failed: '오류' };

/** The list shows exactly the orders waiting for a cancellation decision. */
export function isCancellationRequestList(filters: URLSearchParams): boolean {
  const statuses = listValues(filters, 'status');
  return statuses.length === 1 && statuses[0] === String(ORDER_ACTIONS.approve.from);
}

export interface BulkActions {
  /** The bar above the table (shown only on the cancellation-request list). */
  bar: HTMLElement;
  /** The per-order results of the last bulk action. */
  results: HTMLElement;
  /** Whether the list offers selection now. */
  available(): boolean;
  update(selected: readonly OrderListItem[]): void;
}

export function createBulkActions(ctx: ConsoleContext, clearSelection: () => void): BulkActions {
  let selected: readonly OrderListItem[] = [];
  const summary = h('span', { class: 'bulk-summary', 'aria-live': 'polite' });
  const buttons = BULK_ACTIONS.map((action) => h('button', {
    type: 'button', class: `button ${ORDER_ACTIONS[action].danger ? 'danger-outline' : ''}`, 'data-bulk-action': action,
    onclick: () => confirmBulk(action),
  }, `선택 ${ORDER_ACTIONS[action].label}`));
  const bar = h('div', { class: 'bulk-bar', role: 'group', 'aria-label': '선택한 취소 요청 처리', hidden: true }, summary, ...buttons);
  const results = h('section', { class: 'bulk-results', 'aria-labelledby': 'bulk-results-title', tabindex: '-1', hidden: true });

  const available = () => isCancellationRequestList(ctx.state().filters) && BULK_ACTIONS.some((a) => ctx.permissions.canAct(a));

  function confirmBulk(action: OrderAction): void {
    const spec = ORDER_ACTIONS[action];
    const orders = [...selected];
    if (orders.length === 0) return;
    const total = orders.reduce((sum, order) => sum + order.price, 0);
    ctx.confirm.open({
      title: `취소 요청 ${formatCount(orders.length)} ${spec.label}`,
      subject: h('div', {},
        h('p', {}, `선택한 ${formatCount(orders.length)} · 합계 `, h('strong', {}, formatWon(total))),
        h('p', { class: 'muted' }, `주문마다 따로 처리합니다: ${spec.effect}`),
        h('ul', { class: 'confirm-orders' }, ...orders.map((order) =>
          h('li', {}, h('span', { class: 'mono' }, order.order_number), ` ${order.order_name} · ${formatWon(order.price)}`)))),
      text: spec.text && { label: spec.text.label, maxLength: ACTION_TEXT_MAX_LENGTH },
      confirmLabel: `${formatCount(orders.length)} ${spec.label}`,
      danger: spec.danger,
      run: async (text, key) => {
        const outcomes: Array<{ order: OrderListItem; kind: BulkOutcome; message: string }> = [];
        // One after the other: each order's result is the API's answer to its own request.
        for (const order of orders) {
          try {
            const outcome = await runOrderAction(ctx.api, order.order_id, action, text, `${key}.${order.order_id}`);
            outcomes.push({ order, kind: outcome.kind, message: outcome.kind === 'done' ? '' : outcome.message });
          } catch (error) {
            ctx.permissions.note(error);
            outcomes.push({ order, kind: 'failed', message: error instanceof Error ? error.message : String(error) });
          }
        }
        showResults(spec.label, outcomes);
        clearSelection();
        ctx.refresh();
        return results;
      },
    });
  }

  function showResults(label: string, outcomes: Array<{ order: OrderListItem; kind: BulkOutcome; message: string }>): void {
    const counts = (Object.keys(BULK_OUTCOME_LABELS) as BulkOutcome[])
      .map((kind) => ({ kind, count: outcomes.filter((o) => o.kind === kind).length }))
      .filter((c) => c.count > 0 || c.kind !== 'failed');
    fill(results,
      h('div', { class: 'bulk-results-head' },
        h('h3', { id: 'bulk-results-title' }, `일괄 ${label} 결과`),
        h('span', { class: 'muted' }, counts.map((c) => `${BULK_OUTCOME_LABELS[c.kind]} ${formatCount(c.count)}`).join(' · ')),
        h('button', { type: 'button', class: 'icon-button', 'aria-label': '결과 닫기', onclick: () => { results.hidden = true; } }, '×')),
      h('ul', { class: 'bulk-results-list' }, ...outcomes.map(({ order, kind, message }) =>
        h('li', { 'data-order-id': order.order_id, 'data-outcome': kind },
          h('span', { class: `outcome outcome-${kind}` }, BULK_OUTCOME_LABELS[kind]),
          h('span', { class: 'mono' }, order.order_number),
          h('span', {}, order.order_name),
          message ? h('span', { class: 'muted' }, message) : null))));
    results.hidden = false;
  }

  return {
    bar,
    results,
    available,
    update(next) {
      selected = next;
      bar.hidden = !available();
      const total = next.reduce((sum, order) => sum + order.price, 0);
      fill(summary, next.length > 0 ? `선택 ${formatCount(next.length)} · ${formatWon(total)}` : '처리할 주문을 선택하세요');
      for (const button of buttons) {
        button.hidden = !ctx.permissions.canAct(button.dataset.bulkAction as OrderAction);
        button.disabled = next.length === 0;
      }
    },
  };
}
