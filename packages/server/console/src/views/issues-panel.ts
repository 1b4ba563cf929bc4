/** 확인 필요: the summary's issues; clicking one lists its orders. */
import type { IssueName, OrderSummary } from '../api-types.js';
import type { ConsoleContext } from '../context.js';
import { fill, h } from '../dom.js';
import { formatNumber } from '../format.js';
import { ISSUE_LABELS } from '../labels.js';
import { withFilters } from '../query-state.js';

const ORDER: IssueName[] = ['stuck_payments', 'cancellation_requests', 'payment_failures'];

export interface IssuesPanel {
  element: HTMLElement;
  show(summary: OrderSummary): void;
  showFailure(): void;
}

export function createIssuesPanel(ctx: ConsoleContext): IssuesPanel {
  const list = h('ul', { class: 'issues-list' });
  const element = h('section', { class: 'panel issues', 'aria-labelledby': 'issues-title' },
    h('div', { class: 'panel-head' }, h('h2', { id: 'issues-title' }, '확인 필요'),
      h('p', { class: 'muted' }, '주문 상태 외 현재 조건 기준')),
    list);

  return {
    element,
    showFailure() {
      fill(list, h('li', { class: 'muted' }, '불러오지 못했습니다.'));
    },
    show(summary) {
      fill(list, ...ORDER.map((name) => {
        const issue = summary.issues[name];
        const label = ISSUE_LABELS[name];
        return h('li', {},
          h('button', {
            type: 'button', class: `issue ${issue.count > 0 ? 'attention' : 'clear'}`, 'data-issue': name,
            onclick: () => ctx.navigate(withFilters(ctx.state(), new URLSearchParams(issue.filter))),
          },
            h('span', { class: 'issue-text' },
              h('span', { class: 'issue-title' }, label.title),
              h('span', { class: 'issue-description' }, label.describe(summary.stuck_payment_minutes))),
            h('span', { class: 'issue-count', 'data-count': issue.count }, formatNumber(issue.count), h('small', {}, '건'))));
      }));
    },
  };
}
