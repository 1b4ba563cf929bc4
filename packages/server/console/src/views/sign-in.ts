/** Sign-in: e-mail and password; the server answers with an HttpOnly session cookie the page never sees. */
import { signInWith } from '../api.js';
import { h } from '../dom.js';
import type { Session } from '../session.js';

export function signInView(message: string | null, onSignedIn: (session: Session) => void, email = ''): HTMLElement {
  const emailInput = h('input', { id: 'email', name: 'email', type: 'email', required: true, autocomplete: 'username', spellcheck: 'false', maxlength: 254, value: email });
  const password = h('input', { id: 'password', name: 'password', type: 'password', required: true, autocomplete: 'current-password', maxlength: 256 });
  const status = h('p', { class: 'form-message', role: 'alert' }, message ?? '');
  const submit = h('button', { type: 'submit', class: 'button primary wide' }, '로그인');

  const form = h('form', {
    class: 'sign-in-card', 'aria-labelledby': 'sign-in-title',
    onsubmit: async (event: Event) => {
      event.preventDefault();
      submit.disabled = true;
      submit.textContent = '로그인 중…';
      status.textContent = '';
      try {
        const session = await signInWith(emailInput.value.trim(), password.value);
        password.value = '';
        onSignedIn(session);
      } catch (error) {
        password.value = '';
        status.textContent = `로그인하지 못했습니다. ${error instanceof Error ? error.message : String(error)}`;
        submit.disabled = false;
        submit.textContent = '로그인';
        password.focus();
      }
    },
  },
    h('div', { class: 'brand large' }, h('span', { class: 'brand-mark', 'aria-hidden': 'true' }, 'J'), 'jumun'),
    h('h1', { id: 'sign-in-title' }, '주문 조회 콘솔'),
    h('p', { class: 'muted' }, '운영자 이메일과 비밀번호로 로그인하세요.'),
    h('label', { for: 'email' }, '이메일'), emailInput,
    h('label', { for: 'password' }, '비밀번호'), password,
    status,
    submit,
    h('p', { class: 'fine-print' }, '계정은 관리자가 만듭니다 (콘솔의 운영자 관리, 또는 jumun operators create). 데모 관리자 계정은 서버를 처음 시작할 때 출력됩니다.'));

  queueMicrotask(() => (email ? password : emailInput).focus());
  return h('main', { class: 'sign-in' }, form);
}
