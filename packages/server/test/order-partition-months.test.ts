import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  monthOfPartitionName, monthsAhead, monthsBetween, parsePartitionMonth, partitionMonth,
} from '../src/domain/order-partitions.js';
import { idPrefix, newOrderId, orderIdCreatedAt } from '../src/domain/order-ids.js';

const seconds = (iso: string) => Date.parse(iso) / 1000;

describe('month ranges of order ids', () => {
  it('bounds a month by the id prefixes of its first second and the next month’s, in the zone', () => {
    const july = parsePartitionMonth('2025-07', 'Asia/Seoul')!;
    assert.equal(july.fromSeconds, seconds('2025-06-30T15:00:00Z'));
    assert.equal(july.toSeconds, seconds('2025-07-31T15:00:00Z'));
    assert.equal(july.fromId, '6862a670');
    assert.equal(july.toId, '688b84f0');
    assert.equal(july.suffix, 'p2025_07');
    const december = partitionMonth({ year: 2024, month: 12, day: 1 }, 'UTC');
    assert.equal(december.toSeconds, seconds('2025-01-01T00:00:00Z'));
  });

  it('follows daylight saving time where the zone has it', () => {
    const march = parsePartitionMonth('2025-03', 'America/New_York')!;
    assert.equal(march.fromSeconds, seconds('2025-03-01T05:00:00Z'));
    assert.equal(march.toSeconds, seconds('2025-04-01T04:00:00Z'), 'April begins in EDT');
  });

  it('puts every order id in the month of its creation second, byte-wise', () => {
    const zone = 'Asia/Seoul';
    const months = monthsBetween(seconds('2024-01-01T00:00:00Z'), seconds('2026-12-31T00:00:00Z'), zone);
    for (let at = seconds('2024-01-05T00:00:00Z'); at < seconds('2026-12-01T00:00:00Z'); at += 86_400 * 3 + 3_601) {
      const id = newOrderId(at);
      const holding = months.filter((m) => m.fromId <= id && id < m.toId);
      assert.equal(holding.length, 1, id);
      assert.ok(holding[0]!.fromSeconds <= orderIdCreatedAt(id) && orderIdCreatedAt(id) < holding[0]!.toSeconds);
    }
    // A month's first second belongs to it, its last second too, and the next month's first does not.
    const july = parsePartitionMonth('2025-07', zone)!;
    assert.ok(newOrderId(july.fromSeconds) >= july.fromId);
    assert.ok(newOrderId(july.toSeconds - 1) < july.toId);
    assert.ok(newOrderId(july.toSeconds) >= july.toId);
  });

  it('lists months across a year end, and the months ahead of now', () => {
    assert.deepEqual(
      monthsBetween(seconds('2024-11-20T00:00:00Z'), seconds('2025-02-01T00:00:00Z'), 'UTC').map((m) => m.month),
      ['2024-11', '2024-12', '2025-01', '2025-02'],
    );
    assert.deepEqual(monthsAhead(seconds('2025-12-31T16:00:00Z'), 2, 'Asia/Seoul').map((m) => m.month), ['2026-01', '2026-02', '2026-03']);
  });

  it('writes prefixes as 8 lower-case hex digits and reads month names back', () => {
    assert.equal(idPrefix(0), '00000000');
    assert.equal(idPrefix(0x6862a670), '6862a670');
    assert.equal(parsePartitionMonth('2025-13', 'UTC'), null);
    assert.equal(parsePartitionMonth('2025-7', 'UTC'), null);
    assert.equal(monthOfPartitionName('order_status_history_p2025_07'), '2025-07');
    assert.equal(monthOfPartitionName('orders_default'), null);
  });
});
