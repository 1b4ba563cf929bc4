/** The daily series as an inline SVG bar chart: paid amount or order count per local day. */
import type { OrderSummary, SeriesDay } from '../api-types.js';
import { fill, h, svg } from '../dom.js';
import { formatCompactWon, formatCount, formatNumber, formatWon } from '../format.js';

type Metric = 'paid_amount' | 'count';

const METRICS: Record<Metric, { label: string; axis: (v: number) => string }> = {
  paid_amount: { label: '결제 금액', axis: formatCompactWon },
  count: { label: '주문 수', axis: formatNumber },
};

const HEIGHT = 220;
const FALLBACK_WIDTH = 960;
const PLOT = { left: 64, right: 12, top: 12, bottom: 28 };

/** The smallest of 1, 2, 2.5, 5 × 10ⁿ at or above `value`: round numbers for the axis. */
function niceCeiling(value: number): number {
  if (value <= 0) return 1;
  const magnitude = 10 ** Math.floor(Math.log10(value));
  return ([1, 2, 2.5, 5, 10].find((step) => step * magnitude >= value) ?? 10) * magnitude;
}

function describeDay(day: SeriesDay): string {
  return `${day.date} · 주문 ${formatCount(day.count)} · 결제 ${formatCount(day.paid_count)} · ${formatWon(day.paid_amount)}`;
}

/** Drawn at the container's pixel width, so text keeps its size at any width. */
function chart(days: SeriesDay[], metric: Metric, width: number): SVGSVGElement {
  const values = days.map((day) => day[metric]);
  const max = Math.max(...values);
  const top = niceCeiling(max);
  // No gridlines above an empty chart, and no half orders.
  const ticks = max === 0 ? [0] : [0, top / 2, top].filter((v) => metric !== 'count' || Number.isInteger(v));
  const plotWidth = width - PLOT.left - PLOT.right;
  const plotHeight = HEIGHT - PLOT.top - PLOT.bottom;
  const slot = plotWidth / days.length;
  const barWidth = Math.max(1, slot * 0.72);
  const y = (value: number) => PLOT.top + plotHeight - (value / top) * plotHeight;

  const grid = ticks.map((tick) => svg('g', { class: 'grid' },
    svg('line', { x1: PLOT.left, x2: width - PLOT.right, y1: y(tick), y2: y(tick) }),
    svg('text', { x: PLOT.left - 8, y: y(tick) + 4, 'text-anchor': 'end' }, METRICS[metric].axis(tick))));
  const labelEvery = Math.max(1, Math.ceil(days.length / Math.max(2, Math.floor(plotWidth / 90))));
  const last = days.length - 1;
  // Every labelEvery-th day, and the last one unless it would crowd the label before it.
  const showsLabel = (i: number) => i % labelEvery === 0 || (i === last && last % labelEvery >= labelEvery / 2);
  const bars = days.map((day, i) => {
    const x = PLOT.left + i * slot + (slot - barWidth) / 2;
    const value = day[metric];
    return svg('g', { class: 'bar' },
      svg('rect', { x, y: y(value), width: barWidth, height: Math.max(0, PLOT.top + plotHeight - y(value)), rx: Math.min(3, barWidth / 3) }),
      // A full-height transparent target, so narrow or empty days still show their numbers.
      svg('rect', { class: 'hit', x: PLOT.left + i * slot, y: PLOT.top, width: slot, height: plotHeight }, svg('title', {}, describeDay(day))),
      showsLabel(i)
        ? svg('text', { class: 'x-label', x: x + barWidth / 2, y: HEIGHT - 8, 'text-anchor': 'middle' }, day.date.slice(5))
        : null);
  });
  const total = values.reduce((sum, v) => sum + v, 0);
  return svg('svg', {
    viewBox: `0 0 ${width} ${HEIGHT}`, width, height: HEIGHT, role: 'img', class: 'daily-chart',
    'aria-label': `일별 ${METRICS[metric].label}: ${days[0]!.date}부터 ${days[days.length - 1]!.date}까지 합계 ${metric === 'count' ? formatCount(total) : formatWon(total)}`,
  }, ...grid, ...bars);
}

export interface DailyChart {
  element: HTMLElement;
  show(summary: OrderSummary): void;
  showFailure(): void;
}

export function createDailyChart(): DailyChart {
  let metric: Metric = 'paid_amount';
  let current: OrderSummary | null = null;
  const caption = h('p', { class: 'muted chart-caption' });
  const body = h('div', { class: 'chart-body' });
  const toggles = (Object.keys(METRICS) as Metric[]).map((value) =>
    h('button', {
      type: 'button', class: 'segment', 'data-metric': value,
      onclick: () => {
        metric = value;
        if (current) render(current);
      },
    }, METRICS[value].label));
  const element = h('section', { class: 'panel chart', 'aria-labelledby': 'chart-title' },
    h('div', { class: 'panel-head' },
      h('h2', { id: 'chart-title' }, '일별 추이'),
      h('div', { class: 'segmented small', role: 'group', 'aria-label': '차트 지표' }, ...toggles)),
    caption,
    body);

  function render(summary: OrderSummary): void {
    for (const toggle of toggles) toggle.setAttribute('aria-pressed', String(toggle.dataset.metric === metric));
    const { daily } = summary;
    const basis = daily.date_field === 'purchased_at' ? '결제일' : '생성일';
    if (daily.days.length === 0) {
      fill(caption, `${basis} 기준`);
      fill(body, h('p', { class: 'empty' }, '표시할 데이터가 없습니다.'));
      return;
    }
    fill(caption, `${daily.from} ~ ${daily.to} · ${basis} 기준 · 결제 금액은 결제완료 주문`,
      daily.truncated ? ` · 최근 ${daily.days.length}일만 표시` : '');
    fill(body, chart(daily.days, metric, Math.floor(body.clientWidth) || FALLBACK_WIDTH));
  }

  // Redraw when the width changes (window resized, sidebar of the page layout moved).
  let drawnWidth = 0;
  new ResizeObserver(() => {
    const width = Math.floor(body.clientWidth);
    if (current && width > 0 && width !== drawnWidth) {
      drawnWidth = width;
      render(current);
    }
  }).observe(body);

  return {
    element,
    show(summary) {
      current = summary;
      render(summary);
    },
    showFailure() {
      current = null;
      fill(caption, '');
      fill(body, h('p', { class: 'empty' }, '불러오지 못했습니다.'));
    },
  };
}
