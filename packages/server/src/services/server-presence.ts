import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import { announceProcess, liveProcesses, withdrawProcess } from '../storage/server-process-repository.js';
import type { Storage } from '../storage/storage.js';

export interface Presence {
  /** Server processes seen lately, this one included. */
  processes(): number;
  stop(): Promise<void>;
}

/**
 * Announces this server process in the database every `intervalMs` (JUMUN_PRESENCE_INTERVAL_MS,
 * default 5 s) and counts the processes whose announcements still hold; `onCount` hears each change,
 * so the rate limits can be shared among them. Each announcement holds for three of the
 * announcing process's intervals, so processes with other intervals count each other right; a
 * process that dies stops being counted then, one that stops cleanly withdraws at once.
 */
export function startPresence(storage: Storage, onCount: (processes: number) => void, intervalMs: number): Presence {
  const now = Date.now();
  const row = { process_id: randomUUID(), host: hostname(), pid: process.pid, started_at_ms: now, seen_at_ms: now, expires_at_ms: now };
  let processes = 1;
  let running: Promise<void> | null = null;
  const beat = async () => {
    const at = Date.now();
    try {
      await announceProcess(storage.db, { ...row, seen_at_ms: at, expires_at_ms: at + 3 * intervalMs });
      const seen = Math.max(1, await liveProcesses(storage.db, at, at - 3_600_000));
      if (seen !== processes) {
        processes = seen;
        onCount(seen);
      }
    } catch {
      // The database is unreachable: keep the last count; requests fail on their own meanwhile.
    }
  };
  const tick = () => {
    running ??= beat().finally(() => {
      running = null;
    });
  };
  const timer = setInterval(tick, intervalMs);
  timer.unref();
  tick();
  return {
    processes: () => processes,
    stop: async () => {
      clearInterval(timer);
      await running;
      await withdrawProcess(storage.db, row.process_id).catch(() => {});
    },
  };
}
