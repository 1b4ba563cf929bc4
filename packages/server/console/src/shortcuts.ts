/**
 * Single-key shortcuts: `/` search, `n` next page, `p` previous page. Read from the physical
 * key (`event.code`), so they work with the Korean input mode on; ignored while typing, with a
 * modifier held, or when a dialog is open.
 */
export interface ShortcutActions {
  search(): void;
  nextPage(): void;
  previousPage(): void;
}

export const SHORTCUT_HINT = '단축키: / 검색 · n 다음 페이지 · p 이전 페이지';

const TYPING = 'input, textarea, select, [contenteditable="true"]';

export function bindShortcuts(actions: ShortcutActions): () => void {
  const onKeyDown = (event: KeyboardEvent) => {
    if (event.defaultPrevented || event.altKey || event.ctrlKey || event.metaKey || event.isComposing) return;
    const target = event.target as Element | null;
    if (target?.closest(TYPING) || document.querySelector('dialog[open]')) return;
    const action = event.code === 'Slash' ? actions.search
      : event.code === 'KeyN' && !event.shiftKey ? actions.nextPage
        : event.code === 'KeyP' && !event.shiftKey ? actions.previousPage
          : null;
    if (!action) return;
    event.preventDefault();
    action();
  };
  document.addEventListener('keydown', onKeyDown);
  return () => document.removeEventListener('keydown', onKeyDown);
}
