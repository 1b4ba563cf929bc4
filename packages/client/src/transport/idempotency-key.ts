/**
 * A fresh `Idempotency-Key`: a random UUID from `globalThis.crypto` (Node 19+, Deno, Bun,
 * browsers in a secure context). Made once per call, so every retry of that call sends the same key.
 */
export function generateIdempotencyKey(): string {
  const webCrypto = (globalThis as { crypto?: { randomUUID?: () => string } }).crypto;
  if (typeof webCrypto?.randomUUID !== 'function') {
    throw new TypeError('jumun-client needs globalThis.crypto.randomUUID (Node 20 or later) to make idempotency keys; pass `idempotency_key` instead');
  }
  return webCrypto.randomUUID();
}
