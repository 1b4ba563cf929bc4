/** 운영 현황: totals, one card per order status and per payment status; a card applies its filter. */
import type { OrderSummary } from '../api-types.js';
import type { ConsoleContext } from '../context.js';
import { fill, h } from '../dom.js';
import { formatCount, formatWon } from '../format.js';
import { ORDER_STATUS_LABELS, ORDER_STATUS_VALUES, PAYMENT_STATUS_LABELS, PAYMENT_STATUS_VALUES } from '../labels.js';
import { listValues, withFilter, withFilters, type FilterParam } from '../query-state.js';

const PAID_RECEIPT_STATUS = '1';

/** Why cards read 0: the list's own status filters narrow the summary too. */
function filterExplanation(filters: URLSearchParams): string {
  const parts: string[] = [];
  const statuses = listValues(filters, 'status');
  if (statuses.length > 0) parts.push(`주문 상태 ${statuses.map((v) => ORDER_STATUS_LABELS[v] ?? v).join(', ')}`);
  const payments = listValues(filters, 'payment_status');
  if (payments.length > 0) parts.push(`결제 상태 ${payments.map((v) => PAYMENT_STATUS_LABELS[v] ?? v).join(', ')}`);
  return parts.length === 0 ? '' : `${parts.join(' · ')} 조건이 적용되어 있어 그 밖의 상태는 0건으로 보입니다. 선택한 카드를 다시 누르면 해제됩니다.`;
}

export interface SummaryPanel {
  element: HTMLElement;
  show(summary: OrderSummary): void;
  /** The summary could not be loaded: no stale numbers stay on screen. */
  showFailure(): void;
  setBusy(busy: boolean): void;
}

export function createSummaryPanel(ctx: ConsoleContext): SummaryPanel {
  const totals = h('p', { class: 'summary-totals', 'aria-live': 'polite' });
  const statusCards = h('div', { class: 'status-cards' });
  const shareBar = h('div', { class: 'share-bar', role: 'img' });
  const paymentCards = h('div', { class: 'payment-cards' });
  const filterNote = h('p', { class: 'summary-note', 'data-filter-note': '' });
  const element = h('section', { class: 'panel summary', 'aria-labelledby': 'summary-title' },
    h('div', { class: 'panel-head' }, h('h2', { id: 'summary-title' }, '운영 현황'), totals),
    statusCards,
    filterNote,
    shareBar,
    paymentCards);

  /** Selects exactly this value; selecting it again clears the filter. */
  function toggle(name: FilterParam, value: string): void {
    const selected = listValues(ctx.state().filters, name);
    const only = selected.length === 1 && selected[0] === value;
    ctx.navigate(withFilters(ctx.state(), withFilter(ctx.state().filters, name, only ? null : value)));
  }

  function card(kind: 'status' | 'payment', name: FilterParam, value: number, label: string, summary: OrderSummary['by_status'][string]) {
    const selected = listValues(ctx.state().filters, name);
    const pressed = selected.length === 1 && selected[0] === String(value);
    return h('button', {
      type: 'button', class: `summary-card ${kind}-${value}`, 'data-filter': `${name}=${value}`,
      'aria-pressed': String(pressed), title: `${label} 주문만 보기`,
      onclick: () => toggle(name, String(value)),
    },
      h('span', { class: 'card-label' }, h('span', { class: 'dot', 'aria-hidden': 'true' }), label),
      h('span', { class: 'card-count' }, formatCount(summary.count)),
      h('span', { class: 'card-amount' }, formatWon(summary.amount)));
  }

  /** Each status's share of the orders, as one stacked bar. */
  function showShares(summary: OrderSummary): void {
    const parts = ORDER_STATUS_VALUES
      .map((value) => ({ value, count: summary.by_status[value]!.count }))
      .filter((part) => part.count > 0);
    const percent = (count: number) => `${((count / summary.count) * 100).toFixed(1)}%`;
    shareBar.setAttribute('aria-label', parts.length === 0
      ? '주문 없음'
      : `상태별 비율: ${parts.map((p) => `${ORDER_STATUS_LABELS[p.value]} ${percent(p.count)}`).join(', ')}`);
    fill(shareBar, ...parts.map((part) => {
      const segment = h('span', { class: `share status-${part.value}`, title: `${ORDER_STATUS_LABELS[part.value]} ${percent(part.count)}` });
      segment.style.flexGrow = String(part.count);
      return segment;
    }));
  }

  return {
    element,
    show(summary) {
      // Revenue is what is paid (결제완료, cancellation requests included); the order total also
      // holds unpaid and cancelled orders, so both are shown and named.
      const paid = summary.by_payment_status[PAID_RECEIPT_STATUS]!;
      fill(totals, '총 ', h('strong', { 'data-total-count': summary.count }, formatCount(summary.count)),
        ' · 주문 금액 ', h('strong', { 'data-total-amount': summary.amount }, formatWon(summary.amount)),
        ' · 결제 완료 ', h('strong', { class: 'paid', 'data-paid-amount': paid.amount }, formatWon(paid.amount)));
      filterNote.textContent = filterExplanation(ctx.state().filters);
      fill(statusCards, ...ORDER_STATUS_VALUES.map((value) =>
        card('status', 'status', value, ORDER_STATUS_LABELS[value]!, summary.by_status[value]!)));
      showShares(summary);
      fill(paymentCards, h('span', { class: 'field-label' }, '결제 상태'), ...PAYMENT_STATUS_VALUES.map((value) =>
        card('payment', 'payment_status', value, PAYMENT_STATUS_LABELS[value]!, summary.by_payment_status[value]!)));
    },
    showFailure() {
      fill(totals, '현황을 불러오지 못했습니다.');
      filterNote.textContent = '';
      fill(statusCards);
      fill(shareBar);
      fill(paymentCards);
    },
    setBusy(busy) {
      element.setAttribute('aria-busy', String(busy));
    },
  };
}
