/**
 * Token buckets keyed by name (a key, an IP): each holds up to `burst` tokens and gains `perSecond`
 * a second; a request takes one. Kept in memory, so with several server processes each process
 * grants its own share (see README, "Limits").
 */
export interface BucketRule {
  perSecond: number;
  burst: number;
}

export interface TakeResult {
  allowed: boolean;
  /** Tokens left after this request (0 when refused). */
  remaining: number;
  /** Seconds until one token is back (when refused) or the bucket is full again (when allowed). */
  resetSeconds: number;
}

interface Bucket {
  tokens: number;
  at: number;
}

export class TokenBuckets {
  private readonly buckets = new Map<string, Bucket>();
  private current: BucketRule;

  constructor(
    rule: BucketRule,
    /** Milliseconds; injectable for tests. */
    private readonly now: () => number = Date.now,
    /** Buckets kept at most; the longest-unused are dropped first (a full bucket loses nothing). */
    private readonly maxBuckets = 100_000,
  ) {
    this.current = rule;
  }

  get rule(): BucketRule {
    return this.current;
  }

  /** Changes the rule from now on (a process's share of a limit); fuller buckets than the new burst are cut to it. */
  reshape(rule: BucketRule): void {
    this.current = rule;
    for (const bucket of this.buckets.values()) bucket.tokens = Math.min(bucket.tokens, rule.burst);
  }

  private refilled(name: string): Bucket {
    const now = this.now();
    const bucket = this.buckets.get(name);
    if (!bucket) return { tokens: this.rule.burst, at: now };
    this.buckets.delete(name); // re-inserted below: the Map's order is least recently used first
    const tokens = Math.min(this.rule.burst, bucket.tokens + ((now - bucket.at) / 1000) * this.rule.perSecond);
    return { tokens, at: now };
  }

  private store(name: string, bucket: Bucket): void {
    this.buckets.set(name, bucket);
    if (this.buckets.size > this.maxBuckets) this.buckets.delete(this.buckets.keys().next().value!);
  }

  /** Takes one token when there is one. */
  take(name: string): TakeResult {
    const bucket = this.refilled(name);
    const allowed = bucket.tokens >= 1;
    if (allowed) bucket.tokens -= 1;
    this.store(name, bucket);
    return {
      allowed,
      remaining: Math.floor(bucket.tokens),
      resetSeconds: Math.ceil(allowed ? (this.rule.burst - bucket.tokens) / this.rule.perSecond : (1 - bucket.tokens) / this.rule.perSecond),
    };
  }

  /** True when a request now would be refused, without taking anything. */
  isEmpty(name: string): boolean {
    const bucket = this.refilled(name);
    this.store(name, bucket);
    return bucket.tokens < 1;
  }

  /** Seconds until `name` has a token again. */
  secondsUntilToken(name: string): number {
    const bucket = this.refilled(name);
    this.store(name, bucket);
    return Math.max(1, Math.ceil((1 - bucket.tokens) / this.rule.perSecond));
  }
}
