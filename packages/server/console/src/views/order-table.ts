/** The order list: the seed's ten fields with Korean labels (buyer and email share a cell), total, pages, export. */
import type { OrderList, OrderListItem } from '../api-types.js';
import type { ConsoleContext } from '../context.js';
import { fill, h } from '../dom.js';
import { EMPTY, formatCount, formatWon } from '../format.js';
import { PAGE_SIZES, viewStateSearch } from '../query-state.js';
import { paymentBadge, statusBadge } from './badges.js';
import { pagination } from './pagination.js';

interface Column {
  label: string;
  className?: string;
  cell(order: OrderListItem, ctx: ConsoleContext): Node | string;
}

const COLUMNS: Column[] = [
  { label: '생성 일시', className: 'time', cell: (o, ctx) => ctx.formatTime(o.created_at) },
  { label: '주문번호', className: 'mono', cell: (o) => o.order_number },
  {
    label: '주문명',
    className: 'name',
    cell: (o, ctx) => h('a', {
      href: viewStateSearch({ ...ctx.state(), orderId: o.order_id }), class: 'order-link', 'data-order-id': o.order_id,
    }, o.order_name),
  },
  {
    label: '주문자 · 이메일',
    className: 'buyer',
    cell: (o) => h('span', { class: 'stack' }, o.username ?? EMPTY, h('span', { class: 'email' }, o.user_email ?? EMPTY)),
  },
  { label: '결제 금액', className: 'amount', cell: (o) => formatWon(o.price) },
  { label: '주문 상태', cell: (o) => statusBadge(o.status) },
  { label: '결제 상태', cell: (o) => paymentBadge(o.receipt_status) },
  { label: '결제 일시', className: 'time', cell: (o, ctx) => ctx.formatTime(o.purchased_at) },
  { label: '주문 ID', className: 'mono small', cell: (o) => o.order_id },
];

export interface OrderTable {
  element: HTMLElement;
  show(list: OrderList): void;
  /** The list could not be loaded: say so instead of showing stale rows. */
  showFailure(message: string): void;
  setBusy(busy: boolean): void;
}

export function createOrderTable(ctx: ConsoleContext, onExport: (button: HTMLButtonElement) => void): OrderTable {
  const total = h('p', { class: 'list-total', 'aria-live': 'polite' });
  const pageSize = h('select', {
    id: 'page-size',
    onchange: () => ctx.navigate({ ...ctx.state(), limit: Number(pageSize.value), page: 1 }),
  }, ...PAGE_SIZES.map((size) => h('option', { value: size }, `${size}개씩`)));
  const exportButton = h('button', { type: 'button', class: 'button', 'data-action': 'export', onclick: () => onExport(exportButton) }, 'CSV 내보내기');
  const tbody = h('tbody', {}, ...Array.from({ length: 8 }, () => skeletonRow()));
  const pages = h('div', { class: 'pages' });
  const table = h('table', { class: 'orders' },
    h('caption', { class: 'visually-hidden' }, '주문 목록'),
    h('thead', {}, h('tr', {}, ...COLUMNS.map((c) => h('th', { scope: 'col', class: c.className }, c.label)))),
    tbody);
  const element = h('section', { class: 'panel list', 'aria-labelledby': 'list-title', 'aria-busy': 'true' },
    h('div', { class: 'panel-head' },
      h('h2', { id: 'list-title' }, '주문 목록'),
      total,
      h('div', { class: 'toolbar' },
        h('label', { class: 'visually-hidden', for: 'page-size' }, '페이지 크기'), pageSize, exportButton)),
    h('div', { class: 'table-scroll' }, table),
    pages);

  // A click anywhere on a row opens its detail; the name link is the keyboard's way in.
  tbody.addEventListener('click', (event) => {
    const row = (event.target as Element).closest('tr[data-order-id]');
    if (!row || (event as MouseEvent).ctrlKey || (event as MouseEvent).metaKey) return;
    event.preventDefault();
    ctx.navigate({ ...ctx.state(), orderId: row.getAttribute('data-order-id') });
  });

  function skeletonRow(): HTMLTableRowElement {
    return h('tr', { class: 'skeleton' }, ...COLUMNS.map(() => h('td', {}, h('span', { class: 'skeleton-bar' }))));
  }

  return {
    element,
    show(list) {
      const { page, limit } = ctx.state();
      pageSize.value = String(limit);
      const pageCount = Math.max(1, Math.ceil(list.count / limit));
      const first = list.list.length > 0 ? (page - 1) * limit + 1 : 0;
      fill(total, '총 ', h('strong', { 'data-list-count': list.count }, formatCount(list.count)),
        list.list.length > 0 ? ` · ${first.toLocaleString('ko-KR')}–${(first + list.list.length - 1).toLocaleString('ko-KR')}번째` : '');
      if (list.list.length === 0) {
        fill(tbody, h('tr', { class: 'empty-row' }, h('td', { colspan: COLUMNS.length },
          h('p', { class: 'empty' }, list.count > 0 ? '이 페이지에는 주문이 없습니다.' : '조건에 맞는 주문이 없습니다.'))));
      } else {
        fill(tbody, ...list.list.map((order) =>
          h('tr', { 'data-order-id': order.order_id },
            ...COLUMNS.map((c) => h('td', { class: c.className }, c.cell(order, ctx))))));
      }
      fill(pages, list.count > limit || page > 1 ? pagination(page, pageCount, (p) => ctx.navigate({ ...ctx.state(), page: p })) : null);
    },
    showFailure(message) {
      fill(total, '');
      fill(pages);
      fill(tbody, h('tr', { class: 'empty-row' }, h('td', { colspan: COLUMNS.length },
        h('p', { class: 'empty error-text' }, `목록을 불러오지 못했습니다. ${message}`))));
    },
    setBusy(busy) {
      element.setAttribute('aria-busy', String(busy));
    },
  };
}
