/**
 * At most `limit` holders per name at once (heavy work per project); a newcomer waits up to
 * `maxWaitMs` for a slot, in arrival order, and is refused after that.
 */
export class ConcurrencySlots {
  private readonly held = new Map<string, number>();
  private readonly waiting = new Map<string, Array<() => void>>();

  constructor(public limit: number, readonly maxWaitMs: number) {}

  /** Resolves with a release function, or with null when no slot came free in time. */
  async acquire(name: string): Promise<(() => void) | null> {
    if ((this.held.get(name) ?? 0) < this.limit) return this.grant(name);
    return new Promise((resolve) => {
      const queue = this.waiting.get(name) ?? [];
      this.waiting.set(name, queue);
      const wake = () => {
        clearTimeout(timer);
        resolve(this.grant(name));
      };
      const timer = setTimeout(() => {
        const index = queue.indexOf(wake);
        if (index >= 0) queue.splice(index, 1);
        if (queue.length === 0) this.waiting.delete(name);
        resolve(null);
      }, this.maxWaitMs);
      queue.push(wake);
    });
  }

  inUse(name: string): number {
    return this.held.get(name) ?? 0;
  }

  private grant(name: string): () => void {
    this.held.set(name, (this.held.get(name) ?? 0) + 1);
    let released = false;
    return () => {
      if (released) return;
      released = true;
      const left = (this.held.get(name) ?? 1) - 1;
      if (left === 0) this.held.delete(name);
      else this.held.set(name, left);
      const queue = this.waiting.get(name);
      const next = queue?.shift();
      if (queue && queue.length === 0) this.waiting.delete(name);
      next?.();
    };
  }
}
