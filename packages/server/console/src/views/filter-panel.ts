/** The filters: every parameter of the list, applied through the URL. */
import type { ConsoleContext } from '../context.js';
import { DATE_PRESETS, todayIn } from '../dates.js';
import { fill, h } from '../dom.js';
import { LIST_PARAMETERS } from '../generated/contract-constants.js';
import {
  BILLING_TYPE_LABELS,
  ORDER_STATUS_LABELS,
  ORDER_STATUS_VALUES,
  ORDER_TYPE_LABELS,
  ORDER_TYPE_VALUES,
  PAYMENT_STATUS_LABELS,
  PAYMENT_STATUS_VALUES,
} from '../labels.js';
import { listValues, withFilter, withFilters, type FilterParam } from '../query-state.js';
import { SEARCH_BOX_PARAMS, searchBoxTarget } from '../search-text.js';

const TEXT_FIELDS: Array<{ name: 'keyword' | 'username' | 'user_id' | 'user_group_id' | 'order_subscription_ids'; label: string; placeholder: string }> = [
  { name: 'keyword', label: '검색어', placeholder: '주문명, 주문번호, 주문 ID, 영수증 ID, 이메일, 전화번호 (끝 4자리)' },
  { name: 'username', label: '주문자 이름', placeholder: '이름 또는 앞부분' },
  { name: 'user_id', label: '주문자 ID', placeholder: '예: user_000123' },
  { name: 'user_group_id', label: '주문자 그룹 ID', placeholder: '예: group_0042' },
  { name: 'order_subscription_ids', label: '구독 계약 번호', placeholder: '쉼표로 여러 개' },
];

const DATE_MIN = '1900-01-01';
const DATE_MAX = '2999-12-31';
/** How long typing must pause before a date is applied. */
const DATE_SETTLE_MS = 600;

/** `YYYY-MM-DD` of a real day between DATE_MIN and DATE_MAX. */
export function isPlausibleDate(value: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value) || value < DATE_MIN || value > DATE_MAX) return false;
  const date = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === value;
}

export interface FilterPanel {
  element: HTMLElement;
  update(): void;
}

