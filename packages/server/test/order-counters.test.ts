import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { counterQueryOf } from '../src/domain/order-counter-filter.js';
import { counterDeltas, type CountedOrder } from '../src/domain/order-counters.js';
import type { OrderFilter } from '../src/domain/order-query.js';
import { parseOrderFilter } from '../src/domain/order-query.js';

const at = (iso: string) => Date.parse(iso) / 1000;
const dayOf = (date: string) => Date.parse(`${date}T00:00:00Z`) / 86_400_000;

const order = (fields: Partial<CountedOrder> = {}): CountedOrder => ({
  project_id: 'p1',
  created_at: at('2025-07-10T15:30:00Z'), // 2025-07-11 00:30 in Seoul
  purchased_at: null,
  status: 0,
  receipt_status: 0,
  order_type: 'direct',
  subscription_billing_type: 0,
  price: 1_000,
  cancelled_price: 0,
  ...fields,
});

describe('counterDeltas', () => {
  it('puts an unpaid order in one created_at row, on its local day in the zone', () => {
    assert.deepEqual(counterDeltas([{ order: order(), sign: 1 }], 'Asia/Seoul'), [{
      project_id: 'p1', date_field: 'created_at', day: dayOf('2025-07-11'), status: 0, receipt_status: 0,
      order_type: 'direct', billing_type: 0, orders: 1, amount: 1_000, cancelled_amount: 0,
    }]);
    assert.equal(counterDeltas([{ order: order(), sign: 1 }], 'UTC')[0]!.day, dayOf('2025-07-10'));
  });

  it('puts a paid order in a purchased_at row too, on the day it was paid', () => {
    const paid = order({ status: 2, receipt_status: 1, purchased_at: at('2025-07-12T01:00:00Z') });
    const deltas = counterDeltas([{ order: paid, sign: 1 }], 'Asia/Seoul');
    assert.deepEqual(deltas.map((d) => [d.date_field, d.day]), [['created_at', dayOf('2025-07-11')], ['purchased_at', dayOf('2025-07-12')]]);
  });

  it('turns a payment into -1 on the old row, +1 on the new one and a new purchased_at row', () => {
    const before = order({ status: 1 });
    const after = order({ status: 2, receipt_status: 1, purchased_at: at('2025-07-11T03:00:00Z') });
    const deltas = counterDeltas([{ order: before, sign: -1 }, { order: after, sign: 1 }], 'Asia/Seoul');
    assert.deepEqual(deltas.map((d) => [d.date_field, d.status, d.orders, d.amount]), [
      ['created_at', 1, -1, -1_000],
      ['created_at', 2, 1, 1_000],
      ['purchased_at', 2, 1, 1_000],
    ]);
  });

  it('adds up a batch per key and drops the keys that net to zero', () => {
    const deltas = counterDeltas([
      { order: order({ price: 500 }), sign: 1 },
      { order: order({ price: 700 }), sign: 1 },
      { order: order({ order_type: 'link' }), sign: 1 },
      { order: order({ order_type: 'link' }), sign: -1 },
    ], 'Asia/Seoul');
    assert.deepEqual(deltas.map((d) => [d.order_type, d.orders, d.amount]), [['direct', 2, 1_200]]);
  });

  it('returns the keys sorted, whatever the order of the changes, so writers lock rows in one order', () => {
    const changes = [order({ project_id: 'p2' }), order({ status: 4, receipt_status: 20 }), order({ created_at: at('2024-01-01T00:00:00Z') })]
      .map((o) => ({ order: o, sign: 1 as const }));
    const forward = counterDeltas(changes, 'Asia/Seoul');
    assert.deepEqual(counterDeltas([...changes].reverse(), 'Asia/Seoul'), forward);
    assert.deepEqual(forward.map((d) => [d.project_id, d.day, d.status]), [
      ['p1', dayOf('2024-01-01'), 0], ['p1', dayOf('2025-07-11'), 4], ['p2', dayOf('2025-07-11'), 0],
    ]);
  });

  it('follows daylight saving time: the same UTC hour is another local day after the change', () => {
    // New York: 2025-03-09 03:30 UTC is 22:30 EST on the 8th; 2025-03-10 03:30 UTC is 23:30 EDT on the 9th.
    const days = [at('2025-03-09T03:30:00Z'), at('2025-03-10T03:30:00Z'), at('2025-03-10T04:30:00Z')]
      .map((t) => counterDeltas([{ order: order({ created_at: t }), sign: 1 }], 'America/New_York')[0]!.day);
    assert.deepEqual(days, [dayOf('2025-03-08'), dayOf('2025-03-09'), dayOf('2025-03-10')]);
  });
});

