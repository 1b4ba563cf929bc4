import type { LogEvent } from 'kysely';

/** One statement Kysely ran: its kind (the SQL's first word), how long it took, whether it failed. */
export interface QueryEvent {
  kind: 'select' | 'insert' | 'update' | 'delete' | 'other';
  seconds: number;
  failed: boolean;
}

export type QueryListener = (event: QueryEvent) => void;

const KINDS = new Set(['select', 'insert', 'update', 'delete']);

function kindOf(sqlText: string): QueryEvent['kind'] {
  const word = /^\s*\(?\s*(\w+)/.exec(sqlText)?.[1]?.toLowerCase() ?? '';
  if (word === 'with') return 'select';
  return KINDS.has(word) ? (word as QueryEvent['kind']) : 'other';
}

/** Kysely's `log` hook, fanned out to listeners (metrics); costs nothing while none listens. */
export function queryObserver() {
  const listeners = new Set<QueryListener>();
  return {
    log(event: LogEvent): void {
      if (listeners.size === 0) return;
      const observed = {
        kind: kindOf(event.query.sql),
        seconds: event.queryDurationMillis / 1000,
        failed: event.level === 'error',
      };
      for (const listener of listeners) listener(observed);
    },
    onQuery(listener: QueryListener): () => void {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}
