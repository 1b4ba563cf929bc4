/**
 * Saved views as tabs above the filters, each with its live count: a view is a list's filters
 * under a name, so choosing one navigates to `/console?<its query>` (the URL still reproduces it).
 */
import type { OrderList, SavedView, SavedViewList } from '../api-types.js';
import type { ConsoleContext } from '../context.js';
import { fill, h } from '../dom.js';
import { formatCount } from '../format.js';
import { withFilters } from '../query-state.js';

/** The same filters written in any order compare equal. */
const canonical = (params: URLSearchParams) => [...params].map(([k, v]) => `${k}=${v}`).sort().join('&');

export interface SavedViewTabs {
  element: HTMLElement;
  /** After navigation: marks the tab the current filters match. */
  update(): void;
  /** Counts again (the orders may have changed). */
  refreshCounts(): void;
}

export function createSavedViewTabs(ctx: ConsoleContext): SavedViewTabs {
  const tabs = h('div', { class: 'view-tabs', role: 'list', 'aria-label': '저장된 보기' });
  const form = h('form', { class: 'view-save', hidden: true, 'aria-label': '보기 저장' });
  // Outside the list: a list holds only its items (axe: aria-required-children).
  const save = h('button', { type: 'button', class: 'button subtle', 'data-action': 'save-view', onclick: () => openForm() }, '+ 현재 조건 저장');
  const element = h('nav', { class: 'saved-views', 'aria-label': '저장된 보기' }, tabs, save, form);
  let views: SavedView[] = [];
  const counts = new Map<string, number>();

  const viewTab = (view: SavedView | null) => {
    const query = view?.query ?? '';
    const count = view ? counts.get(view.view_id) : undefined;
    const current = canonical(ctx.state().filters) === canonical(new URLSearchParams(query));
    const removable = view && (view.mine || ctx.can('manage'));
    return h('span', { class: `view-tab${current ? ' current' : ''}`, role: 'listitem' },
      h('button', {
        type: 'button', class: 'view-tab-button', 'aria-current': current ? 'true' : false, 'data-view-id': view?.view_id ?? 'all',
        title: view ? `${view.owner_name}${view.shared ? ' · 공유됨' : ''}` : '필터 없음',
        onclick: () => ctx.navigate(withFilters(ctx.state(), new URLSearchParams(query))),
      }, view ? view.name : '전체', view?.shared ? h('span', { class: 'view-shared', 'aria-label': '공유됨' }, ' ↗') : null,
      count === undefined ? null : h('span', { class: 'view-count', 'data-count': count }, formatCount(count))),
      removable ? h('button', {
        type: 'button', class: 'icon-button', 'aria-label': `${view.name} 보기 지우기`, 'data-action': 'delete-view',
        onclick: async () => {
          try {
            await ctx.api.delete(`/v1/saved-views/${view.view_id}`);
            await load();
          } catch (error) {
            ctx.showError(error);
          }
        },
      }, '×') : null);
  };

  function render(): void {
    fill(tabs, viewTab(null), ...views.map(viewTab));
  }

  function openForm(): void {
    const name = h('input', { id: 'view-name', required: true, maxlength: 60, placeholder: '보기 이름', 'aria-label': '보기 이름' });
    const shared = h('input', { id: 'view-shared', type: 'checkbox' });
    fill(form,
      name,
      ctx.can('manage') ? h('label', { for: 'view-shared', class: 'small' }, shared, ' 프로젝트에 공유') : null,
      h('button', { type: 'submit', class: 'button primary' }, '저장'),
      h('button', { type: 'button', class: 'button subtle', onclick: () => { form.hidden = true; } }, '취소'));
    form.onsubmit = async (event) => {
      event.preventDefault();
      try {
        await ctx.api.post('/v1/saved-views', { name: name.value, query: ctx.state().filters.toString(), shared: shared.checked });
        form.hidden = true;
        await load();
      } catch (error) {
        ctx.showError(error);
      }
    };
    form.hidden = false;
    name.focus();
  }

  async function refreshCounts(): Promise<void> {
    await Promise.all(views.map(async (view) => {
      try {
        const params = new URLSearchParams(view.query);
        params.set('limit', '1');
        counts.set(view.view_id, (await ctx.api.get<OrderList>('/v1/orders', params)).count);
      } catch {
        counts.delete(view.view_id);
      }
    }));
    render();
  }

  async function load(): Promise<void> {
    try {
      views = (await ctx.api.get<SavedViewList>('/v1/saved-views')).list;
      render();
      await refreshCounts();
    } catch (error) {
      ctx.showError(error);
    }
  }

  render();
  void load();
  return { element, update: render, refreshCounts: () => void refreshCounts() };
}
