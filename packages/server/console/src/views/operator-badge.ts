/** The top bar's "who is signed in", and the admin's way to the operators page. */
import { OPERATOR_ROLE_LABELS } from '../generated/contract-constants.js';
import { h } from '../dom.js';
import type { Session } from '../session.js';

export function operatorBadge(session: Session, { onOperatorsPage = false } = {}): HTMLElement[] {
  const { operator } = session;
  const items = [h('span', { class: 'meta-item', 'data-field': 'operator' }, `${operator.name} (${OPERATOR_ROLE_LABELS[operator.role].ko})`)];
  if (operator.role === 'admin') {
    items.push(onOperatorsPage
      ? h('a', { class: 'meta-item', href: '/console' }, '주문 조회')
      : h('a', { class: 'meta-item', href: '/console/operators', 'data-action': 'operators' }, '운영자 관리'));
  }
  return items;
}
