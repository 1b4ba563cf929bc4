/**
 * A fixed number of slots (read workers, pooled connections) shared fairly between projects.
 *
 * A plain FIFO in front of the slots lets one project's burst of heavy queries take every slot
 * while another project's one-millisecond query waits behind all of them. Instead each project
 * waits in a queue of its own, a free slot goes to the waiting project served least recently
 * (round-robin), and no project holds more than `perProjectCap` slots at once, so a slot stays
 * free for the others. Work for no project (key lookups, writes, the CLI) is not capped: it is
 * short, and a transaction holding a slot may need another.
 */
import { NO_PROJECT } from './read-tenant.js';

export interface SlotStats {
  size: number;
  busy: number;
  waiting: number;
}

export type ReleaseSlot = () => void;

interface Waiter {
  grant: (release: ReleaseSlot) => void;
  fail: (error: Error) => void;
  timer: NodeJS.Timeout | undefined;
}

/** Thrown to a waiter when no slot came free in time: the database is healthy but saturated. */
export class SlotWaitTimeout extends Error {
  readonly code = 'JUMUN_SLOT_WAIT_TIMEOUT';
  constructor(waitedMs: number) {
    super(`no database slot came free within ${waitedMs} ms`);
  }
}

export class SlotsClosed extends Error {
  readonly code = 'JUMUN_SLOTS_CLOSED';
  constructor() {
    super('the storage is closed');
  }
}


export class FairSlots {
  private busy = 0;
  private waiting = 0;
  private readonly held = new Map<string, number>();
  private readonly queues = new Map<string, Waiter[]>();
  /** When each project holding or awaiting a slot was last given one (a grant counter). */
  private readonly lastServed = new Map<string, number>();
  private grants = 0;
  private closed = false;

  constructor(
    readonly size: number,
    readonly perProjectCap: number,
    /** How long a caller may wait for a slot; unlimited when undefined. */
    private readonly maxWaitMs?: number,
  ) {
    if (!Number.isInteger(size) || size < 1) throw new Error(`slot count must be a positive integer, got ${size}`);
    if (!Number.isInteger(perProjectCap) || perProjectCap < 1) {
      throw new Error(`per-project slot cap must be a positive integer, got ${perProjectCap}`);
    }
  }

  stats(): SlotStats {
    return { size: this.size, busy: this.busy, waiting: this.waiting };
  }

  /** Resolves with a release function once `project` may use a slot. */
  acquire(project: string): Promise<ReleaseSlot> {
    if (this.closed) return Promise.reject(new SlotsClosed());
    if (this.waiting === 0 && this.mayTake(project)) return Promise.resolve(this.take(project));
    return new Promise<ReleaseSlot>((grant, fail) => {
      const waiter: Waiter = { grant, fail, timer: undefined };
      if (this.maxWaitMs !== undefined) {
        waiter.timer = setTimeout(() => this.abandon(project, waiter), this.maxWaitMs);
      }
      const queue = this.queues.get(project);
      if (queue) queue.push(waiter);
      else this.queues.set(project, [waiter]);
      this.waiting++;
      this.dispatch();
    });
  }

  /** Fails every waiter; slots already held are released as usual. */
  close(): void {
    this.closed = true;
    for (const queue of this.queues.values()) {
      for (const waiter of queue) {
        clearTimeout(waiter.timer);
        waiter.fail(new SlotsClosed());
      }
    }
    this.queues.clear();
    this.lastServed.clear();
    this.waiting = 0;
  }

  private mayTake(project: string): boolean {
    return this.busy < this.size && this.underCap(project);
  }

  private underCap(project: string): boolean {
    return project === NO_PROJECT || (this.held.get(project) ?? 0) < this.perProjectCap;
  }

  private take(project: string): ReleaseSlot {
    this.busy++;
    this.held.set(project, (this.held.get(project) ?? 0) + 1);
    this.lastServed.set(project, ++this.grants);
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.busy--;
      const left = this.held.get(project)! - 1;
      if (left > 0) this.held.set(project, left);
      else {
        this.held.delete(project);
        if (!this.queues.has(project)) this.lastServed.delete(project);
      }
      this.dispatch();
    };
  }

  private dispatch(): void {
    while (this.busy < this.size) {
      const next = this.nextEligible();
      if (!next) return;
      const [project, queue] = next;
      const waiter = queue.shift()!;
      this.waiting--;
      if (queue.length === 0) this.queues.delete(project);
      clearTimeout(waiter.timer);
      waiter.grant(this.take(project));
    }
  }

  /** The waiting project under its cap that was served least recently (never: first). */
  private nextEligible(): [string, Waiter[]] | undefined {
    let best: [string, Waiter[]] | undefined;
    let bestServed = Infinity;
    for (const entry of this.queues) {
      if (!this.underCap(entry[0])) continue;
      const served = this.lastServed.get(entry[0]) ?? 0;
      if (served < bestServed) {
        best = entry;
        bestServed = served;
      }
    }
    return best;
  }

  private abandon(project: string, waiter: Waiter): void {
    const queue = this.queues.get(project);
    const index = queue?.indexOf(waiter) ?? -1;
    if (index < 0) return;
    queue!.splice(index, 1);
    if (queue!.length === 0) {
      this.queues.delete(project);
      if (!this.held.has(project)) this.lastServed.delete(project);
    }
    this.waiting--;
    waiter.fail(new SlotWaitTimeout(this.maxWaitMs!));
  }
}
