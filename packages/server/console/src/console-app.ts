/** The signed-in console: layout, URL-driven state and the loads it triggers. */
import { ApiRequestError, createApiClient, signOutOf } from './api.js';
import type { OrderList, OrderSummary } from './api-types.js';
import type { ConsoleContext } from './context.js';
import { fill, h } from './dom.js';
import type { EXPORT_PARAMETERS, HeaderLanguage } from './generated/contract-constants.js';
import { dateTimeFormatter } from './format.js';
import { listParams, readViewState, viewStateSearch, type ViewState } from './query-state.js';
import { can, type Session } from './session.js';
import { SESSION_ENDED_MESSAGE, sessionTimer } from './session-timer.js';
import { operatorBadge } from './views/operator-badge.js';
import { createPermissions } from './order-actions.js';
import { bindShortcuts, SHORTCUT_HINT } from './shortcuts.js';
import { createConfirmDialog } from './views/confirm-dialog.js';
import { createDailyChart } from './views/daily-chart.js';
import { createFilterPanel } from './views/filter-panel.js';
import { createIssuesPanel } from './views/issues-panel.js';
import { createOrderDetail } from './views/order-detail.js';
import { createOrderTable } from './views/order-table.js';
import { createSavedViewTabs } from './views/saved-view-tabs.js';
import { createSummaryPanel } from './views/summary-panel.js';

/** Loads of one kind: a newer one aborts the older, and only the newest may show its result. */
function latestOnly() {
  let controller: AbortController | null = null;
  return {
    start(): AbortSignal {
      controller?.abort();
      controller = new AbortController();
      return controller.signal;
    },
    stop(): void {
      controller?.abort();
    },
  };
}

const isAbort = (error: unknown) => error instanceof DOMException && error.name === 'AbortError';

/** How often the open console reloads what it shows while its tab is visible. */
const REFRESH_MS = 60_000;

