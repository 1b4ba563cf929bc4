/** One order in full, in a modal dialog: order, buyer, payment, products, subscription, history. */
import type { OrderDetail } from '../api-types.js';
import type { ConsoleContext } from '../context.js';
import { fill, h } from '../dom.js';
import { EMPTY, formatWon } from '../format.js';
import { actorText, BILLING_TYPE_LABELS, ORDER_STATUS_LABELS, ORDER_TYPE_LABELS, PAYMENT_STATUS_LABELS } from '../labels.js';
import { ACTION_TEXT_MAX_LENGTH, actionsFor, ORDER_ACTIONS, OUTCOME_LABELS, runOrderAction, type ActionOutcome, type OrderAction } from '../order-actions.js';
import { withFilter, withFilters, type FilterParam } from '../query-state.js';
import { paymentBadge, statusBadge } from './badges.js';

type Value = Node | string | null | undefined;

function facts(rows: Array<[string, Value]>): HTMLElement {
  return h('dl', { class: 'facts' }, ...rows.flatMap(([label, value]) => [h('dt', {}, label), h('dd', {}, value ?? EMPTY)]));
}

function section(title: string, ...content: Array<Node | null>): HTMLElement {
  return h('section', { class: 'detail-section' }, h('h3', {}, title), ...content);
}

function transition(from: number | null, to: number, labels: Readonly<Record<number, string>>): string {
  const name = (v: number) => labels[v] ?? String(v);
  return from === null || from === to ? name(to) : `${name(from)} → ${name(to)}`;
}

export interface OrderDetailDialog {
  element: HTMLDialogElement;
  open(orderId: string): Promise<void>;
  close(): void;
}