describe('counterQueryOf', () => {
  const filter = (query: Record<string, string>, zone = 'Asia/Seoul') =>
    parseOrderFilter(Object.fromEntries(Object.entries(query).map(([k, v]) => [k, [v]])), zone);

  it('answers whole-day ranges and the counted dimensions', () => {
    assert.deepEqual(counterQueryOf(filter({ css_at: '2025-07-01', cse_at: '2025-07-31', status: '2,3', payment_status: '1', order_type: 'link', subscription_billing_type: '0' }), 'Asia/Seoul'), {
      dateField: 'created_at', fromDay: dayOf('2025-07-01'), toDay: dayOf('2025-08-01'),
      statuses: [2, 3], paymentStatuses: [1], orderTypes: ['link'], billingType: 0,
    });
    assert.deepEqual(counterQueryOf(filter({ cs_type: 'p_at', cse_at: '2025-07-31' }), 'Asia/Seoul'), { dateField: 'purchased_at', toDay: dayOf('2025-08-01') });
  });

  it("answers a list's query, whatever page it asks for", () => {
    const listQuery = { ...filter({ css_at: '2025-07-01', status: '2' }), page: 1000, limit: 20, cursor: 'c' } as OrderFilter;
    assert.deepEqual(counterQueryOf(listQuery, 'Asia/Seoul'), { dateField: 'created_at', fromDay: dayOf('2025-07-01'), statuses: [2] });
  });

  it('reads a p_at filter without a range from the created_at rows: it matches every order, paid or not', () => {
    assert.deepEqual(counterQueryOf(filter({ cs_type: 'p_at', status: '0' }), 'Asia/Seoul'), { dateField: 'created_at', statuses: [0] });
  });

  it('leaves every other filter to the indexes', () => {
    const others: Array<Record<string, string>> = [{ user_id: 'u' }, { user_group_id: 'g' }, { order_subscription_ids: 's' }, { keyword: '커피' },
      { created_before: '2025-07-01T00:00:00Z' }, { payment_failed: 'false' }];
    for (const query of others) {
      assert.equal(counterQueryOf(filter({ status: '1', ...query }), 'Asia/Seoul'), null, JSON.stringify(query));
    }
    const later = { dateField: 'created_at', someFutureFilter: 'x' } as unknown as OrderFilter;
    assert.equal(counterQueryOf(later, 'Asia/Seoul'), null, 'a filter field added later is not counted by accident');
  });

  it('answers only ranges whose ends are whole days in the zone the counters were built in', () => {
    const newYorkDays = filter({ css_at: '2025-07-01', cse_at: '2025-07-31' }, 'America/New_York');
    assert.equal(counterQueryOf(newYorkDays, 'Asia/Seoul'), null);
    assert.deepEqual(counterQueryOf(newYorkDays, 'America/New_York'), { dateField: 'created_at', fromDay: dayOf('2025-07-01'), toDay: dayOf('2025-08-01') });
    // Tokyo's days start at the same instants as Seoul's: the Seoul counters answer them exactly.
    assert.notEqual(counterQueryOf(filter({ css_at: '2025-07-01' }, 'Asia/Tokyo'), 'Asia/Seoul'), null);
    assert.equal(counterQueryOf({ dateField: 'created_at', from: at('2025-07-01T00:00:00Z') + 1 }, 'UTC'), null);
  });
});
