import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { FairSlots, SlotWaitTimeout, type ReleaseSlot } from '../src/storage/fair-slots.js';
import { NO_PROJECT } from '../src/storage/read-tenant.js';

describe('fair slots', () => {
  it('serves waiting projects round-robin, each within its cap', async () => {
    const slots = new FairSlots(2, 1);
    const granted: string[] = [];
    const releases = new Map<string, ReleaseSlot[]>();
    const ask = (project: string) =>
      slots.acquire(project).then((release) => {
        granted.push(project);
        releases.set(project, [...(releases.get(project) ?? []), release]);
      });
    const all = ['a', 'a', 'a', 'b', 'b', 'c'].map(ask);
    await new Promise((resolve) => setImmediate(resolve));
    // Two slots: a takes one, its cap sends its others to the queue, b takes the second.
    assert.deepEqual(granted, ['a', 'b']);
    assert.deepEqual(slots.stats(), { size: 2, busy: 2, waiting: 4 });
    // Each release hands the slot to the waiting project under its cap served least recently.
    const releaseOne = async (project: string) => {
      releases.get(project)!.shift()!();
      await new Promise((resolve) => setImmediate(resolve));
    };
    await releaseOne('a');
    assert.deepEqual(granted, ['a', 'b', 'c'], 'c, never served, before a and b (b is at its cap anyway)');
    await releaseOne('b');
    assert.deepEqual(granted, ['a', 'b', 'c', 'a'], 'a was served before b');
    await releaseOne('a');
    assert.deepEqual(granted, ['a', 'b', 'c', 'a', 'b']);
    await releaseOne('c');
    await Promise.all(all);
    assert.deepEqual(granted, ['a', 'b', 'c', 'a', 'b', 'a']);
    assert.deepEqual(slots.stats(), { size: 2, busy: 2, waiting: 0 });
  });

  it('does not cap work for no project (a transaction may need a second connection)', async () => {
    const slots = new FairSlots(3, 1);
    await Promise.all([slots.acquire(NO_PROJECT), slots.acquire(NO_PROJECT), slots.acquire('a')]);
    assert.deepEqual(slots.stats(), { size: 3, busy: 3, waiting: 0 });
  });

  it('gives up waiting after the limit, and closing fails every waiter', async () => {
    const slots = new FairSlots(1, 1, 50);
    const held = await slots.acquire('a');
    await assert.rejects(slots.acquire('b'), SlotWaitTimeout);
    assert.deepEqual(slots.stats(), { size: 1, busy: 1, waiting: 0 });
    const waiting = slots.acquire('c');
    slots.close();
    await assert.rejects(waiting, /closed/);
    held();
    assert.deepEqual(slots.stats(), { size: 1, busy: 0, waiting: 0 });
  });
});