/** `onClosed` gets the order that was shown, so focus can go back to its row. */
export function createOrderDetail(ctx: ConsoleContext, onClosed: (orderId: string) => void): OrderDetailDialog {
  const title = h('h2', { id: 'detail-title' }, '주문 상세');
  const body = h('div', { class: 'detail-body' });
  const closeButton = h('button', { type: 'button', class: 'icon-button', 'aria-label': '닫기', onclick: () => dialog.close() }, '×');
  const dialog = h('dialog', { class: 'detail', 'aria-labelledby': 'detail-title' },
    h('header', { class: 'detail-head' }, title, closeButton),
    body);
  let shownId: string | null = null;

  let openedId: string | null = null;

  // Closing (Esc, ×, backdrop) takes the order out of the URL and returns focus to its row.
  dialog.addEventListener('close', () => {
    shownId = null;
    if (ctx.state().orderId) ctx.navigate({ ...ctx.state(), orderId: null });
    if (openedId) onClosed(openedId);
    openedId = null;
  });
  dialog.addEventListener('click', (event) => {
    if (event.target === dialog) dialog.close();
  });

  /** A button that lists other orders sharing this value. */
  const filterLink = (name: FilterParam, value: string | null, label: string) =>
    value ? h('button', {
      type: 'button', class: 'link-button',
      onclick: () => ctx.navigate(withFilters(ctx.state(), withFilter(new URLSearchParams(), name, value))),
    }, label) : null;

  /** The outcome of the last action, shown above the order until another order is opened. */
  const notice = h('p', { class: 'action-notice', role: 'status', tabindex: '-1', hidden: true });

  function showNotice(text: string, tone: 'done' | 'warning'): void {
    notice.textContent = text;
    notice.className = `action-notice ${tone}`;
    notice.hidden = false;
  }

  function actionButton(order: OrderDetail, action: OrderAction): HTMLButtonElement {
    const spec = ORDER_ACTIONS[action];
    return h('button', {
      type: 'button', class: `button ${spec.danger ? 'danger-outline' : ''}`, 'data-order-action': action,
      onclick: () => ctx.confirm.open({
        title: `${spec.label}: ${order.order_name}`,
        subject: h('div', {},
          h('p', {}, '주문번호 ', h('span', { class: 'mono' }, order.order_number), ' · ', h('strong', {}, formatWon(order.price)),
            ` · 현재 ${ORDER_STATUS_LABELS[order.status]}`),
          h('p', { class: 'muted' }, spec.effect)),
        text: spec.text && { label: spec.text.label, maxLength: ACTION_TEXT_MAX_LENGTH },
        confirmLabel: spec.label,
        danger: spec.danger,
        run: async (text, key) => {
          let outcome: ActionOutcome;
          try {
            outcome = await runOrderAction(ctx.api, order.order_id, action, text, key);
          } catch (error) {
            ctx.permissions.note(error);
            // A read-only key: the buttons behind the dialog go at once; the dialog says why.
            if (!ctx.permissions.canAct(action) && shownId === order.order_id) render(order);
            throw error;
          }
          ctx.refresh();
          if (shownId !== order.order_id) return null;
          if (outcome.kind === 'done') {
            render(outcome.order);
            showNotice(`${spec.label} 완료: ${ORDER_STATUS_LABELS[outcome.order.status]}`, 'done');
          } else {
            await reload(order.order_id);
            showNotice(`${OUTCOME_LABELS[outcome.kind]}: ${outcome.message}`, 'warning');
          }
          return notice;
        },
      }),
    }, spec.label);
  }

  function actionsSection(order: OrderDetail): HTMLElement | null {
    const actions = actionsFor(order.status).filter((action) => ctx.permissions.canAct(action));
    if (actions.length === 0) return null;
    return h('section', { class: 'detail-section detail-actions', 'aria-labelledby': 'detail-actions-title' },
      h('h3', { id: 'detail-actions-title' }, '처리'),
      h('div', { class: 'action-buttons' }, ...actions.map((action) => actionButton(order, action))));
  }

  async function reload(orderId: string): Promise<void> {
    const order = await ctx.api.get<OrderDetail>(`/v1/orders/${encodeURIComponent(orderId)}`);
    if (shownId === orderId) render(order);
  }

  function render(order: OrderDetail): void {
    fill(title, order.order_name);
    const t = ctx.formatTime;
    fill(body,
      notice,
      actionsSection(order),
      section('주문', facts([
        ['주문 상태', statusBadge(order.status)],
        ['결제 상태', paymentBadge(order.receipt_status)],
        ['주문 유형', ORDER_TYPE_LABELS[order.order_type] ?? order.order_type],
        ['주문번호', h('span', { class: 'mono', 'data-field': 'order_number' }, order.order_number)],
        ['주문 ID', h('span', { class: 'mono' }, order.order_id)],
        ['결제 금액', h('strong', { 'data-field': 'price' }, formatWon(order.price))],
        ['면세 금액', formatWon(order.tax_free_price)],
        ['생성 일시', t(order.created_at)],
        ['결제 일시', t(order.purchased_at)],
        ['취소 일시', t(order.cancelled_at)],
        ['최종 변경', t(order.updated_at)],
      ])),
      section('주문자', facts([
        ['이름', order.username],
        ['주문자 ID', order.user_id && h('span', {}, h('span', { class: 'mono' }, order.user_id), ' ', filterLink('user_id', order.user_id, '이 주문자의 주문'))],
        ['이메일', order.user_email],
        ['전화번호', order.user_phone],
        ['그룹 ID', order.user_group_id && h('span', {}, h('span', { class: 'mono' }, order.user_group_id), ' ', filterLink('user_group_id', order.user_group_id, '이 그룹의 주문'))],
      ])),
      section('결제', order.payment
        ? facts([
          ['결제 수단', order.payment.method],
          ['카드사', order.payment.card_name],
          ['카드 번호', order.payment.card_no && h('span', { class: 'mono' }, order.payment.card_no)],
          ['영수증 ID', order.receipt_id && h('span', { class: 'mono' }, order.receipt_id)],
        ])
        : h('p', { class: 'muted' }, '결제 정보가 없습니다.')),
      section('상품', h('table', { class: 'products' },
        h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, '상품'), h('th', { scope: 'col', class: 'amount' }, '수량'),
          h('th', { scope: 'col', class: 'amount' }, '단가'), h('th', { scope: 'col', class: 'amount' }, '금액'))),
        h('tbody', {}, ...order.products.map((p) => h('tr', {},
          h('td', {}, p.name), h('td', { class: 'amount' }, String(p.quantity)),
          h('td', { class: 'amount' }, formatWon(p.price)), h('td', { class: 'amount' }, formatWon(p.price * p.quantity))))))),
      section('구독', order.subscription
        ? facts([
          ['계약 번호', h('span', {}, h('span', { class: 'mono' }, order.subscription.order_subscription_id), ' ',
            filterLink('order_subscription_ids', order.subscription.order_subscription_id, '이 계약의 주문'))],
          ['상품', order.subscription.name],
          ['결제 유형', BILLING_TYPE_LABELS[order.subscription.billing_type] ?? String(order.subscription.billing_type)],
          ['계약 일시', t(order.subscription.created_at)],
        ])
        : h('p', { class: 'muted' }, '구독 주문이 아닙니다.')),
      section('상태 이력', order.history.length > 0
        ? h('ol', { class: 'history' }, ...order.history.map((change) => h('li', {},
          h('span', { class: 'history-time' }, t(change.at)),
          h('span', { class: 'history-action' }, change.action_label),
          h('span', {}, `주문 ${transition(change.from_status, change.to_status, ORDER_STATUS_LABELS)} · 결제 ${transition(change.from_receipt_status, change.to_receipt_status, PAYMENT_STATUS_LABELS)}`),
          change.reason ? h('span', { class: 'muted' }, change.reason) : null,
          h('span', { class: 'muted', 'data-field': 'actor' }, actorText(change)))))
        : h('p', { class: 'muted' }, '기록된 상태 변경이 없습니다.')));
  }

  return {
    element: dialog,
    async open(orderId) {
      if (shownId === orderId && dialog.open) return;
      shownId = orderId;
      openedId = orderId;
      notice.hidden = true;
      fill(title, '주문 상세');
      fill(body, h('p', { class: 'loading' }, '불러오는 중…'));
      if (!dialog.open) dialog.showModal();
      try {
        await reload(orderId);
      } catch (error) {
        if (shownId !== orderId) return;
        fill(body, h('p', { class: 'error-text', role: 'alert' }, error instanceof Error ? error.message : String(error)));
      }
    },
    close() {
      shownId = null;
      if (dialog.open) dialog.close();
    },
  };
}
