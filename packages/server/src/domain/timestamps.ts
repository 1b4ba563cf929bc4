/** Renders Unix seconds the way the API does: `YYYY-MM-DDTHH:MM:SSZ`, or null. */
export function formatTimestamp(epochSeconds: number): string;
export function formatTimestamp(epochSeconds: number | null): string | null;
export function formatTimestamp(epochSeconds: number | null): string | null {
  if (epochSeconds === null) return null;
  return new Date(epochSeconds * 1000).toISOString().slice(0, 19) + 'Z';
}

/**
 * Parses an ISO-8601 instant with an explicit zone (Z or ±HH:MM) into Unix seconds. A space may
 * stand for the `T` (RFC 3339 allows it; the CSV export writes local times so).
 */
export function parseTimestamp(text: string): number | null {
  if (!/^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/.test(text)) return null;
  const ms = Date.parse(text.replace(' ', 'T'));
  return Number.isFinite(ms) ? Math.floor(ms / 1000) : null;
}

export function nowSeconds(): number {
  return Math.floor(Date.now() / 1000);
}
