/**
 * The confirmation every console action goes through: it names what will change (orders and
 * amounts), asks for the text the API requires, and keeps one idempotency key per attempt so a
 * retry after a failure is the same request to the API.
 */
import { fill, h } from '../dom.js';
import { newIdempotencyKey } from '../order-actions.js';

export interface ConfirmRequest {
  title: string;
  /** What the action applies to, e.g. the order's name, number and amount. */
  subject: Node | string;
  /** A required text field (reason, message), or none. */
  text: { label: string; maxLength: number } | null;
  confirmLabel: string;
  danger: boolean;
  /**
   * Does the work; a thrown error is shown in the dialog, which stays open for a retry. Returns
   * where focus goes once the dialog has closed (the button that opened it may be gone by then).
   */
  run(text: string | null, idempotencyKey: string): Promise<HTMLElement | null>;
}

export interface ConfirmDialog {
  element: HTMLDialogElement;
  open(request: ConfirmRequest): void;
}

export function createConfirmDialog(): ConfirmDialog {
  const title = h('h2', { id: 'confirm-title' });
  const subject = h('div', { class: 'confirm-subject', id: 'confirm-subject' });
  // Checked by the submit handler, not by the browser: a hidden required field would block every submit.
  const textField = h('textarea', { id: 'confirm-text', name: 'text', rows: 3, 'aria-required': 'true' });
  const textLabel = h('label', { for: 'confirm-text', class: 'field-label' });
  const textBlock = h('div', { class: 'field' }, textLabel, textField);
  const failure = h('p', { class: 'error-text', role: 'alert' });
  const confirm = h('button', { type: 'submit', class: 'button primary', 'data-action': 'confirm' });
  const dismiss = h('button', { type: 'button', class: 'button', onclick: () => dialog.close() }, '닫기');
  const form = h('form', { method: 'dialog', class: 'confirm-form' },
    h('header', { class: 'confirm-head' }, title), subject, textBlock, failure,
    h('div', { class: 'confirm-actions' }, dismiss, confirm));
  const dialog = h('dialog', { class: 'confirm', 'aria-labelledby': 'confirm-title', 'aria-describedby': 'confirm-subject' }, form);

  let current: ConfirmRequest | null = null;
  let attempt: { text: string | null; key: string } | null = null;
  let busy = false;

  dialog.addEventListener('cancel', (event) => {
    if (busy) event.preventDefault();
  });
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    if (!current || busy) return;
    const text = current.text ? textField.value.trim() : null;
    if (current.text && !text) {
      failure.textContent = `${current.text.label}을(를) 입력해 주세요.`;
      textField.focus();
      return;
    }
    // The same text again is a retry of the same request; a changed text is a new one.
    if (!attempt || attempt.text !== text) attempt = { text, key: newIdempotencyKey() };
    busy = true;
    confirm.disabled = true;
    dismiss.disabled = true;
    failure.textContent = '';
    const label = confirm.textContent;
    confirm.textContent = '처리 중…';
    try {
      const focusTarget = await current.run(text, attempt.key);
      current = null;
      dialog.close();
      focusTarget?.focus();
    } catch (error) {
      failure.textContent = `처리하지 못했습니다: ${error instanceof Error ? error.message : String(error)} 다시 시도할 수 있습니다.`;
    } finally {
      busy = false;
      confirm.disabled = false;
      dismiss.disabled = false;
      confirm.textContent = label;
    }
  });

  return {
    element: dialog,
    open(request) {
      current = request;
      attempt = null;
      fill(title, request.title);
      fill(subject, request.subject);
      textBlock.hidden = request.text === null;
      textField.value = '';
      if (request.text) {
        fill(textLabel, request.text.label);
        textField.maxLength = request.text.maxLength;
      }
      failure.textContent = '';
      fill(confirm, request.confirmLabel);
      confirm.className = `button ${request.danger ? 'danger' : 'primary'}`;
      dialog.showModal();
      (request.text ? textField : dismiss).focus();
    },
  };
}
