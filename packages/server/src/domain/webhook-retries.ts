/**
 * When a failed delivery is tried again: exponential backoff from `baseMs`, doubling per attempt up
 * to `maxMs`, with jitter (a random point in the upper half of the delay, so endpoints that failed
 * together do not all come back at once). `random` is in [0, 1).
 */
export function retryDelayMs(attempts: number, baseMs: number, maxMs: number, random: number): number {
  const exponential = Math.min(maxMs, baseMs * 2 ** Math.min(Math.max(attempts - 1, 0), 40));
  return Math.round(exponential / 2 + (exponential / 2) * random);
}
