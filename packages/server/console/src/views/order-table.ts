/** The order list: the seed's ten fields with Korean labels (buyer and email share a cell), total, pages, export. */
import type { OrderList, OrderListItem } from '../api-types.js';
import type { ConsoleContext } from '../context.js';
import { fill, h } from '../dom.js';
import { EMPTY, formatCount, formatWon } from '../format.js';
import { PAGE_SIZES, viewStateSearch } from '../query-state.js';
import { paymentBadge, statusBadge } from './badges.js';
import { createBulkActions } from './bulk-actions.js';
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
  /** Focus back on an order's row (after its detail closed); the list heading when it is gone. */
  focusOrder(orderId: string): void;
}

export function createOrderTable(ctx: ConsoleContext, onExport: (button: HTMLButtonElement) => void): OrderTable {
  // Selection for the bulk actions: orders on this page, kept across a reload while still listed.
  const selection = new Map<string, OrderListItem>();
  let shown: OrderList | null = null;
  const bulk = createBulkActions(ctx, () => {
    selection.clear();
    syncSelection();
  });
  const selectAll = h('input', {
    type: 'checkbox', 'aria-label': '이 페이지의 주문 모두 선택', 'data-select': 'all',
    onchange: () => {
      for (const order of shown?.list ?? []) {
        if (selectAll.checked) selection.set(order.order_id, order);
        else selection.delete(order.order_id);
      }
      syncSelection();
    },
  });
  const selectHeader = h('th', { scope: 'col', class: 'select' }, selectAll);
  const total = h('p', { class: 'list-total', 'aria-live': 'polite' });
  const pageSize = h('select', {
    id: 'page-size',
    onchange: () => ctx.navigate({ ...ctx.state(), limit: Number(pageSize.value), page: 1 }),
  }, ...PAGE_SIZES.map((size) => h('option', { value: size }, `${size}개씩`)));
  const exportButton = h('button', { type: 'button', class: 'button', 'data-action': 'export', onclick: () => onExport(exportButton) }, 'CSV 내보내기');
  const tbody = h('tbody', {}, ...Array.from({ length: 8 }, () => skeletonRow()));
  const pages = h('div', { class: 'pages' });
  const headRow = h('tr', {}, ...COLUMNS.map((c) => h('th', { scope: 'col', class: c.className }, c.label)));
  const table = h('table', { class: 'orders' },
    h('caption', { class: 'visually-hidden' }, '주문 목록'),
    h('thead', {}, headRow),
    tbody);
  const element = h('section', { class: 'panel list', 'aria-labelledby': 'list-title', 'aria-busy': 'true' },
    h('div', { class: 'panel-head' },
      h('h2', { id: 'list-title', tabindex: '-1' }, '주문 목록'),
      total,
      h('div', { class: 'toolbar' },
        h('label', { class: 'visually-hidden', for: 'page-size' }, '페이지 크기'), pageSize, exportButton)),
    bulk.bar,
    bulk.results,
    h('div', { class: 'table-scroll' }, table),
    pages);

  // A click anywhere on a row opens its detail; the name link is the keyboard's way in.
  tbody.addEventListener('click', (event) => {
    if ((event.target as Element).closest('td.select')) return;
    const row = (event.target as Element).closest('tr[data-order-id]');
    if (!row || (event as MouseEvent).ctrlKey || (event as MouseEvent).metaKey) return;
    event.preventDefault();
    ctx.navigate({ ...ctx.state(), orderId: row.getAttribute('data-order-id') });
  });

  function syncSelection(): void {
    const rows = shown?.list ?? [];
    for (const box of tbody.querySelectorAll<HTMLInputElement>('input[data-select]')) box.checked = selection.has(box.dataset.select!);
    const count = rows.filter((order) => selection.has(order.order_id)).length;
    selectAll.checked = rows.length > 0 && count === rows.length;
    selectAll.indeterminate = count > 0 && count < rows.length;
    bulk.update([...selection.values()]);
  }

  function selectCell(order: OrderListItem): HTMLTableCellElement {
    const box = h('input', {
      type: 'checkbox', 'data-select': order.order_id, 'aria-label': `${order.order_name} (${order.order_number}) 선택`,
      onchange: () => {
        if (box.checked) selection.set(order.order_id, order);
        else selection.delete(order.order_id);
        syncSelection();
      },
    });
    return h('td', { class: 'select' }, box);
  }

  function skeletonRow(): HTMLTableRowElement {
    return h('tr', { class: 'skeleton' }, ...COLUMNS.map(() => h('td', {}, h('span', { class: 'skeleton-bar' }))));
  }

  return {
    element,
    show(list) {
      const { page, limit } = ctx.state();
      shown = list;
      const selecting = bulk.available();
      const listed = new Set(list.list.map((order) => order.order_id));
      for (const id of [...selection.keys()]) if (!selecting || !listed.has(id)) selection.delete(id);
      if (selecting && selectHeader.parentElement !== headRow) headRow.prepend(selectHeader);
      if (!selecting) selectHeader.remove();
      table.classList.toggle('selectable', selecting);
      pageSize.value = String(limit);
      const pageCount = Math.max(1, Math.ceil(list.count / limit));
      const first = list.list.length > 0 ? (page - 1) * limit + 1 : 0;
      fill(total, '총 ', h('strong', { 'data-list-count': list.count }, formatCount(list.count)),
        list.list.length > 0 ? ` · ${first.toLocaleString('ko-KR')}–${(first + list.list.length - 1).toLocaleString('ko-KR')}번째` : '');
      if (list.list.length === 0) {
        fill(tbody, h('tr', { class: 'empty-row' }, h('td', { colspan: headRow.children.length },
          h('p', { class: 'empty' }, list.count > 0 ? '이 페이지에는 주문이 없습니다.' : '조건에 맞는 주문이 없습니다.'))));
      } else {
        fill(tbody, ...list.list.map((order) =>
          h('tr', { 'data-order-id': order.order_id },
            selecting ? selectCell(order) : null,
            ...COLUMNS.map((c) => h('td', { class: c.className, 'data-label': c.label }, c.cell(order, ctx))))));
      }
      syncSelection();
      fill(pages, list.count > limit || page > 1 ? pagination(page, pageCount, (p) => ctx.navigate({ ...ctx.state(), page: p })) : null);
    },
    focusOrder(orderId) {
      const link = [...tbody.querySelectorAll<HTMLElement>('.order-link')].find((a) => a.dataset.orderId === orderId);
      (link ?? element.querySelector<HTMLElement>('#list-title'))?.focus();
    },
    showFailure(message) {
      shown = null;
      fill(total, '');
      fill(pages);
      fill(tbody, h('tr', { class: 'empty-row' }, h('td', { colspan: headRow.children.length },
        h('p', { class: 'empty error-text' }, `목록을 불러오지 못했습니다. ${message}`))));
    },
    setBusy(busy) {
      element.setAttribute('aria-busy', String(busy));
    },
  };
}
