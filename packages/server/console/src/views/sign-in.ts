/** Sign-in: a key pair exchanged for an access token; the secret leaves the page with the request. */
import { requestSession } from '../api.js';
import { h } from '../dom.js';
import type { Session } from '../session.js';

export function signInView(message: string | null, onSignedIn: (session: Session) => void): HTMLElement {
  const clientKey = h('input', { id: 'client-key', name: 'client_key', required: true, autocomplete: 'username', spellcheck: 'false', maxlength: 256 });
  const secretKey = h('input', { id: 'secret-key', name: 'secret_key', type: 'password', required: true, autocomplete: 'off', maxlength: 256 });
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
        const session = await requestSession(clientKey.value.trim(), secretKey.value);
        secretKey.value = '';
        onSignedIn(session);
      } catch (error) {
        secretKey.value = '';
        status.textContent = `로그인하지 못했습니다. ${error instanceof Error ? error.message : String(error)}`;
        submit.disabled = false;
        submit.textContent = '로그인';
        secretKey.focus();
      }
    },
  },
    h('div', { class: 'brand large' }, h('span', { class: 'brand-mark', 'aria-hidden': 'true' }, 'J'), 'jumun'),
    h('h1', { id: 'sign-in-title' }, '주문 조회 콘솔'),
    h('p', { class: 'muted' }, '프로젝트의 클라이언트 키와 시크릿 키로 로그인하세요.'),
    h('label', { for: 'client-key' }, '클라이언트 키 (client_key)'), clientKey,
    h('label', { for: 'secret-key' }, '시크릿 키 (secret_key)'), secretKey,
    status,
    submit,
    h('p', { class: 'fine-print' }, '시크릿 키는 30분짜리 액세스 토큰으로 바꾸는 데에만 쓰이고 브라우저에 저장되지 않습니다. 데모 키는 서버를 처음 시작할 때 출력됩니다.'));

  queueMicrotask(() => clientKey.focus());
  return h('main', { class: 'sign-in' }, form);
}
