/** Page links: first, last, and a window around the current page. */
import { h } from '../dom.js';

export function pageNumbers(page: number, pages: number): Array<number | null> {
  const shown = new Set([1, pages, page - 2, page - 1, page, page + 1, page + 2].filter((p) => p >= 1 && p <= pages));
  const sorted = [...shown].sort((a, b) => a - b);
  const result: Array<number | null> = [];
  for (const [i, p] of sorted.entries()) {
    if (i > 0 && p - sorted[i - 1]! > 1) result.push(null);
    result.push(p);
  }
  return result;
}

export function pagination(page: number, pages: number, go: (page: number) => void): HTMLElement {
  const link = (target: number, label: string, extra: Record<string, unknown> = {}) =>
    h('button', { type: 'button', class: 'page', disabled: target < 1 || target > pages || target === page, onclick: () => go(target), ...extra }, label);
  return h('nav', { class: 'pagination', 'aria-label': '페이지' },
    link(page - 1, '‹ 이전', { 'data-page': 'previous' }),
    ...pageNumbers(page, pages).map((p) =>
      p === null
        ? h('span', { class: 'ellipsis', 'aria-hidden': 'true' }, '…')
        : link(p, String(p), { 'aria-current': p === page ? 'page' : false, 'aria-label': `${p} 페이지` })),
    link(page + 1, '다음 ›', { 'data-page': 'next' }));
}