export function createFilterPanel(ctx: ConsoleContext): FilterPanel {
  const apply = (name: FilterParam, value: string | readonly string[] | null) =>
    ctx.navigate(withFilters(ctx.state(), withFilter(ctx.state().filters, name, value)));

  // Date basis and range.
  const basisButtons = (['c_at', 'p_at'] as const).map((value) =>
    h('button', { type: 'button', class: 'segment', 'data-cs-type': value, onclick: () => apply('cs_type', value === 'c_at' ? null : value) },
      value === 'c_at' ? '생성일' : '결제일'));
  const dateError = h('p', { class: 'field-error', id: 'date-error', role: 'alert' });
  const fromInput = dateInput('css_at', '시작일');
  const toInput = dateInput('cse_at', '종료일');
  const presetButtons = DATE_PRESETS.map((preset) =>
    h('button', {
      type: 'button', class: 'preset', 'data-preset': preset.id,
      onclick: () => {
        const range = preset.range(todayIn(ctx.timeZone));
        let filters = withFilter(ctx.state().filters, 'css_at', range?.from ?? null);
        filters = withFilter(filters, 'cse_at', range?.to ?? null);
        ctx.navigate(withFilters(ctx.state(), filters));
      },
    }, preset.label));

  /**
   * A date field applies only a complete, plausible date, after typing pauses: while a year is
   * typed digit by digit the browser reports 0002-…, 0020-…, 0202-… (and 61101-… past four
   * digits), none of which is a query anyone meant. Clearing the field applies at once.
   */
  function dateInput(name: 'css_at' | 'cse_at', label: string): HTMLInputElement {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const input = h('input', { type: 'date', id: `filter-${name}`, name, min: DATE_MIN, max: DATE_MAX, 'aria-describedby': 'date-error' });
    const applyNow = () => {
      clearTimeout(timer);
      const value = input.value;
      if (value === (ctx.state().filters.get(name) ?? '')) return;
      if (value === '') return apply(name, null);
      if (isPlausibleDate(value)) apply(name, value);
    };
    input.addEventListener('input', () => {
      clearTimeout(timer);
      const value = input.value;
      const complete = value === '' || isPlausibleDate(value);
      input.setAttribute('aria-invalid', String(!complete && value !== ''));
      if (complete) timer = setTimeout(applyNow, DATE_SETTLE_MS);
    });
    input.addEventListener('blur', applyNow);
    input.addEventListener('keydown', (event) => {
      if (event.key === 'Enter') {
        event.preventDefault();
        applyNow();
      }
    });
    input.dataset.label = label;
    return input;
  }

  // Multi-select chips.
  const chipGroup = (name: FilterParam, values: readonly (string | number)[], labels: Readonly<Record<string, string>>) => {
    const chips = values.map((value) =>
      h('button', {
        type: 'button', class: 'chip', 'data-value': value,
        onclick: () => {
          const selected = new Set(listValues(ctx.state().filters, name));
          if (selected.has(String(value))) selected.delete(String(value));
          else selected.add(String(value));
          apply(name, values.map(String).filter((v) => selected.has(v)));
        },
      }, labels[value]!));
    return { name, chips };
  };
  const groups = [
    { title: '주문 상태', ...chipGroup('status', ORDER_STATUS_VALUES, ORDER_STATUS_LABELS) },
    { title: '결제 상태', ...chipGroup('payment_status', PAYMENT_STATUS_VALUES, PAYMENT_STATUS_LABELS) },
    { title: '주문 유형', ...chipGroup('order_type', ORDER_TYPE_VALUES, ORDER_TYPE_LABELS) },
  ];

  // Text fields and the billing type: applied together by the form.
  const textInputs = TEXT_FIELDS.map((field) => ({
    ...field,
    input: h('input', {
      type: 'search', id: `filter-${field.name}`, name: field.name, placeholder: field.placeholder, autocomplete: 'off',
      // One value's limit from the parameter table; a comma-separated list is checked by the server.
      ...(LIST_PARAMETERS[field.name].kind === 'text' ? { maxlength: LIST_PARAMETERS[field.name].maxLength } : {}),
    }),
  }));
  const billingSelect = h('select', { id: 'filter-subscription_billing_type', name: 'subscription_billing_type' },
    h('option', { value: '' }, '전체'),
    ...Object.entries(BILLING_TYPE_LABELS).map(([value, label]) => h('option', { value }, `${value} · ${label}`)));

  const extras = h('div', { class: 'active-extras' });
  // On a phone the chips and the other text fields fold away, so the orders are on the first screen.
  const moreToggle = h('button', {
    type: 'button', class: 'button subtle filters-toggle', 'aria-expanded': 'false', 'aria-controls': 'filters-more',
    onclick: () => {
      const expanded = !form.classList.contains('expanded');
      form.classList.toggle('expanded', expanded);
      moreToggle.setAttribute('aria-expanded', String(expanded));
    },
  }, '조건 더 보기');

  const form = h('form', {
    class: 'filters', 'aria-label': '주문 검색 조건',
    onsubmit: (event: Event) => {
      event.preventDefault();
      let filters = ctx.state().filters;
      for (const { name, input } of textInputs) {
        if (name !== 'keyword') filters = withFilter(filters, name, input.value);
        else {
          // The search box: an email or a phone number searches buyers, anything else the keyword.
          const target = searchBoxTarget(input.value);
          for (const param of SEARCH_BOX_PARAMS) filters = withFilter(filters, param, param === target ? input.value : null);
        }
      }
      filters = withFilter(filters, 'subscription_billing_type', billingSelect.value);
      ctx.navigate(withFilters(ctx.state(), filters));
    },
  },
    h('div', { class: 'filter-row' },
      h('div', { class: 'field' },
        h('span', { class: 'field-label', id: 'label-basis' }, '기준일'),
        h('div', { class: 'segmented', role: 'group', 'aria-labelledby': 'label-basis' }, ...basisButtons)),
      h('div', { class: 'field' },
        h('label', { class: 'field-label', for: 'filter-css_at' }, '기간'),
        h('div', { class: 'date-range' }, fromInput, h('span', { 'aria-hidden': 'true' }, '~'),
          h('label', { class: 'visually-hidden', for: 'filter-cse_at' }, '종료일'), toInput),
        dateError),
      h('div', { class: 'presets', role: 'group', 'aria-label': '기간 빠른 선택' }, ...presetButtons)),
    moreToggle,
    h('div', { class: 'filter-row chips-row', id: 'filters-more' },
      ...groups.map((group) =>
        h('div', { class: 'field' },
          h('span', { class: 'field-label', id: `label-${group.name}` }, group.title),
          h('div', { class: 'chips', role: 'group', 'aria-labelledby': `label-${group.name}` }, ...group.chips)))),
    h('div', { class: 'filter-row text-row' },
      ...textInputs.map(({ name, label, input }) =>
        h('div', { class: 'field' }, h('label', { class: 'field-label', for: `filter-${name}` }, label), input)),
      h('div', { class: 'field' }, h('label', { class: 'field-label', for: 'filter-subscription_billing_type' }, '구독 결제 유형'), billingSelect),
      h('div', { class: 'form-actions' },
        h('button', { type: 'submit', class: 'button primary' }, '검색'),
        h('button', { type: 'button', class: 'button', onclick: () => ctx.navigate(withFilters(ctx.state(), new URLSearchParams())) }, '초기화'))),
    extras);

  function updateExtras(filters: URLSearchParams): void {
    const tags: HTMLElement[] = [];
    const createdBefore = filters.get('created_before');
    if (createdBefore) tags.push(extraTag(`${ctx.formatTime(createdBefore)} 이전 생성`, 'created_before'));
    const failed = filters.get('payment_failed');
    if (failed) tags.push(extraTag(failed === 'true' ? '결제 실패 이력 있음' : '결제 실패 이력 없음', 'payment_failed'));
    fill(extras, ...(tags.length > 0 ? [h('span', { class: 'field-label' }, '추가 조건'), ...tags] : []));
  }

  function extraTag(text: string, name: FilterParam): HTMLElement {
    return h('span', { class: 'tag' }, text,
      h('button', { type: 'button', class: 'tag-remove', 'aria-label': `${text} 조건 해제`, onclick: () => apply(name, null) }, '×'));
  }

  function update(): void {
    const { filters } = ctx.state();
    const csType = filters.get('cs_type') ?? 'c_at';
    for (const button of basisButtons) button.setAttribute('aria-pressed', String(button.dataset.csType === csType));
    // A date the field cannot show (2025-02-30 from a link) is named under it, not dropped silently.
    const badDates: string[] = [];
    for (const input of [fromInput, toInput]) {
      const value = filters.get(input.name) ?? '';
      const valid = value === '' || isPlausibleDate(value);
      input.value = valid ? value : '';
      input.setAttribute('aria-invalid', String(!valid));
      if (!valid) badDates.push(`${input.dataset.label} '${value}'`);
    }
    dateError.textContent = badDates.length > 0 ? `올바르지 않은 날짜: ${badDates.join(', ')} (YYYY-MM-DD, 실제 있는 날짜)` : '';
    const today = todayIn(ctx.timeZone);
    // Only the first preset that matches is lit: on the 1st, 오늘 and 이번 달 are the same range.
    let lit = false;
    for (const [i, preset] of DATE_PRESETS.entries()) {
      const range = preset.range(today);
      const matches = range
        ? range.from === filters.get('css_at') && range.to === filters.get('cse_at')
        : !filters.has('css_at') && !filters.has('cse_at');
      presetButtons[i]!.setAttribute('aria-pressed', String(matches && !lit));
      lit ||= matches;
    }
    for (const group of groups) {
      const selected = new Set(listValues(filters, group.name));
      for (const chip of group.chips) chip.setAttribute('aria-pressed', String(selected.has(chip.dataset.value!)));
    }
    for (const { name, input } of textInputs) {
      input.value = name === 'keyword' ? (SEARCH_BOX_PARAMS.map((param) => filters.get(param)).find(Boolean) ?? '') : (filters.get(name) ?? '');
    }
    billingSelect.value = filters.get('subscription_billing_type') ?? '';
    updateExtras(filters);
  }

  return { element: form, update };
}
