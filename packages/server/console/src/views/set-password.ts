/** `/console/set-password?token=…`: a one-time link from an admin (or `jumun operators`) sets the password. */
import { setPassword } from '../api.js';
import { h } from '../dom.js';

const MIN_LENGTH = 12;

export function setPasswordView(token: string, onDone: (email: string) => void): HTMLElement {
  const password = h('input', { id: 'new-password', type: 'password', required: true, autocomplete: 'new-password', minlength: MIN_LENGTH, maxlength: 256 });
  const confirm = h('input', { id: 'confirm-password', type: 'password', required: true, autocomplete: 'new-password', minlength: MIN_LENGTH, maxlength: 256 });
  const status = h('p', { class: 'form-message', role: 'alert' });
  const submit = h('button', { type: 'submit', class: 'button primary wide' }, '비밀번호 설정');
  const form = h('form', {
    class: 'sign-in-card', 'aria-labelledby': 'set-password-title',
    onsubmit: async (event: Event) => {
      event.preventDefault();
      status.textContent = '';
      if (password.value !== confirm.value) {
        status.textContent = '두 비밀번호가 다릅니다.';
        confirm.focus();
        return;
      }
      submit.disabled = true;
      try {
        onDone(await setPassword(token, password.value));
      } catch (error) {
        status.textContent = error instanceof Error ? error.message : String(error);
        submit.disabled = false;
      } finally {
        password.value = '';
        confirm.value = '';
      }
    },
  },
    h('div', { class: 'brand large' }, h('span', { class: 'brand-mark', 'aria-hidden': 'true' }, 'J'), 'jumun'),
    h('h1', { id: 'set-password-title' }, '비밀번호 설정'),
    h('p', { class: 'muted' }, `${MIN_LENGTH}자 이상으로 정하세요. 이 링크는 한 번만 쓸 수 있습니다.`),
    h('label', { for: 'new-password' }, '새 비밀번호'), password,
    h('label', { for: 'confirm-password' }, '새 비밀번호 확인'), confirm,
    status,
    submit);
  queueMicrotask(() => password.focus());
  return h('main', { class: 'sign-in' }, form);
}