/** Starts the console in `root`; returns the function that stops it (sign-out). */
export function startConsole(root: HTMLElement, session: Session, timeZone: string, signOut: (message?: string) => void): () => void {
  let state: ViewState = readViewState(location.search);
  let loadedFilters: string | null = null;
  let loadedList: string | null = null;
  let lastRefresh = Date.now();

  const errorBanner = h('div', { class: 'error-banner', role: 'alert', hidden: true });
  const timer = sessionTimer(session, () => signOut(SESSION_ENDED_MESSAGE));
  const confirm = createConfirmDialog();
  const ctx: ConsoleContext = {
    api: createApiClient(session, (error) => signOut(error.isSessionEnded ? error.message : `${error.message} 다시 로그인해 주세요.`), timer.activity),
    session,
    can: (permission) => can(session, permission),
    permissions: createPermissions(() => can(session, 'cancel')),
    confirm,
    refresh() {
      loadedFilters = null;
      loadedList = null;
      render();
    },
    timeZone,
    formatTime: dateTimeFormatter(timeZone),
    state: () => state,
    navigate(next) {
      state = next;
      history.pushState(null, '', location.pathname + viewStateSearch(next));
      render();
    },
    showError(error) {
      if (isAbort(error) || (error instanceof ApiRequestError && error.isUnauthorized)) return;
      const message = error instanceof Error ? error.message : String(error);
      const code = error instanceof ApiRequestError && error.code !== null ? ` (코드 ${error.code})` : '';
      fill(errorBanner, h('span', {}, `요청을 처리하지 못했습니다: ${message}${code}`),
        h('button', { type: 'button', class: 'icon-button', 'aria-label': '오류 메시지 닫기', onclick: () => { errorBanner.hidden = true; } }, '×'));
      errorBanner.hidden = false;
    },
  };

  const savedViews = createSavedViewTabs(ctx);
  const filters = createFilterPanel(ctx);
  const summary = createSummaryPanel(ctx);
  const issues = createIssuesPanel(ctx);
  const chart = createDailyChart();
  const table = createOrderTable(ctx, exportCsv);
  const detail = createOrderDetail(ctx, (orderId) => table.focusOrder(orderId));
  const summaryLoads = latestOnly();
  const listLoads = latestOnly();

  const updatedAt = h('span', { class: 'meta-item updated-at', 'data-updated-at': '' }, '불러오는 중');
  fill(root,
    h('a', { class: 'skip-link', href: '#list-title', onclick: (event: Event) => {
      event.preventDefault();
      table.element.querySelector<HTMLElement>('#list-title')?.focus();
    } }, '주문 목록으로 건너뛰기'),
    h('header', { class: 'topbar' },
      h('h1', { class: 'brand' }, h('span', { class: 'brand-mark', 'aria-hidden': 'true' }, 'J'), 'jumun', h('span', { class: 'brand-sub' }, '주문 조회')),
      savedViews.element,
      h('div', { class: 'topbar-meta' },
        updatedAt,
        h('span', { class: 'meta-item', title: '날짜 필터와 시각은 이 시간대 기준입니다' }, `시간대 ${timeZone}`),
        ...operatorBadge(session),
        h('button', { type: 'button', class: 'button subtle', 'data-action': 'sign-out', onclick: async () => {
          await signOutOf(session).catch(() => {});
          signOut();
        } }, '로그아웃'))),
    h('main', { class: 'console' },
      errorBanner,
      filters.element,
      h('div', { class: 'overview' }, summary.element, issues.element),
      table.element,
      chart.element,
      detail.element,
      confirm.element),
    h('footer', { class: 'console-footer' }, h('p', { class: 'muted' }, SHORTCUT_HINT)));

  async function loadSummary(): Promise<void> {
    const signal = summaryLoads.start();
    summary.setBusy(true);
    try {
      const result = await ctx.api.get<OrderSummary>('/v1/orders/summary', state.filters, signal);
      summary.show(result);
      issues.show(result);
      chart.show(result);
      summary.setBusy(false);
      const at = ctx.formatTime(result.generated_at);
      fill(updatedAt, `업데이트 ${at.slice(11)}`);
      updatedAt.dataset.updatedAt = result.generated_at;
      updatedAt.title = `${at} 기준 (${REFRESH_MS / 1000}초마다, 탭이 보일 때 새로 고침)`;
    } catch (error) {
      if (isAbort(error)) return;
      summary.setBusy(false);
      for (const view of [summary, issues, chart]) view.showFailure();
      ctx.showError(error);
    }
  }

  async function loadList(): Promise<void> {
    const signal = listLoads.start();
    table.setBusy(true);
    try {
      table.show(await ctx.api.get<OrderList>('/v1/orders', listParams(state), signal));
      table.setBusy(false);
    } catch (error) {
      if (isAbort(error)) return;
      table.setBusy(false);
      table.showFailure(error instanceof Error ? error.message : String(error));
      ctx.showError(error);
    }
  }

  async function exportCsv(button: HTMLButtonElement): Promise<void> {
    const label = button.textContent;
    button.disabled = true;
    button.textContent = '내보내는 중…';
    try {
      // People open the console's file: Korean column names (the API's default stays English).
      const params = new URLSearchParams(state.filters);
      params.set('header_language' satisfies keyof typeof EXPORT_PARAMETERS, 'ko' satisfies HeaderLanguage);
      const { blob, fileName } = await ctx.api.download('/v1/orders/export', params);
      const url = URL.createObjectURL(blob);
      const link = h('a', { href: url, download: fileName, hidden: true });
      document.body.append(link);
      link.click();
      link.remove();
      setTimeout(() => URL.revokeObjectURL(url), 60_000);
    } catch (error) {
      ctx.showError(error);
    } finally {
      button.disabled = false;
      button.textContent = label;
    }
  }

  function render(): void {
    errorBanner.hidden = true;
    lastRefresh = Date.now();
    filters.update();
    savedViews.update();
    const filterKey = state.filters.toString();
    const listKey = listParams(state).toString();
    if (filterKey !== loadedFilters) {
      loadedFilters = filterKey;
      void loadSummary();
    }
    if (listKey !== loadedList) {
      loadedList = listKey;
      void loadList();
    }
    if (state.orderId) void detail.open(state.orderId);
    else detail.close();
  }

  const onPopState = () => {
    state = readViewState(location.search);
    render();
  };
  window.addEventListener('popstate', onPopState);
  // Fresh numbers every minute while the tab is visible, and at once when it becomes visible again.
  const refreshIfDue = () => {
    if (document.visibilityState !== 'visible' || confirm.element.open) return;
    if (Date.now() - lastRefresh >= REFRESH_MS) {
      lastRefresh = Date.now();
      ctx.refresh();
    }
  };
  const refreshTimer = setInterval(refreshIfDue, 5_000);
  document.addEventListener('visibilitychange', refreshIfDue);
  const unbindShortcuts = bindShortcuts({
    search: () => document.querySelector<HTMLInputElement>('#filter-keyword')?.focus(),
    nextPage: () => table.element.querySelector<HTMLButtonElement>('[data-page="next"]:not(:disabled)')?.click(),
    previousPage: () => table.element.querySelector<HTMLButtonElement>('[data-page="previous"]:not(:disabled)')?.click(),
  });
  render();

  return () => {
    window.removeEventListener('popstate', onPopState);
    timer.stop();
    document.removeEventListener('visibilitychange', refreshIfDue);
    clearInterval(refreshTimer);
    unbindShortcuts();
    summaryLoads.stop();
    listLoads.stop();
    detail.close();
  };
}
