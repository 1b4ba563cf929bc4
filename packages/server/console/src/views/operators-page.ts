/** `/console/operators` (admins): staff accounts (add, reset password, disable) and the audit log. */
import { ApiRequestError, createApiClient, signOutOf } from '../api.js';
import type { AuditLog, Operator, OperatorList, OperatorWithLink } from '../api-types.js';
import { fill, h } from '../dom.js';
import { dateTimeFormatter, EMPTY } from '../format.js';
import { OPERATOR_ROLE_LABELS, OPERATOR_ROLES } from '../generated/contract-constants.js';
import type { Session } from '../session.js';
import { SESSION_ENDED_MESSAGE, sessionTimer } from '../session-timer.js';
import { operatorBadge } from './operator-badge.js';

const STATE_LABELS: Record<Operator['state'], string> = { active: '사용 중', pending: '비밀번호 설정 전', disabled: '비활성화됨' };

const th = (text: string) => h('th', { scope: 'col' }, text);

export function startOperatorsPage(root: HTMLElement, session: Session, timeZone: string, signOut: (message?: string) => void): () => void {
  const timer = sessionTimer(session, () => signOut(SESSION_ENDED_MESSAGE));
  const api = createApiClient(session, (error) => signOut(error.isSessionEnded ? error.message : `${error.message} 다시 로그인해 주세요.`), timer.activity);
  const formatTime = dateTimeFormatter(timeZone);
  const message = h('div', { class: 'error-banner', role: 'alert', hidden: true });
  const linkBox = h('div', { class: 'panel link-box', hidden: true, 'aria-live': 'polite' });
  const operatorRows = h('tbody', {});
  const auditRows = h('tbody', {});
  let operators: Operator[] = [];

  const showError = (error: unknown) => {
    if (error instanceof ApiRequestError && error.isUnauthorized) return;
    fill(message, error instanceof Error ? error.message : String(error));
    message.hidden = false;
  };

  function showLink(result: OperatorWithLink, what: string): void {
    const url = h('input', { class: 'mono', readonly: true, value: result.set_password_url, 'aria-label': '비밀번호 설정 링크', 'data-field': 'set-password-url' });
    fill(linkBox,
      h('h2', {}, `${result.operator.name} (${result.operator.email}): ${what}`),
      h('p', { class: 'muted' }, `이 링크를 본인에게 안전하게 전하세요. 한 번만 쓸 수 있고 ${formatTime(result.set_password_expires_at)}까지 유효하며, 지금만 보입니다.`),
      url);
    linkBox.hidden = false;
    url.select();
  }

  async function act(path: string, what: string, confirmText: string): Promise<void> {
    if (!confirm(confirmText)) return;
    message.hidden = true;
    try {
      const result = await api.post<OperatorWithLink | Operator>(path);
      if ('set_password_url' in result) showLink(result, what);
      await load();
    } catch (error) {
      showError(error);
    }
  }

  function operatorRow(operator: Operator): HTMLElement {
    const self = operator.operator_id === session.operator.operator_id;
    const live = operator.state !== 'disabled';
    return h('tr', { 'data-operator-id': operator.operator_id },
      h('td', {}, operator.name, self ? ' (나)' : ''),
      h('td', { class: 'mono' }, operator.email),
      h('td', {}, OPERATOR_ROLE_LABELS[operator.role].ko),
      h('td', { 'data-field': 'state' }, STATE_LABELS[operator.state]),
      h('td', {}, formatTime(operator.created_at)),
      h('td', { class: 'toolbar' },
        live ? h('button', { type: 'button', class: 'button subtle', 'data-action': 'reset-password',
          onclick: () => act(`/v1/operators/${operator.operator_id}/reset-password`, '비밀번호 재설정 링크', `${operator.name}의 비밀번호와 세션을 끝내고 새 설정 링크를 만들까요?`) }, '비밀번호 재설정') : null,
        live && !self ? h('button', { type: 'button', class: 'button subtle danger', 'data-action': 'disable',
          onclick: () => act(`/v1/operators/${operator.operator_id}/disable`, '비활성화', `${operator.name}을(를) 비활성화할까요? 로그인과 세션이 바로 끝납니다.`) }, '비활성화') : null));
  }

  async function load(): Promise<void> {
    try {
      const [list, audit] = await Promise.all([api.get<OperatorList>('/v1/operators'), api.get<AuditLog>('/v1/audit-log')]);
      operators = list.list;
      fill(operatorRows, ...operators.map(operatorRow));
      const byId = new Map(operators.map((o) => [o.operator_id, o]));
      fill(auditRows, ...audit.list.map((entry) => h('tr', { 'data-audit-action': entry.action },
        h('td', {}, formatTime(entry.at)),
        h('td', {}, entry.action_label),
        h('td', {}, entry.actor_name ?? (entry.actor_type === 'system' ? '시스템' : EMPTY)),
        h('td', {}, (entry.target_operator_id && byId.get(entry.target_operator_id)?.email) ?? EMPTY),
        h('td', { class: 'mono' }, entry.ip ?? EMPTY),
        h('td', { class: 'muted small' }, entry.detail ? JSON.stringify(entry.detail) : ''))));
    } catch (error) {
      showError(error);
    }
  }

  const email = h('input', { id: 'new-operator-email', type: 'email', required: true, maxlength: 254, autocomplete: 'off' });
  const name = h('input', { id: 'new-operator-name', required: true, maxlength: 100, autocomplete: 'off' });
  const role = h('select', { id: 'new-operator-role' }, ...OPERATOR_ROLES.map((r) => h('option', { value: r }, OPERATOR_ROLE_LABELS[r].ko)));
  const addForm = h('form', {
    class: 'filter-row', 'aria-label': '운영자 추가',
    onsubmit: async (event: Event) => {
      event.preventDefault();
      message.hidden = true;
      try {
        const created = await api.post<OperatorWithLink>('/v1/operators', { email: email.value, name: name.value, role: role.value });
        email.value = '';
        name.value = '';
        showLink(created, '비밀번호 설정 링크');
        await load();
      } catch (error) {
        showError(error);
      }
    },
  },
    h('label', { class: 'field' }, h('span', { class: 'field-label' }, '이메일'), email),
    h('label', { class: 'field' }, h('span', { class: 'field-label' }, '이름'), name),
    h('label', { class: 'field' }, h('span', { class: 'field-label' }, '역할'), role),
    h('button', { type: 'submit', class: 'button primary' }, '운영자 추가'));

  fill(root,
    h('header', { class: 'topbar' },
      h('div', { class: 'brand' }, h('span', { class: 'brand-mark', 'aria-hidden': 'true' }, 'J'), 'jumun', h('span', { class: 'brand-sub' }, '운영자 관리')),
      h('div', { class: 'topbar-meta' },
        ...operatorBadge(session, { onOperatorsPage: true }),
        h('button', { type: 'button', class: 'button subtle', 'data-action': 'sign-out', onclick: async () => {
          await signOutOf(session).catch(() => {});
          signOut();
        } }, '로그아웃'))),
    h('main', { class: 'console' },
      message,
      h('section', { class: 'panel', 'aria-labelledby': 'operators-title' },
        h('div', { class: 'panel-head' }, h('h2', { id: 'operators-title' }, '운영자')),
        h('p', { class: 'muted' }, '조회: 목록, 상세, 요약, 내보내기 · 상담: 조회와 취소 승인/거절/바로 취소 · 관리자: 모든 것과 운영자 관리'),
        addForm),
      linkBox,
      h('div', { class: 'table-scroll panel' }, h('table', { class: 'orders', 'aria-label': '운영자 목록' },
        h('thead', {}, h('tr', {}, th('이름'), th('이메일'), th('역할'), th('상태'), th('만든 시각'), th(''))), operatorRows)),
      h('section', { class: 'panel', 'aria-labelledby': 'audit-title' },
        h('div', { class: 'panel-head' }, h('h2', { id: 'audit-title' }, '감사 로그'), h('span', { class: 'muted' }, '로그인, 로그인 실패, 운영자 변경 · 최근 200건')),
        h('div', { class: 'table-scroll' }, h('table', { class: 'orders', 'aria-label': '감사 로그' },
          h('thead', {}, h('tr', {}, th('시각'), th('항목'), th('누가'), th('대상'), th('IP'), th('내용'))), auditRows)))));
  void load();
  return () => timer.stop();
}
